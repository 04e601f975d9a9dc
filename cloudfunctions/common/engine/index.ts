/** The engine's public face: validate a raw situation, then evaluate it. */
import type { Result, Verdict } from '../../../typings/contract';
import { checkSituation } from '../contract/situation';
import type { PolicyPack } from '../policy/pack';
import { evaluate } from './evaluate';

export { evaluate } from './evaluate';
export type { CheckedSituation } from './evaluate';

/** Never throws on bad input: returns `{ ok: false, error }` with a stable code. */
export function evaluateRequest(raw: unknown, pack: PolicyPack, asOf: string): Result<Verdict> {
  const checked = checkSituation(raw, pack.places, asOf);
  if (!checked.ok) return checked;
  return { ok: true, data: evaluate(checked.data, pack, asOf) };
}
