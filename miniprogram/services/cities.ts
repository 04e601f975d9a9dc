/**
 * The city list, fetched once and kept on the phone, searched locally (works on a weak network).
 * What the local list cannot answer — a district or county ("铁东区", "莱芜") — is asked of the
 * cities function, which knows every county.
 */
import { exactPlace, searchMatches } from '../shared/search';
import { api, type CityRow } from './api';
import { storage } from './storage';

let memory: CityRow[] | null = null;

export async function allCities(): Promise<CityRow[]> {
  if (memory?.length) return memory;
  const kept = storage.cities();
  if (kept.length) return (memory = kept);
  const { cities } = await api.listCities();
  storage.saveCities(cities);
  return (memory = cities);
}

export async function findCities(query: string, limit = 12): Promise<CityRow[]> {
  // `via`: the name the query matched when it is not the city's own ("襄樊" → 襄阳市).
  const local = searchMatches(await allCities(), query, limit).map((m) =>
    m.via ? { ...m.place, via: m.via } : m.place,
  );
  if (local.length || !/[\u4e00-\u9fff]{2}/.test(query)) return local;
  return (await api.searchCities(query)).cities.slice(0, limit);
}

/**
 * The city a typed name means without doubt, so 下一步 can take it without a tap: its exact name
 * ("鞍山市"), or the only city the search lists for it ("辽宁鞍山", "襄樊").
 */
export async function cityTyped(query: string): Promise<CityRow | null> {
  const exact = exactPlace(await allCities(), query);
  if (exact) return exact;
  const found = await findCities(query, 2);
  return found.length === 1 ? found[0] : null;
}

export async function cityName(code: string | undefined): Promise<string> {
  if (!code) return '';
  const city = (await allCities()).find((c) => c.code === code);
  return city?.name ?? '';
}
