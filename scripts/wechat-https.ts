/**
 * WeChat's server API over HTTPS, for `npm run qrcode` at an operator's desk: the documented way
 * to make a 小程序码 outside a cloud function. A function invoked through the management API gets
 * no cloud-call token (WeChat gives one only to calls from the mini-program, DevTools or the
 * function's timer), so the script does not go through the qrcode function: it asks WeChat itself,
 * with the mini-program's AppID and AppSecret from the operator's shell.
 *   token  POST /cgi-bin/stable_token { grant_type: client_credential, appid, secret } (getStableAccessToken)
 *   code   POST /wxa/getwxacodeunlimit?access_token=… { scene, page, check_path, env_version } (wxacode.getUnlimited)
 * Either answers { errcode, errmsg } when it refuses; that errcode is what the operator needs.
 */
import type { WxOpenApi } from '../cloudfunctions/common/ports';

export const WECHAT_API = 'https://api.weixin.qq.com';

export interface WechatApp {
  appid: string;
  secret: string;
}

/** WeChat refused: its errcode and errmsg, as wx-server-sdk reports them (errCode, errMsg). */
export class WechatRefusal extends Error {
  constructor(
    readonly errCode: number | string,
    readonly errMsg: string,
    what: string,
  ) {
    super(`${what}: errcode ${errCode} ${errMsg}`);
    this.name = 'WechatRefusal';
  }
}

async function post(url: string, body: object): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function refusal(response: Response, what: string): Promise<WechatRefusal> {
  const text = await response.text();
  try {
    const { errcode, errmsg } = JSON.parse(text) as { errcode?: number; errmsg?: string };
    return new WechatRefusal(errcode ?? `http ${response.status}`, errmsg ?? text.slice(0, 200), what);
  } catch {
    return new WechatRefusal(`http ${response.status}`, text.slice(0, 200), what);
  }
}

export async function stableAccessToken(app: WechatApp, base = WECHAT_API): Promise<string> {
  const response = await post(`${base}/cgi-bin/stable_token`, {
    grant_type: 'client_credential',
    appid: app.appid,
    secret: app.secret,
  });
  const answer = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { access_token?: string };
  if (!response.ok || !answer.access_token) throw await refusal(response, 'getStableAccessToken');
  return answer.access_token;
}

/** The open APIs `npm run qrcode` needs, over HTTPS: only the 小程序码. */
export function wechatHttpsApi(app: WechatApp, base = WECHAT_API): WxOpenApi {
  return {
    async getUnlimitedCode({ scene, page }) {
      const token = await stableAccessToken(app, base);
      const response = await post(`${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
        scene,
        page,
        check_path: false,
        env_version: 'release',
        width: 430,
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (!response.ok || !contentType.startsWith('image/'))
        throw await refusal(response, 'wxacode.getUnlimited');
      return { kind: 'wxacode', contentType, buffer: Buffer.from(await response.arrayBuffer()) };
    },
    async sendSubscribeMessage() {
      throw new Error('npm run qrcode sends no subscribe message');
    },
  };
}
