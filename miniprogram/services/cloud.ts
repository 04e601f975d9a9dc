/**
 * The typed service layer over wx.cloud.callFunction: a timeout, retries on UNAVAILABLE or a dropped
 * network (with a short back-off), no retry on input errors, and errors carrying a message fit to show.
 * A retried call may repeat one that went through unseen: for a call that makes its object go away,
 * a NOT_FOUND on the retry means it is done (CallOptions.doneWhenGone).
 */
import type { ErrorCode, Result } from '../../typings/contract';
import { CALL_RETRIES, CALL_TIMEOUT_MS } from '../config/env';

export type FunctionName = 'evaluate' | 'cities' | 'checklist' | 'qrcode';
export type CallErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT';

const MESSAGES: Partial<Record<CallErrorCode, string>> = {
  NETWORK: '网络不太好，请检查网络后点“重试”',
  TIMEOUT: '等了太久还没有结果，请点“重试”',
  UNAVAILABLE: '服务暂时不可用，请稍后点“重试”',
};

export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
  /** Worth trying again with the same input. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'TIMEOUT' || this.code === 'UNAVAILABLE';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CallError('TIMEOUT', MESSAGES.TIMEOUT!)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

export interface CallOptions<T = unknown> {
  timeoutMs?: number;
  retries?: number;
  /** Back-off before retry n is backoffMs × n. */
  backoffMs?: number;
  /**
   * For a call that removes what it names (delete, leave, removeMember) or replaces it
   * (rotateToken): when a retry — after an attempt that timed out, lost the network or answered
   * UNAVAILABLE, and so may have gone through — answers NOT_FOUND, the earlier attempt did the
   * work. The call then answers this instead of showing the person an error about their own success.
   */
  doneWhenGone?: () => T | Promise<T>;
}

async function once<T>(name: FunctionName, data: object, timeoutMs: number): Promise<T> {
  let raw: unknown;
  try {
    raw = await withTimeout(wx.cloud.callFunction({ name, data }) as Promise<{ result: unknown }>, timeoutMs);
  } catch (error) {
    if (error instanceof CallError) throw error;
    throw new CallError('NETWORK', MESSAGES.NETWORK!);
  }
  const result = (raw as { result?: Result<T> } | undefined)?.result;
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean')
    throw new CallError('UNAVAILABLE', MESSAGES.UNAVAILABLE!);
  if (result.ok) return result.data;
  const { code, message, field } = result.error;
  throw new CallError(code, message || MESSAGES[code] || MESSAGES.UNAVAILABLE!, field);
}

export async function callFunction<T>(
  name: FunctionName,
  data: object,
  options: CallOptions<T> = {},
): Promise<T> {
  const retries = options.retries ?? CALL_RETRIES;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(name, data, options.timeoutMs ?? CALL_TIMEOUT_MS);
    } catch (error) {
      const callError =
        error instanceof CallError ? error : new CallError('UNAVAILABLE', MESSAGES.UNAVAILABLE!);
      if (attempt > 0 && callError.code === 'NOT_FOUND' && options.doneWhenGone)
        return options.doneWhenGone();
      if (!callError.retryable || attempt >= retries) throw callError;
      await sleep((options.backoffMs ?? 600) * (attempt + 1));
    }
  }
}
