/**
 * Reading parameters through the layers: city → province → national, the most specific defined
 * value wins. Pure functions over a validated pack.
 */
import type { PolicyPack } from './pack';
import type {
  Condition,
  DatedValue,
  ParameterKey,
  ParameterValue,
  PolicyLayer,
  Supersedable,
} from './schema';
import { confirmedValue, isItemList, type Marked } from './watch';
import type {
  CareType,
  ChronicDisease,
  HospitalLevel,
  Reason,
  Scheme,
  Scope,
} from '../../../typings/contract';

const chains = new WeakMap<PolicyPack, Map<string, PolicyLayer[]>>();

/**
 * The layers that govern a 参保地, most specific first (the same array for the same pack, city and
 * scope). With a scope, each layer keeps only the values that govern trips of that scope: a layer's
 * (or a value's own) `scopes`, e.g. the national 跨省 rules, never answer for a trip inside a province.
 */
export function layerChain(pack: PolicyPack, cityCode: string, scope?: Scope): PolicyLayer[] {
  let byCity = chains.get(pack);
  if (!byCity) chains.set(pack, (byCity = new Map()));
  const key = scope ? `${cityCode}|${scope}` : cityCode;
  let chain = byCity.get(key);
  if (!chain) byCity.set(key, (chain = buildChain(pack, cityCode, scope)));
  return chain;
}

/** The province of a city code: its first two digits, then 0000. */
export const provinceCodeOf = (code: string) => `${code.slice(0, 2)}0000`;

/** Does a value (with its own or its layer's `scopes`) govern trips of this scope? */
export function governs(
  value: Pick<DatedValue<unknown>, 'scopes'>,
  layer: PolicyLayer,
  scope: Scope,
): boolean {
  const scopes = value.scopes ?? layer.scopes;
  return !scopes || scopes.includes(scope);
}

/** The layer as a trip of `scope` sees it: only the values that govern such trips. */
function layerFor(layer: PolicyLayer, scope: Scope | undefined): PolicyLayer {
  if (!scope) return layer;
  let narrowed = false;
  const params: Record<string, DatedValue<unknown>[]> = {};
  for (const [key, values] of Object.entries(layer.params) as [string, DatedValue<unknown>[]][]) {
    const kept = values.filter((v) => governs(v, layer, scope));
    if (kept.length !== values.length) narrowed = true;
    if (kept.length) params[key] = kept;
  }
  return narrowed ? { ...layer, params } : layer;
}

function buildChain(pack: PolicyPack, cityCode: string, scope: Scope | undefined): PolicyLayer[] {
  const provinceCode = provinceCodeOf(cityCode);
  const chain: PolicyLayer[] = [];
  const city = pack.cities[cityCode];
  if (city) chain.push(layerFor(city, scope));
  const province = pack.provinces[provinceCode];
  if (province && province !== city) chain.push(layerFor(province, scope));
  chain.push(layerFor(pack.national, scope));
  return chain;
}

/** The value in force on `date`: the latest `from` on or before it (ISO dates compare as strings). */
export function valueAt<T>(values: DatedValue<T>[] | undefined, date: string): DatedValue<T> | undefined {
  if (!values) return undefined;
  let found: DatedValue<T> | undefined;
  for (const value of values) {
    if (value.from <= date) found = value;
    else break;
  }
  return found;
}

export interface Resolved<T> {
  value: T;
  layer: PolicyLayer;
  source: string;
  /** Keys into the source's quotes: the sentence(s) behind the value. */
  quote?: string | string[];
  /** The dated value's `from`: when this value began to apply. */
  from: string;
  /** What `from` stands for (absent: the effective date the source states). */
  fromIs?: DatedValue<unknown>['fromIs'];
}

function layerValue<K extends ParameterKey>(
  layer: PolicyLayer,
  key: K,
  date: string,
  confirmedOnly = true,
): Resolved<ParameterValue<K>> | undefined {
  const entry = valueAt(layer.params[key] as DatedValue<ParameterValue<K>>[] | undefined, date);
  // A value whose sentence the source watch no longer finds is passed over: the next layer answers.
  const value = !entry ? null : confirmedOnly ? confirmedValue(entry) : entry.value;
  if (!entry || value === null) return undefined;
  return {
    value,
    layer,
    source: entry.source,
    quote: entry.quote,
    from: entry.from,
    ...(entry.fromIs ? { fromIs: entry.fromIs } : {}),
  };
}

/**
 * One item of a list value, as resolved: an item that names its own source cites its own quote;
 * otherwise it shares the dated value's source and, unless it names one, its quote.
 */
