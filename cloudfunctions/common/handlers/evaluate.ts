import { z } from 'zod';
import type { Verdict } from '../../../typings/contract';
import { chinaDate } from '../contract/dates';
import { checkSituation } from '../contract/situation';
import { evaluate } from '../engine';
import type { CheckedSituation } from '../engine/context';
import type { Deps } from '../runtime/deps';
import { AppError } from '../runtime/errors';
import type { FunctionSpec } from '../runtime/entry';
import { keysFor } from '../policy/store-docs';

export const evaluateSchema = z.strictObject({ situation: z.unknown() });

/** Validates a raw situation against the bundled city list; throws INVALID_INPUT / UNKNOWN_CITY. */
export function checkedSituation(deps: Deps, raw: unknown, today: string): CheckedSituation {
  if (raw === undefined) throw new AppError('INVALID_INPUT', '请填写就医情况', 'situation');
  const checked = checkSituation(raw, deps.places, today);
  if (!checked.ok) throw new AppError(checked.error.code, checked.error.message, checked.error.field);
  return checked.data;
}

/** Loads the two cities' policies (cached, or the bundled snapshot) and runs the engine. */
export async function verdictFor(deps: Deps, situation: CheckedSituation, today: string): Promise<Verdict> {
  const pack = await deps.policies.packFor(keysFor(situation.insuredCity, situation.careCity));
  return evaluate(situation, pack, today);
}

export const evaluateFunction: FunctionSpec<z.infer<typeof evaluateSchema>, Verdict> = {
  name: 'evaluate',
  schema: evaluateSchema,
  async handler(deps, input) {
    const today = chinaDate(deps.now());
    return verdictFor(deps, checkedSituation(deps, input.situation, today), today);
  },
};
