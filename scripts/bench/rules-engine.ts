/**
 * The engine's eligibility and adjustment rules written for json-rules-engine, generated from the
 * same policy pack: filing (category, emergency deemed filed, exemptions) and the adjustment lookup
 * (most specific city rule, then province, then the national caps). Used only to compare speed;
 * each answer is checked against the engine's.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { CheckedSituation } from '../../cloudfunctions/common/engine/context';
import { scopeOf } from '../../cloudfunctions/common/engine/context';
import { valueAt, layerChain } from '../../cloudfunctions/common/policy/resolve';
import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';
import type { Condition, DatedValue } from '../../cloudfunctions/common/policy/schema';

export interface RulesAnswer {
  category: string | null;
  deemedFiled: boolean;
  exempt: boolean;
  adjustment: { method: string; value?: number; max?: number } | null;
}

const FACT_OF: Record<string, string> = {
  scopes: 'scope',
  reasons: 'reason',
  careTypes: 'careType',
  schemes: 'scheme',
  hospitalLevels: 'hospitalLevel',
};

function conditions(when: Condition | undefined): TopLevelCondition {
  const all: { fact: string; operator: string; value: unknown }[] = [];
  for (const [key, value] of Object.entries(when ?? {}) as [string, unknown][]) {
    if (Array.isArray(value)) all.push({ fact: FACT_OF[key], operator: 'in', value });
    else all.push({ fact: key, operator: 'equal', value });
  }
  return { all } as TopLevelCondition;
}

/** One json-rules-engine per 参保地 and date, built once and reused. */
function engineFor(pack: PolicyPack, city: string, date: string): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const chain = layerChain(pack, city);
  const rules: RuleProperties[] = [];
  chain.forEach((layer, depth) => {
    const rank = (chain.length - depth) * 100; // a city's rule beats the province's beats the nation's
    const at = <T>(key: keyof typeof layer.params) =>
      valueAt(layer.params[key] as DatedValue<T>[] | undefined, date)?.value ?? null;
    const categories = at<{ long_term: string[]; temporary: string[] }>('filing.categories');
    if (categories) {
      for (const [category, reasons] of Object.entries(categories))
        rules.push({
          name: `category-${category}`,
          priority: rank,
          conditions: { all: [{ fact: 'reason', operator: 'in', value: reasons }] },
          event: { type: 'category', params: { category, rank } },
        });
    }
    if (at<boolean>('filing.emergencyDeemedFiled'))
      rules.push({
        priority: rank,
        conditions: { all: [{ fact: 'reason', operator: 'equal', value: 'emergency' }] },
        event: { type: 'deemed', params: { rank } },
      });
    for (const rule of at<{ when: Condition }[]>('filing.exemptions') ?? [])
      rules.push({
        priority: rank,
        conditions: conditions(rule.when),
        event: { type: 'exempt', params: { rank } },
      });
    for (const rule of at<{ when: Condition; method: string; value?: number }[]>(
      'reimbursement.adjustments',
    ) ?? [])
      rules.push({
        priority: rank + Object.keys(rule.when).length,
        conditions: conditions({ ...rule.when }),
        event: {
          type: 'adjustment',
          params: { method: rule.method, value: rule.value, rank, filedOnly: rule.when.filed === undefined },
        },
      });
    for (const cap of at<{ when: Condition; maxCut: number }[]>('reimbursement.nationalCaps') ?? [])
      rules.push({
        priority: 1,
        conditions: conditions({ ...cap.when, filed: true }),
        event: { type: 'cap', params: { max: cap.maxCut } },
      });
  });
  for (const rule of rules) engine.addRule(rule);
  return engine;
}

export class RulesEngineEvaluator {
  private readonly engines = new Map<string, Engine>();
  constructor(private readonly pack: PolicyPack) {}

  async evaluate(s: CheckedSituation): Promise<RulesAnswer> {
    const key = `${s.insuredCity}|${s.treatmentDate}`;
    let engine = this.engines.get(key);
    if (!engine) this.engines.set(key, (engine = engineFor(this.pack, s.insuredCity, s.treatmentDate)));
    const scope = scopeOf(s.insuredCity, s.careCity);
    const facts = { ...s, scope, filed: s.stage !== 'discharged_self_paid', exempt: false };
    const { events } = await engine.run(facts);
    const byType = (type: string) => events.filter((e) => e.type === type);
    const deemedFiled = byType('deemed').length > 0;
    const exempt = !deemedFiled && byType('exempt').length > 0;
    const category = (byType('category')[0]?.params?.category as string | undefined) ?? null;
    if (scope === 'same_city')
      return { category: null, deemedFiled: false, exempt: false, adjustment: { method: 'same' } };
    const filed = s.stage !== 'discharged_self_paid' || deemedFiled || exempt;
    const adjustments = byType('adjustment').filter((e) => filed || !e.params?.filedOnly);
    const best = adjustments[0]; // events come in priority order
    const cap = byType('cap')[0];
    const adjustment = best
      ? {
          method: best.params!.method as string,
          ...(best.params!.value !== undefined ? { value: best.params!.value as number } : {}),
        }
      : filed && cap
        ? { method: 'points', max: cap.params!.max as number }
        : null;
    return { category, deemedFiled, exempt, adjustment };
  }
}