export function itemOf<T, I extends { source?: string; quote?: string | string[] }>(
  found: Resolved<T>,
  item: I,
): Resolved<T> {
  return {
    ...found,
    source: item.source ?? found.source,
    quote: item.quote ?? (item.source ? undefined : found.quote),
  };
}

/** Memo of collect() per chain, by date then parameter: the engine asks the same questions often. */
const collected = new WeakMap<PolicyLayer[], Map<string, Map<string, Resolved<unknown>[]>>>();
const MEMO_DATES = 1000;
// One evaluation asks many questions of one chain on one date: remember the last pair.
let lastChain: PolicyLayer[] | undefined;
let lastDate = '';
let lastByKey: Map<string, Resolved<unknown>[]> | undefined;

function memoFor(chain: PolicyLayer[], date: string): Map<string, Resolved<unknown>[]> {
  if (chain === lastChain && date === lastDate) return lastByKey!;
  let byDate = collected.get(chain);
  if (!byDate) collected.set(chain, (byDate = new Map()));
  let byKey = byDate.get(date);
  if (!byKey) {
    if (byDate.size > MEMO_DATES) byDate.clear();
    byDate.set(date, (byKey = new Map()));
  }
  lastChain = chain;
  lastDate = date;
  lastByKey = byKey;
  return byKey;
}

/** Every layer's value in force on `date`, most specific first (for parameters that add up). */
export function collect<K extends ParameterKey>(
  chain: PolicyLayer[],
  key: K,
  date: string,
): Resolved<ParameterValue<K>>[] {
  const memo = memoFor(chain, date);
  let found = memo.get(key);
  if (!found) {
    found = [];
    for (const layer of chain) {
      const value = layerValue(layer, key, date);
      if (value) found.push(value);
    }
    memo.set(key, found);
  }
  return found as Resolved<ParameterValue<K>>[];
}

/** The most specific layer's value in force on `date`, or undefined when no layer defines one. */
export function resolve<K extends ParameterKey>(
  chain: PolicyLayer[],
  key: K,
  date: string,
): Resolved<ParameterValue<K>> | undefined {
  return collect(chain, key, date)[0];
}

/** The facts a rule's `when` is matched against. */
export interface Facts {
  scope: Scope;
  /** 就医地 city code and its province code (xx0000). */
  careCity: string;
  careProvince: string;
  reason: Reason;
  careType: CareType;
  scheme: Scheme;
  retired: boolean;
  filed: boolean;
  exempt: boolean;
  hospitalLevel?: HospitalLevel;
  chronicDisease?: ChronicDisease;
  /** false once the bill was paid in full and is claimed by hand. */
  settledDirectly: boolean;
}

/** Does the condition hold? A condition on hospital level never holds while the level is unknown. */
export function matches(when: Condition | undefined, facts: Facts): boolean {
  if (!when) return true;
  if (when.scopes && !when.scopes.includes(facts.scope)) return false;
  if (when.reasons && !when.reasons.includes(facts.reason)) return false;
  if (when.careTypes && !when.careTypes.includes(facts.careType)) return false;
  if (when.schemes && !when.schemes.includes(facts.scheme)) return false;
  if (when.retired !== undefined && when.retired !== facts.retired) return false;
  if (when.filed !== undefined && when.filed !== facts.filed) return false;
  if (when.exempt !== undefined && when.exempt !== facts.exempt) return false;
  if (when.settledDirectly !== undefined && when.settledDirectly !== facts.settledDirectly) return false;
  if (when.careProvinces && !when.careProvinces.includes(facts.careProvince)) return false;
  if (when.careCities && !when.careCities.includes(facts.careCity)) return false;
  if (
    when.chronicDiseases &&
    (facts.chronicDisease === undefined || !when.chronicDiseases.includes(facts.chronicDisease))
  )
    return false;
  if (
    when.hospitalLevels &&
    (facts.hospitalLevel === undefined || !when.hospitalLevels.includes(facts.hospitalLevel))
  )
    return false;
  return true;
}

export function specificity(when: Condition | undefined): number {
  return when ? Object.keys(when).length : 0;
}

/**
 * The most specific matching rule, searching layer by layer (a city's rule beats the province's,
 * whatever their specificity); within a layer the rule with the most conditions wins, ties go to
 * the first listed.
 */
export function findRule<
  K extends ParameterKey,
  R extends { when?: Condition; source?: string; quote?: string | string[] },
>(
  chain: PolicyLayer[],
  key: K,
  date: string,
  facts: Facts,
  rulesOf: (value: ParameterValue<K>) => R[],
): (Resolved<ParameterValue<K>> & { rule: R }) | undefined {
  for (const found of collect(chain, key, date)) {
    let best: R | undefined;
    for (const rule of rulesOf(found.value)) {
      if (matches(rule.when, facts) && (!best || specificity(rule.when) > specificity(best.when)))
        best = rule;
    }
    if (best) return { ...itemOf(found, best), rule: best };
  }
  return undefined;
}

