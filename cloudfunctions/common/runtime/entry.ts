/**
 * The one entry shape of every function: main(event, context) → validate → handler(deps, input,
 * caller) → { ok: true, data } or { ok: false, error: { code, message } }. Never throws.
 * Identity comes from the invocation context, never from the event body.
 */
import type { z } from 'zod';
import type { Result } from '../../../typings/contract';
import type { PolicyPack } from '../policy/pack';
import { createDeps, isCloud, type Deps } from './deps';
import { AppError } from './errors';
import { parseInput } from './validation';

export interface Caller {
  /** The caller's OPENID, or null when the call carries none (a timer, a local call without x-openid). */
  openid: string | null;
}

export type Handler<I, O> = (deps: Deps, input: I, caller: Caller) => Promise<O>;

export interface FunctionSpec<I, O> {
  name: string;
  schema: z.ZodType<I>;
  handler: Handler<I, O>;
}

/** Events larger than this are refused before parsing (nothing legitimate comes close). */
const MAX_EVENT_BYTES = 64 * 1024;

/** The OPENID of the caller: CloudBase puts it in the invocation context; the local server sets `localOpenid`. */
export function callerOf(context: unknown): Caller {
  if (isCloud()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    const openid = tcb.getCloudbaseContext(context)?.WX_OPENID;
    return { openid: typeof openid === 'string' && openid ? openid : null };
  }
  const local = (context as { localOpenid?: unknown } | null)?.localOpenid;
  return { openid: typeof local === 'string' && local ? local : null };
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
    const input = parseInput(spec.schema, eventBody(event));
    return { ok: true, data: await spec.handler(deps, input, caller) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toApiError() };
    console.error(`${spec.name}: unexpected error`, error);
    return { ok: false, error: new AppError('UNAVAILABLE').toApiError() };
  }
}

export function defineFunction<I, O>(spec: FunctionSpec<I, O>, loadSnapshot: () => PolicyPack) {
  let deps: Deps | undefined;
  return async function main(event: unknown, context: unknown): Promise<Result<O>> {
    try {
      deps ??= createDeps(loadSnapshot());
    } catch (error) {
      console.error(`${spec.name}: start-up failed`, error);
      return { ok: false, error: new AppError('UNAVAILABLE').toApiError() };
    }
    return runHandler(spec, deps, event, callerOf(context));
  };
}
