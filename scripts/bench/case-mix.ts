/** The engine test cases' valid situations: the mix the throughput benchmark runs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkSituation } from '../../cloudfunctions/common/contract/situation';
import type { CheckedSituation } from '../../cloudfunctions/common/engine/context';
import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';

const CASES = join(__dirname, '../../test/engine/cases');

export function caseMix(pack: PolicyPack): { situation: CheckedSituation; asOf: string }[] {
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) => {
      const doc = parse(readFileSync(join(CASES, file), 'utf8')) as {
        asOf: string;
        defaults?: object;
        cases: { input: object; asOf?: string }[];
      };
      return doc.cases.flatMap((c) => {
        const asOf = c.asOf ?? doc.asOf;
        const checked = checkSituation({ ...doc.defaults, ...c.input }, pack.places, asOf);
        return checked.ok ? [{ situation: checked.data, asOf }] : [];
      });
    });
}

/** The trip the load figures send (latency, soak): a retiree from 深圳 in hospital in 长沙. */
export const LOAD_SITUATION = {
  insuredCity: '深圳',
  careCity: '长沙',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};
