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
  const local = searchMatches(await allCities(), query, limit).map((m) => m.place);
  if (local.length || !/[\u4e00-\u9fff]{2}/.test(query)) return local;
  return (await api.searchCities(query)).cities.slice(0, limit);
}

/** The city a typed name means without doubt ("鞍山市"), so 下一步 can take it without a tap. */
export async function cityTyped(query: string): Promise<CityRow | null> {
  return exactPlace(await allCities(), query);
}

export async function cityName(code: string | undefined): Promise<string> {
  if (!code) return '';
  const city = (await allCities()).find((c) => c.code === code);
  return city?.name ?? '';
}
