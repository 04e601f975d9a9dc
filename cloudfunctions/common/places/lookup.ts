import type { Place } from '../policy/schema';

const SUFFIXES = /(市|地区|盟|自治州)$/;

/**
 * Finds a prefecture-level place by 6-digit code or by Chinese name: full (西安市), short (西安),
 * or the name without its suffix. Returns undefined when nothing, or more than one place, matches.
 */
export function findPlace(places: Record<string, Place>, query: string): Place | undefined {
  const q = query.trim();
  if (/^\d{6}$/.test(q)) return places[q];
  const bare = q.replace(SUFFIXES, '');
  if (!bare) return undefined;
  const hits = Object.values(places).filter(
    (p) => p.name === q || p.shortName === q || p.shortName === bare || p.name.replace(SUFFIXES, '') === bare,
  );
  return hits.length === 1 ? hits[0] : undefined;
}
