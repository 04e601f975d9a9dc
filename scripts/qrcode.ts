/**
 * npm run qrcode -- --insured 鞍山 --care 北京 [--hospital XJ01] --out code.png
 *
 * Makes the code a hospital's 医保办 or a 社区 prints: scanning it opens the mini-program with the
 * cities (and hospital) already chosen. Cities by Chinese name or 6-digit code; at least one of
 * --insured, --care, --hospital.
 *   With CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY: through the deployed
 *   qrcode function, a real 小程序码 (wxacode.getUnlimited). The call is signed with the
 *   environment's keys, which the function accepts as its administrator.
 *   Without them: locally, through the same handler on the embedded database — a plain QR code of
 *   the link rule's URL (QR_LINK_PREFIX) carrying the same scene, for trying the layout out.
 * Prints { out, kind, scene, page, bytes } on success; exit 2 on bad arguments, 1 on a failure.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { qrcodeFunction, type QrcodeResult } from '../cloudfunctions/common/handlers/qrcode';
import { findPlace } from '../cloudfunctions/common/places/lookup';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';
import { fromPack } from '../cloudfunctions/common/runtime/bundled';
import { createDeps } from '../cloudfunctions/common/runtime/deps';
import { runHandler } from '../cloudfunctions/common/runtime/entry';
import type { Result } from '../typings/contract';

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

async function viaCloud(event: object, credentials: { envId: string; secretId: string; secretKey: string }) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node');
  const app = new CloudBase(credentials);
  const reply = (await app.functions.invokeFunction('qrcode', event)) as { RetMsg?: string };
  return JSON.parse(reply.RetMsg ?? 'null') as Result<QrcodeResult>;
}

async function main() {
  const { values } = parseArgs({
    options: {
      insured: { type: 'string' },
      care: { type: 'string' },
      hospital: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.out)
    fail(2, 'usage: npm run qrcode -- --insured 鞍山 --care 北京 [--hospital XJ01] --out code.png');
  const { pack } = loadPolicyFiles();
  const event: Record<string, string> = { action: 'create' };
  for (const [flag, field] of [
    ['insured', 'insuredCity'],
    ['care', 'careCity'],
  ] as const) {
    const query = values[flag];
    if (query === undefined) continue;
    const place = findPlace(pack.places, query);
    if (!place) fail(2, `--${flag} ${query}: not a prefecture-level city (try npm run cities -- ${query})`);
    event[field] = place.code;
  }
  if (values.hospital) event.hospital = values.hospital;

  const {
    CLOUDBASE_ENV: envId,
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
  } = process.env;
  const cloud = Boolean(envId && secretId && secretKey);
  const result = cloud
    ? await viaCloud(event, { envId: envId!, secretId: secretId!, secretKey: secretKey! })
    : await runHandler(
        qrcodeFunction,
        createDeps(fromPack({ ...pack, origin: 'snapshot' }), {
          ...process.env,
          DATA_DIR: `:memory:qrcode-${process.pid}`,
          QR_OPERATORS: 'local-operator',
        }),
        event,
        { openid: 'local-operator' },
      );
  if (!result?.ok) fail(1, `qrcode failed: ${JSON.stringify(result?.error ?? result)}`);
  const image = Buffer.from(result.data.imageBase64, 'base64');
  writeFileSync(values.out, image);
  const { kind, scene, page } = result.data;
  console.log(
    JSON.stringify({ out: values.out, kind, scene, page, bytes: image.length, via: cloud ? envId : 'local' }),
  );
  if (kind === 'link_qr')
    console.error(
      'made locally: a plain QR of the link rule URL with the same scene. Set CLOUDBASE_ENV and keys for a real 小程序码.',
    );
}

main().catch((error) => fail(1, `qrcode failed: ${(error as Error).message}`));
