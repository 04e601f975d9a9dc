/**
 * The one entry shape of every function: main(event, context) → validate → handler(deps, input,
 * caller) → { ok: true, data } or { ok: false, error: { code, message } }. Never throws.
 * Identity comes from the invocation context, never from the event body, and fails closed: a call
 * that carries no end user is nobody — not an administrator — and only the platform's own timer
 * signal makes a call the timer.
 */
import type { z } from 'zod';
import type { Result } from '../../../typings/contract';
import type { Bundled } from './bundled';
import { createDeps, isCloud, type Deps } from './deps';
import { AppError } from './errors';
import { spendWrite } from './rate-limit';
import { parseInput } from './validation';

export interface Caller {
  /**
   * The caller's OPENID, or null when the call carries none: the timer, the console's test call,
   * the management API, HTTP access or another function — none of which may act for a user, and
   * none of which is trusted for anything else (operators are named OPENIDs: QR_OPERATORS).
   */
  openid: string | null;
  /**
   * True only for the platform's timer trigger: in CloudBase a call with no end user that carries
   * the platform's timer flag (platformTimer) and a timer event; locally, the server's explicit
   * timer signal (scripts/server.ts), never merely a request without x-openid.
   */
  timer?: boolean;
}

export type Handler<I, O> = (deps: Deps, input: I, caller: Caller) => Promise<O>;

export interface FunctionSpec<I, O> {
  name: string;
  schema: z.ZodType<I>;
  handler: Handler<I, O>;
  /**
   * Calls that spend the caller's write budget (runtime/rate-limit.ts): return a budget name for a
   * call that counts, null for one that does not. Checked after validation, before the handler.
   */
  rateLimit?: (input: I) => string | null;
  /** Only the timer trigger may run this function; anyone else gets FORBIDDEN. */
  timerOnly?: boolean;
}

/** Events larger than this are refused before parsing (nothing legitimate comes close). */
const MAX_EVENT_BYTES = 64 * 1024;

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** The event a timer trigger sends: { Type: 'Timer', TriggerName, Time, Message }. */
export function isTimerEvent(event: unknown): boolean {
  const e = event as { Type?: unknown; TriggerName?: unknown } | null;
  return typeof e?.Type === 'string' && /^timer$/i.test(e.Type) && typeof e.TriggerName === 'string';
}

/**
 * The platform's own mark of a timer invocation, which nothing in the event body can set:
 * - TRIGGER_SRC=timer: what @cloudbase/node-sdk 3.17.2 itself relies on to pick the timer's
 *   cloud-call token (src/utils/wxCloudToken.ts: "由定时触发器触发时（TRIGGER_SRC=timer）"; read by
 *   src/utils/tcbcontext.ts getCloudbaseContext from process.env, the invocation context winning);
 * - SOURCE wx_trigger: wx-server-sdk's getWXContext().SOURCE is TCB_SOURCE, and WeChat documents
 *   wx_trigger as "云函数定时触发器调用" (Cloud.getWXContext, SOURCE 的枚举类型). A call chain is
 *   comma-separated (wx_trigger,scf when the timer's function calls another), so only the whole
 *   value counts.
 */
export function platformTimer(found: Record<string, unknown>): boolean {
  const source = text(found.TCB_SOURCE) ?? text(process.env.TCB_SOURCE);
  return found.TRIGGER_SRC === 'timer' || source === 'wx_trigger';
}

/**
 * Who is calling. CloudBase puts the caller in the invocation context, which the SDK merges over
 * process.env; the local server sets `localOpenid` from x-openid, and `localTimer` only for its
 * timer signal. Throws when the SDK cannot read the context (neither `environment` nor `environ`):
 * the entry turns that into an answer.
 */
export function callerOf(context: unknown, event?: unknown): Caller {
  if (isCloud()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    const found = tcb.getCloudbaseContext(context) as Record<string, unknown>;
    const openid = text(found.WX_OPENID);
    const someone =
      openid ?? text(found.WX_UNIONID) ?? text(found.TCB_UUID) ?? text(found.TCB_CUSTOM_USER_ID);
    return { openid, timer: someone === null && platformTimer(found) && isTimerEvent(event) };
  }
  const local = context as { localOpenid?: unknown; localTimer?: unknown } | null;
  const openid = text(local?.localOpenid);
  return { openid, timer: !openid && local?.localTimer === true };
}

/** wx.cloud.callFunction adds `userInfo` to the event; it is not input and is never trusted. */
function eventBody(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const { userInfo: _ignored, ...body } = event as Record<string, unknown>;
  return body;
}

function sizeOf(event: unknown): number {
  try {
    return JSON.stringify(event ?? null).length;
  } catch {
    return Infinity; // cyclic or otherwise unserialisable
  }
}

/** Runs a handler as a function result; also used by tests with their own deps. */
export async function runHandler<I, O>(
  spec: FunctionSpec<I, O>,
  deps: Deps,
  event: unknown,
  caller: Caller,
): Promise<Result<O>> {
  try {
    if (sizeOf(event) > MAX_EVENT_BYTES) throw new AppError('INVALID_INPUT', '请求内容太大');
    if (spec.timerOnly && !caller.timer) throw new AppError('FORBIDDEN', '这个功能只由系统定时运行');
    const input = parseInput(spec.schema, eventBody(event));
    const budget = caller.openid && spec.rateLimit?.(input);
    if (budget) await spendWrite(deps, `${spec.name}:${budget}:${caller.openid}`);
    return { ok: true, data: await spec.handler(deps, input, caller) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    console.error(`${spec.name}: unexpected error`, error);
    return { ok: false, error: new AppError('UNAVAILABLE').toApiError() };
  }
}

export function defineFunction<I, O>(spec: FunctionSpec<I, O>, loadBundled: () => Bundled) {
  let deps: Deps | undefined;
  return async function main(event: unknown, context: unknown): Promise<Result<O>> {
    let caller: Caller;
    try {
      deps ??= createDeps(loadBundled());
      caller = callerOf(context, event);
    } catch (error) {
      console.error(`${spec.name}: start-up failed`, error);
      return { ok: false, error: new AppError('UNAVAILABLE').toApiError() };
    }
    return runHandler(spec, deps, event, caller);
  };
}
