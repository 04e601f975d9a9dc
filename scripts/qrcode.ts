/**
 * npm run qrcode -- --insured 鞍山 --care 北京 [--hospital XJ01] --out code.png
 *
 * Makes the code a hospital's 医保办 or a 社区 prints: scanning it opens the mini-program with the
 * cities (and hospital) already chosen. Cities by Chinese name or 6-digit code; at least one of
 * --insured, --care, --hospital. The qrcode function's own handler checks and encodes the preset;
 * only where the image comes from differs:
 *   With WX_APPID and WX_APPSECRET (the mini-program's, 小程序后台 → 开发管理 → 开发设置): a real
 *   小程序码 straight from WeChat's server API (scripts/wechat-https.ts). Not through the deployed
 *   function: invoked with the management API it has no cloud-call token, and it serves only the
 *   operators' own WeChat accounts (QR_OPERATORS).
 *   Without them: a plain QR code of the link rule's URL (QR_LINK_PREFIX) carrying the same scene,
 *   for trying a poster's layout out.
 * Prints { out, kind, scene, page, bytes, via } on success; exit 2 on bad arguments, 1 when WeChat
 * refuses (its errcode is printed) or anything else fails.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { qrcodeFunction } from '../cloudfunctions/common/handlers/qrcode';
import { findPlace } from '../cloudfunctions/common/places/lookup';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';
import { fromPack } from '../cloudfunctions/common/runtime/bundled';
import { createDeps } from '../cloudfunctions/common/runtime/deps';
import { runHandler } from '../cloudfunctions/common/runtime/entry';
import { WECHAT_API, wechatHttpsApi } from './wechat-https';

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

/** The operator this script acts as: the handler serves configured operators only. */
const DESK = 'desk-operator';

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

  const { WX_APPID: appid, WX_APPSECRET: secret } = process.env;
  const deps = createDeps(fromPack({ ...pack, origin: 'snapshot' }), {
    ...process.env,
    DATA_DIR: `:memory:qrcode-${process.pid}`,
    QR_OPERATORS: DESK,
  });
  const viaWechat = Boolean(appid && secret);
  // WECHAT_API points elsewhere only for a proxy or the tests' stand-in.
  if (viaWechat)
    deps.openapi = wechatHttpsApi({ appid: appid!, secret: secret! }, process.env.WECHAT_API ?? WECHAT_API);
  // The handler logs WeChat's errcode when it refuses (qrcode: wxacode.getUnlimited failed: errCode …).
  const result = await runHandler(qrcodeFunction, deps, event, { openid: DESK });
  if (!result.ok) fail(1, `qrcode failed: ${JSON.stringify(result.error)}`);
  const image = Buffer.from(result.data.imageBase64, 'base64');
  writeFileSync(values.out, image);
  const { kind, scene, page } = result.data;
  console.log(
    JSON.stringify({
      out: values.out,
      kind,
      scene,
      page,
      bytes: image.length,
      via: viaWechat ? 'wechat' : 'local',
    }),
  );
  if (kind === 'link_qr')
    console.error(
      'made locally: a plain QR of the link rule URL with the same scene. Set WX_APPID and WX_APPSECRET for a real 小程序码.',
    );
}

main().catch((error) => fail(1, `qrcode failed: ${(error as Error).message}`));
