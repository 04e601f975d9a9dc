/**
 * The environment CloudBase gives a function (SCF), with fake keys, and the SDK's traffic sent to a
 * loopback address: `listener` for one that answers, or a closed port (nothing leaves the machine).
 */
export const CLOUD_ENV_ID = 'test-env-1a2b';

export function cloudEnv(url = 'http://127.0.0.1:9/admin'): Record<string, string> {
  return {
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: CLOUD_ENV_ID,
    TCB_ENV: CLOUD_ENV_ID,
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TENCENTCLOUD_SECRETID: 'AKIDfakefakefakefake',
    TENCENTCLOUD_SECRETKEY: 'fakefakefakefake',
    TENCENTCLOUD_SESSIONTOKEN: 'fake-session-token',
    // node-sdk reads its endpoint from here when no serviceUrl is given (src/utils/tcbcontext.ts)
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
  };
}

/** What the invocation context of a mini-program call carries: the caller in `environment`. */
export function wxContext(openid: string) {
  return {
    request_id: 'req-1',
    function_name: 'fn',
    namespace: CLOUD_ENV_ID,
    environment: JSON.stringify({
      WX_OPENID: openid,
      WX_APPID: 'wx0000000000000000',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    }),
  };
}
