import { fromPack } from '../../cloudfunctions/common/runtime/bundled';
import { createDeps, type Deps } from '../../cloudfunctions/common/runtime/deps';
import { runHandler, type FunctionSpec } from '../../cloudfunctions/common/runtime/entry';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import type { Result } from '../../typings/contract';
import { realPack } from './policy';
import { memoryDir } from './stores';

export const NOW = new Date('2026-11-22T02:00:00.000Z'); // 10:00 in China

/** Real deps on a fresh in-memory NeDB, seeded with the policy data unless `seed` is false. */
export async function testDeps(options: { seed?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Deps> {
  const pack = realPack();
  const deps = createDeps(fromPack({ ...pack, origin: 'snapshot' }), {
    DATA_DIR: memoryDir(),
    QR_OPERATORS: 'operator-1',
    REMINDER_TEMPLATE_ID: 'tmpl-expiry',
    ...options.env,
  });
  deps.now = () => NOW;
  if (options.seed !== false) await deps.policyStore.push(pack.version, packToDocs(pack), NOW.toISOString());
  return deps;
}

/** Calls a function as a client would, with `openid` as the caller (or none). */
export function caller(deps: Deps) {
  return <I, O>(spec: FunctionSpec<I, O>, event: unknown, openid: string | null = null): Promise<Result<O>> =>
    runHandler(spec, deps, event, { openid });
}

/** Calls a function as its timer trigger does (no OPENID, the timer signal set). */
export function timer(deps: Deps) {
  return <I, O>(spec: FunctionSpec<I, O>, event: unknown): Promise<Result<O>> =>
    runHandler(spec, deps, event, { openid: null, timer: true });
}

export function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}
