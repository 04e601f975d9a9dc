/**
 * City search by Chinese name, full pinyin or initials ("xa" → 西安, "xian" → 西安), best matches
 * first. Shared by the mini-program (instant, offline search) and the cities function.
 */
export interface SearchablePlace {
  code: string;
  name: string;
  shortName: string;
  province: string;
  pinyin: string;
  initials: string;
}

function scoreOf(place: SearchablePlace, q: string): number {
  if (place.code === q || place.name === q || place.shortName === q) return 100;
  if (place.initials === q || place.pinyin === q) return 90;
  if (place.name.startsWith(q)) return 80;
  if (place.initials.startsWith(q)) return 70;
  if (place.pinyin.startsWith(q)) return 60;
  if (place.name.includes(q) || place.province.startsWith(q)) return 40;
  return 0;
}

/**
 * Among equally good matches: municipalities and provincial capitals first (in GB/T 2260 a capital
 * is the province's xx01 unit), then other 市, then 州/盟/地区 — "xa" means 西安 before 兴安盟.
 */
function prominence(place: SearchablePlace): number {
  if (place.code.endsWith('0000') || place.code.endsWith('0100')) return 0;
  return place.name.endsWith('市') ? 1 : 2;
}

export function searchPlaces<P extends SearchablePlace>(places: Iterable<P>, query: string, limit = 20): P[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!q) return [];
  const scored: { place: P; score: number }[] = [];
  for (const place of places) {
    const score = scoreOf(place, q);
    if (score > 0) scored.push({ place, score });
  }
  return scored
    .sort(
      (a, b) =>
        b.score - a.score ||
        prominence(a.place) - prominence(b.place) ||
        a.place.code.localeCompare(b.place.code),
    )
    .slice(0, limit)
    .map((s) => s.place);
}
