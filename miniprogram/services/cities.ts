/** The city list, fetched once and kept on the phone, searched locally (works on a weak network). */
import { searchPlaces } from '../shared/search';
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
  return searchPlaces(await allCities(), query, limit);
}

export async function cityName(code: string | undefined): Promise<string> {
  if (!code) return '';
  const city = (await allCities()).find((c) => c.code === code);
  return city?.name ?? '';
}
