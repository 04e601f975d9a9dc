/**
 * What every part of the engine reads: the validated situation, its date, the 参保地's layer chain,
 * and a collector for the sources behind each figure.
 */
import type { PolicyPack } from '../policy/pack';
import type { PolicyLayer, Place } from '../policy/schema';
import { layerChain, type Facts, type Resolved } from '../policy/resolve';
import type { Provenance, Scope, Situation } from '../../../typings/contract';

/** A situation that passed validation, with the treatment date filled in. */
export type CheckedSituation = Situation & { treatmentDate: string; retired: boolean };

export interface EngineContext {
  situation: CheckedSituation;
  asOf: string;
  /** Dated policy values are read as they stand on the treatment date. */
  date: string;
  pack: PolicyPack;
  chain: PolicyLayer[];
  scope: Scope;
  insured: Place;
  care: Place;
  /** True when the 参保地 has sourced (grade A/B) values of its own. */
  hasCityData: boolean;
}

/** Scope follows from the codes: same code, same province (first two digits), or another province. */
export function scopeOf(insuredCity: string, careCity: string): Scope {
  if (insuredCity === careCity) return 'same_city';
  return insuredCity.slice(0, 2) === careCity.slice(0, 2) ? 'intra_province' : 'cross_province';
}

export function createContext(situation: CheckedSituation, pack: PolicyPack, asOf: string): EngineContext {
  const insured = pack.places[situation.insuredCity];
  const care = pack.places[situation.careCity];
  if (!insured || !care)
    throw new Error('evaluate() needs both cities in pack.places; validate the situation first');
  const scope = scopeOf(situation.insuredCity, situation.careCity);
  const chain = layerChain(pack, situation.insuredCity, scope);
  return {
    situation,
    asOf,
    date: situation.treatmentDate,
    pack,
    chain,
    scope,
    insured,
    care,
    // The city's own rules for this kind of trip: 延边's are all 省内, so a trip to 北京 has none.
    hasCityData: chain.some((layer) => layer.layer === 'city' && Object.keys(layer.params).length > 0),
  };
}

export function factsOf(
  ctx: EngineContext,
  filed: boolean,
  hospitalLevel = ctx.situation.hospitalLevel,
  exempt = false,
): Facts {
  const s = ctx.situation;
  return {
    scope: ctx.scope,
    careCity: ctx.care.code,
    careProvince: ctx.care.provinceCode,
    reason: s.reason,
    careType: s.careType,
    scheme: s.scheme,
    retired: s.retired,
    filed,
    exempt,
    hospitalLevel,
    ...(s.chronicDisease && s.careType === 'chronic' ? { chronicDisease: s.chronicDisease } : {}),
    settledDirectly: s.stage !== 'discharged_self_paid',
  };
}

export const NO_PROVENANCE: Provenance = Object.freeze({
  layer: 'none',
  sourceIds: [],
  quotes: [],
}) as Provenance;

/** `<sourceId>#<key>` for each quote key of a resolved value. */
export function quoteRefs(r: Pick<Resolved<unknown>, 'source' | 'quote'>): string[] {
  if (!r.quote) return [];
  return (Array.isArray(r.quote) ? r.quote : [r.quote]).map((key) => `${r.source}#${key}`);
}

export function provenanceOf(
  ...resolved: (Pick<Resolved<unknown>, 'layer' | 'source' | 'quote'> | undefined)[]
): Provenance {
  let layer: Provenance['layer'] = 'none';
  const sourceIds: string[] = [];
  const quotes: string[] = [];
  for (const r of resolved) {
    if (!r) continue;
    // The most specific layer among those that contributed.
    if (layer === 'none' || LAYER_RANK[r.layer.layer] < LAYER_RANK[layer as keyof typeof LAYER_RANK])
      layer = r.layer.layer;
    if (!sourceIds.includes(r.source)) sourceIds.push(r.source);
    for (const ref of quoteRefs(r)) if (!quotes.includes(ref)) quotes.push(ref);
  }
  return layer === 'none' ? NO_PROVENANCE : { layer, sourceIds, quotes };
}

const LAYER_RANK = { city: 0, province: 1, national: 2 } as const;
