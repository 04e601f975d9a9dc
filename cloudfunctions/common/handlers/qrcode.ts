/**
 * Operator-only: a 小程序码 whose scene presets the cities (and, with them, a hospital id, kept in
 * the scene for when hospitals are in the data; the app reads only the cities today, so a code must
 * name at least one city). Operators (医保办, community offices) are an allow-list of OPENIDs in
 * configuration (QR_OPERATORS), calling from the mini-program; nobody else, and no call without an
 * OPENID. At a desk, `npm run qrcode` asks WeChat for a code directly (README, "Codes for a
 * hospital"), not through this function.
 */
import { z } from 'zod';
import { encodeScene } from '../../../miniprogram/shared/scene';
import { AppError } from '../runtime/errors';
import { describeWxError } from '../runtime/wx-errors';
import type { FunctionSpec } from '../runtime/entry';

const code = z.string().regex(/^\d{6}$/);
export const qrcodeSchema = z
  .strictObject({
    action: z.literal('create'),
    insuredCity: code.optional(),
    careCity: code.optional(),
    hospital: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,16}$/)
      .optional(),
  })
  .refine((q) => q.insuredCity || q.careCity, {
    message: '请至少预设一个城市（参保地或就医地）',
    path: ['careCity'],
  })
  // The app refuses such a code when scanned: in the city where one is insured there is nothing to file.
  .refine((q) => !q.insuredCity || q.insuredCity !== q.careCity, {
    message: '参保地和就医地不能是同一个城市：在参保的城市看病不算异地就医',
    path: ['careCity'],
  });

export interface QrcodeResult {
  scene: string;
  page: string;
  /** wxacode: a 小程序码; link_qr: locally, a plain QR of the link rule's URL with the same scene. */
  kind: 'wxacode' | 'link_qr';
  contentType: string;
  imageBase64: string;
}

export const qrcodeFunction: FunctionSpec<z.infer<typeof qrcodeSchema>, QrcodeResult> = {
  name: 'qrcode',
  schema: qrcodeSchema,
  async handler(deps, input, caller) {
    if (caller.openid === null || !deps.config.operators.includes(caller.openid))
      throw new AppError('FORBIDDEN', '只有登记过的医保办或社区工作人员可以生成小程序码');
    for (const field of ['insuredCity', 'careCity'] as const) {
      const value = input[field];
      if (value && !deps.places[value]) throw new AppError('UNKNOWN_CITY', undefined, field);
    }
    const scene = encodeScene(input);
    const page = deps.config.qrPage;
    const image = await deps.openapi.getUnlimitedCode({ scene, page }).catch((error: unknown) => {
      console.error(`qrcode: wxacode.getUnlimited failed: ${describeWxError(error)}`);
      throw new AppError('UNAVAILABLE', '暂时无法生成小程序码，请稍后再试');
    });
    return {
      scene,
      page,
      kind: image.kind,
      contentType: image.contentType,
      imageBase64: image.buffer.toString('base64'),
    };
  },
};