/**
 * A newer rule of a higher layer that probably replaced `resolved` (a value of `param`): a
 * `policy.supersedes` marker in a layer above the value's, dated after the value began and in
 * force on `date`, whose `when` matches.
 */
export function supersessionOf(
  chain: PolicyLayer[],
  param: Supersedable,
  resolved: Resolved<unknown>,
  date: string,
  facts: Facts,
):
  | (Resolved<ParameterValue<'policy.supersedes'>> & { rule: ParameterValue<'policy.supersedes'>[number] })
  | undefined {
  const above = chain.slice(chain.indexOf(resolved.layer) + 1);
  for (const layer of above) {
    // A marker stands even when its own sentence is gone: that never makes the older value true again.
    const found = layerValue(layer, 'policy.supersedes', date, false);
    if (!found || found.from <= resolved.from) continue;
    const rule = found.value.find((r) => r.params.includes(param) && matches(r.when, facts));
    if (rule) return { ...itemOf(found, rule), rule };
  }
  return undefined;
}

/** Whether a layer holds any value or item the source watch marked gone (remembered per layer). */
const layersWithGone = new WeakMap<PolicyLayer, boolean>();
function hasGone(layer: PolicyLayer): boolean {
  let known = layersWithGone.get(layer);
  if (known === undefined) {
    known = Object.values(layer.params).some((values) =>
      (values as (DatedValue<unknown> & Marked)[] | undefined)?.some(
        (entry) =>
          entry.quoteGone !== undefined ||
          (isItemList(entry.value) && entry.value.some((item) => (item as Marked)?.quoteGone !== undefined)),
      ),
    );
    layersWithGone.set(layer, known);
  }
  return known;
}

/**
 * A rule of `key` in force on `date` whose sentence the source watch no longer found on its page,
 * matching the facts, that would have counted: in a layer more specific than `found` (the rule the
 * engine did find among the confirmed ones), or in its layer with at least its conditions. The
 * engine then treats the question as open, as it does for a superseded rule.
 */
export function goneRule<
  K extends ParameterKey,
  R extends { when?: Condition; source?: string; quote?: string | string[] },
>(
  chain: PolicyLayer[],
  key: K,
  date: string,
  facts: Facts,
  rulesOf: (value: ParameterValue<K>) => R[],
  found?: Resolved<unknown> & { rule: R },
): (Resolved<ParameterValue<K>> & { rule: R }) | undefined {
  // Nearly always nothing is marked: the engine asks this for every verdict, so look only where it can be.
  if (!chain.some(hasGone)) return undefined;
  const last = found ? chain.indexOf(found.layer) : chain.length - 1;
  for (const [index, layer] of chain.slice(0, last + 1).entries()) {
    const entry = valueAt(layer.params[key] as (DatedValue<ParameterValue<K>> & Marked)[] | undefined, date);
    if (!entry || entry.value === null) continue;
    const resolved = {
      value: entry.value,
      layer,
      source: entry.source,
      quote: entry.quote,
      from: entry.from,
    };
    for (const rule of rulesOf(entry.value) as (R & Marked)[]) {
      if (!(entry.quoteGone ?? rule.quoteGone) || !matches(rule.when, facts)) continue;
      if (found && index === last && specificity(rule.when) < specificity(found.rule.when)) continue;
      return { ...itemOf(resolved, rule), rule };
    }
  }
  return undefined;
}

/**
 * Every value (or list item) in force on `date` in the chain whose sentence the source watch no
 * longer found, other than those of `except`, and for items with conditions only those matching
 * the facts: what the engine answered without, to say so.
 */
export function goneValues(
  chain: PolicyLayer[],
  date: string,
  facts: Facts,
  except: readonly string[],
): Resolved<unknown>[] {
  const found: Resolved<unknown>[] = [];
  for (const layer of chain) {
    if (!hasGone(layer)) continue;
    for (const [key, values] of Object.entries(layer.params)) {
      if (except.includes(key)) continue;
      const entry = valueAt(values as (DatedValue<unknown> & Marked)[] | undefined, date);
      if (!entry || entry.value === null) continue;
      const resolved = {
        value: entry.value,
        layer,
        source: entry.source,
        quote: entry.quote,
        from: entry.from,
      };
      if (entry.quoteGone) found.push(resolved);
      else if (isItemList(entry.value))
        for (const item of entry.value as (Marked & { when?: Condition; source?: string })[])
          if (item?.quoteGone && matches(item.when, facts)) found.push(itemOf(resolved, item));
    }
  }
  return found;
}
