/**
 * WeChat open-API failures as the functions meet them. wx-server-sdk (4.0.2, callGeneralOpenAPI in
 * its index.js) throws an error whose `errCode` is WeChat's own errcode (43101 …) or, for a failure
 * before WeChat answered, a CloudBase code (-501xxx from its TCB_ERR_CODE table, -604101 when the
 * function's config.json does not grant the API), with `errMsg`. A call we gave up waiting for is a
 * SendTimeout. These helpers name the code in a log line and sort a send's outcome.
 */

/** A call that did not answer in time (its late answer, if any, is ignored). */
export class SendTimeout extends Error {
  readonly errCode = 'timeout';
  constructor(ms: number) {
    super(`no answer in ${ms} ms`);
    this.name = 'SendTimeout';
  }
}

/** WeChat's errCode (or the SDK's code), as a string for logs and records; 'unknown' when none. */
export function wxErrCode(error: unknown): string {
  const { errCode, code } = (error ?? {}) as { errCode?: unknown; code?: unknown };
  const found = errCode ?? code;
  return found === undefined || found === null || found === '' ? 'unknown' : String(found);
}

/** One line for a log: the errCode and what WeChat or the SDK said. */
export function describeWxError(error: unknown): string {
  const { errMsg, message } = (error ?? {}) as { errMsg?: unknown; message?: unknown };
  const said = String(errMsg ?? message ?? error).slice(0, 200);
  return `errCode ${wxErrCode(error)}: ${said}`;
}

/**
 * subscribeMessage.send errcodes that are the person's own outcome — final, since sending again
 * cannot change them. Every other failure (a token, a permission, a template or page that does not
 * match, 40037 / 47003 / 41030, a ban, a timeout, the SDK's -50xxxx and -604101) is the platform's
 * or the operator's, and the reminder is tried again on a later run.
 */
export const FINAL_FOR_SUBSCRIBER: Record<string, string> = {
  // WeChat, subscribeMessage.send (developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/
  // mp-message-management/subscribe-message/sendMessage.html): 用户拒绝接受消息，如果用户之前曾经
  // 订阅过，则表示用户取消了订阅关系. WeChat's staff answer in the open community
  // (developers.weixin.qq.com/community/minihome/doc/000c2e23a588d01832b15c70f61c00): a one-time
  // subscription allows one message; 43101 "一般是订阅次数用完了或者是用户取消订阅了".
  '43101': 'refused or used up',
  // Tencent Cloud's list of the same API's errcodes (tencentcloud.com/document/product/1219/67648):
  // 40003 Invalid OpenID — not a user of this mini-program; no retry can reach them.
  '40003': 'not a user of this mini-program',
};

/** True when the send failed for a reason that is the subscriber's own (see FINAL_FOR_SUBSCRIBER). */
export const finalForSubscriber = (error: unknown): boolean => wxErrCode(error) in FINAL_FOR_SUBSCRIBER;

/** Resolves as `work` does, or rejects with SendTimeout after `ms`. */
export function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(ms)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
