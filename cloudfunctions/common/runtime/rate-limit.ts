/**
 * A per-caller write budget, applied by the function runtime to every call a FunctionSpec marks as
 * counting (see FunctionSpec.rateLimit): `writesPerMinute` per OPENID per function, in fixed
 * one-minute windows (rate-limiter-flexible's in-memory limiter).
 *
 * The budget lives in the memory of one function instance. Locally that is the whole server. On
 * CloudBase, calls from one user may be spread over several warm instances and a cold start begins
 * with a fresh budget, so a caller gets up to `writesPerMinute` per instance serving them: a brake on
 * a runaway client or a script, not an exact quota. An exact, shared quota would need a counter in
 * the database (a conditional update per write: one more round trip on every tick).
 */
import type {
  RateLimiterMemory as MemoryLimiter,
  RateLimiterRes as LimiterResult,
} from 'rate-limiter-flexible';
import type { Deps } from './deps';
import { AppError } from './errors';

// The in-memory limiter alone: the package's index loads every store adapter (+160 KB per bundle).
/* eslint-disable @typescript-eslint/no-require-imports */
const RateLimiterMemory: typeof MemoryLimiter = require('rate-limiter-flexible/lib/RateLimiterMemory');
const RateLimiterRes: typeof LimiterResult = require('rate-limiter-flexible/lib/RateLimiterRes');
/* eslint-enable @typescript-eslint/no-require-imports */

const limiters = new WeakMap<Deps, MemoryLimiter>();

function limiterFor(deps: Deps): MemoryLimiter | null {
  const points = deps.config.writesPerMinute;
  if (!points) return null;
  let limiter = limiters.get(deps);
  if (!limiter) limiters.set(deps, (limiter = new RateLimiterMemory({ points, duration: 60 })));
  return limiter;
}

/** Spends one write of the caller's budget; throws TOO_MANY_REQUESTS with the wait when it is used up. */
export async function spendWrite(deps: Deps, key: string): Promise<void> {
  const limiter = limiterFor(deps);
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `您操作得太频繁了，请${seconds}秒后再试`);
  }
}
