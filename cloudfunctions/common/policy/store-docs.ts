/**
 * Converting between a policy pack and the documents kept in the policy store. Each document holds
 * one key's layer, place and the sources its values cite, so `evaluate` needs one query for
 * national + the 参保地's province + both cities.
 */
import type { LoadedPolicies, PolicyDoc, StoredLayer } from '../ports';
import type { PolicyPack } from './pack';
import type { PolicyLayer, Source } from './schema';
import { applyWatch } from './watch';

export const NATIONAL_KEY = 'n';
export const provinceKey = (code: string) => `p:${code.slice(0, 2)}0000`;
export const cityKey = (code: string) => `c:${code}`;

/** The keys evaluate needs for a pair of cities. */
export function keysFor(insuredCity: string, careCity: string): string[] {
  return [...new Set([NATIONAL_KEY, provinceKey(insuredCity), cityKey(insuredCity), cityKey(careCity)])];
}

function citedSources(layer: PolicyLayer | undefined, sources: Record<string, Source>): Source[] {
  if (!layer) return [];
  const ids = new Set<string>();
  for (const values of Object.values(layer.params)) {
    for (const v of values ?? []) {
      ids.add(v.source);
      if (Array.isArray(v.value))
        for (const item of v.value as { source?: string }[]) if (item?.source) ids.add(item.source);
    }
  }
  return [...ids].sort().flatMap((id) => (sources[id] ? [sources[id]] : []));
}

function storeLayer(layer: PolicyLayer): StoredLayer {
  return {
    ...layer,
    params: Object.entries(layer.params).map(([key, values]) => ({ key, values: values ?? [] })),
  };
}

function readLayer(stored: StoredLayer): PolicyLayer {
  return {
    ...stored,
    params: Object.fromEntries(stored.params.map((p) => [p.key, p.values])),
  } as PolicyLayer;
}

export function packToDocs(marked: PolicyPack): Omit<PolicyDoc, '_id' | 'pushId'>[] {
  // The store holds the data as written; the source watch is applied when it is read (policy/live.ts).
  const pack = applyWatch(marked, null);
  return [
    {
      key: NATIONAL_KEY,
      layer: storeLayer(pack.national),
      place: null,
      sources: citedSources(pack.national, pack.sources),
    },
    ...Object.values(pack.provinces).map((layer) => ({
      key: provinceKey(layer.code),
      layer: storeLayer(layer),
      place: null,
      sources: citedSources(layer, pack.sources),
    })),
    ...Object.values(pack.places).map((place) => {
      const layer = pack.cities[place.code];
      return {
        key: cityKey(place.code),
        layer: layer ? storeLayer(layer) : null,
        place,
        sources: citedSources(layer, pack.sources),
      };
    }),
  ];
}

/** A partial pack for the keys that were loaded. Throws if the national layer is missing. */
export function docsToPack(
  loaded: Pick<LoadedPolicies, 'version' | 'docs'>,
  origin: PolicyPack['origin'],
): PolicyPack {
  const pack: PolicyPack = {
    version: loaded.version,
    origin,
    sources: {},
    national: undefined!,
    provinces: {},
    cities: {},
    places: {},
  };
  for (const doc of loaded.docs) {
    for (const source of doc.sources) pack.sources[source.id] = source;
    const layer = doc.layer ? readLayer(doc.layer) : null;
    if (doc.key === NATIONAL_KEY && layer) pack.national = layer;
    else if (doc.key.startsWith('p:') && layer) pack.provinces[layer.code] = layer;
    else if (doc.key.startsWith('c:') && doc.place) {
      pack.places[doc.place.code] = doc.place;
      if (layer) pack.cities[doc.place.code] = layer;
    }
  }
  if (!pack.national) throw new Error('the policy store has no national layer');
  return pack;
}
