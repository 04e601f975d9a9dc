import type { Place } from '../policy/schema';

const SUFFIXES = /(市|地区|盟|自治州)$/;

/** Name → places, built once per place list (it is looked up on every request). */
const indexes = new WeakMap<Record<string, Place>, Map<string, Place[]>>();

function indexOf(places: Record<string, Place>): Map<string, Place[]> {
  let index = indexes.get(places);
  if (index) return index;
  index = new Map();
  for (const place of Object.values(places)) {
    const names = new Set([place.name, place.shortName, place.name.replace(SUFFIXES, '')]);
    for (const name of names) index.set(name, [...(index.get(name) ?? []), place]);
  }
  indexes.set(places, index);
  return index;
}

/**
 * Finds a prefecture-level place by 6-digit code or by Chinese name: full (西安市), short (西安),
 * or the name without its suffix. Returns undefined when nothing, or more than one place, matches.
 */
export function findPlace(places: Record<string, Place>, query: string): Place | undefined {
  const q = query.trim();
  if (/^\d{6}$/.test(q)) return places[q];
  const index = indexOf(places);
  const hits = index.get(q) ?? index.get(q.replace(SUFFIXES, '')) ?? [];
  return hits.length === 1 ? hits[0] : undefined;
}
