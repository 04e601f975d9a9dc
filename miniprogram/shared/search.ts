/**
 * City search that accepts what people type: a Chinese name with or without 市 ("鞍山", "鞍山市"),
 * full pinyin or initials ("xian", "xa"), a province in front ("辽宁鞍山") or alone ("辽宁", "xizang"),
 * and — where the county list is given (the cities function) — a district or county ("鞍山市铁东区",
 * "铁东区", "莱芜" now a district of 济南), resolved to its prefecture. Best matches first; among
 * equals the largest cities by 城区人口 (深圳 for "sz"), then capitals, then other 市, then 州/盟/地区.
 * A former or everyday name ("襄樊", "哈市", shared/place-aliases.ts) finds the city it stands for.
 * Shared by the mini-program (instant, offline search) and the cities function.
 */
import { PLACE_ALIASES } from './place-aliases';

export interface SearchablePlace {
  code: string;
  name: string;
  shortName: string;
  province: string;
  pinyin: string;
  initials: string;
  provinceShort?: string;
  provincePinyin?: string;
  sizeRank?: number;
}

/** A county or district: [name, the 6-digit code of its prefecture]. */
export type District = readonly [name: string, cityCode: string];

export interface Match<P> {
  place: P;
  /** The district the query named, when the place was found through it ("铁东区"). */
  via?: string;
}

/** 铁东区 → 铁东, 莱芜区 → 莱芜; two-character names stay whole. */
export function districtShort(name: string): string {
  const short = name.replace(/(自治县|自治旗|林区|新区|区|县|市|旗)$/, '');
  return short.length >= 2 ? short : name;
}

const normalise = (query: string) =>
  query
    .trim()
    .toLowerCase()
    .replace(/[\s,，。.、\-_/·]+/g, '');

function scoreOf(place: SearchablePlace, q: string): number {
  if (place.code === q || place.name === q || place.shortName === q) return 100;
  if (place.initials === q || place.pinyin === q) return 90;
  // A city followed by more ("鞍山市铁东区", "鞍山铁东"): the city is what was meant.
  if (q.length > place.shortName.length && (q.startsWith(place.name) || q.startsWith(place.shortName)))
    return 85;
  if (place.name.startsWith(q)) return 80;
  if (place.initials.startsWith(q)) return 70;
  if (place.pinyin.startsWith(q)) return 60;
  if (place.name.includes(q) || place.province.startsWith(q)) return 40;
  return 0;
}

/** "辽宁鞍山" → ["辽宁省", "鞍山"]; null when the query does not start with a province name. */
function provincePrefix(places: SearchablePlace[], q: string): [string, string] | null {
  let best: [string, string] | null = null;
  for (const p of places) {
    for (const prefix of [p.province, p.provinceShort]) {
      if (
        prefix &&
        prefix.length >= 2 &&
        q.startsWith(prefix) &&
        (!best || prefix.length > q.length - best[1].length)
      )
        best = [p.province, q.slice(prefix.length)];
    }
  }
  return best;
}

/** Among equally good matches, the places people mean most often come first. */
function prominence(place: SearchablePlace): number {
  if (place.code.endsWith('0000') || place.code.endsWith('0100')) return 0;
  return place.name.endsWith('市') ? 1 : 2;
}

function byRank<P extends SearchablePlace>(a: { place: P; score: number }, b: { place: P; score: number }) {
  return (
    b.score - a.score ||
    (a.place.sizeRank ?? 999) - (b.place.sizeRank ?? 999) ||
    prominence(a.place) - prominence(b.place) ||
    a.place.code.localeCompare(b.place.code)
  );
}

export function searchMatches<P extends SearchablePlace>(
  placesIn: Iterable<P>,
  query: string,
  limit = 20,
  districts?: readonly District[],
): Match<P>[] {
  const places = [...placesIn];
  const q = normalise(query);
  if (!q) return [];
  const found = new Map<string, { place: P; score: number; via?: string }>();
  const offer = (place: P, score: number, via?: string) => {
    const known = found.get(place.code);
    if (score > 0 && (!known || score > known.score)) found.set(place.code, { place, score, via });
  };

  const scoreAll = (pool: P[], text: string) => {
    for (const place of pool) {
      offer(place, scoreOf(place, text));
      if (place.provincePinyin === text) offer(place, 45);
    }
    // Counties and districts, for Chinese queries of two characters or more.
    if (districts && text.length >= 2 && /[\u4e00-\u9fff]/.test(text)) {
      const byCode = new Map(pool.map((p) => [p.code, p]));
      for (const [name, cityCode] of districts) {
        const place = byCode.get(cityCode);
        if (!place) continue;
        const short = districtShort(name);
        const tail = name.length >= 3 && (text.endsWith(name) || text.endsWith(short));
        if (name === text || short === text || tail) offer(place, 75, name);
        else if (name.startsWith(text)) offer(place, 35, name);
      }
    }
  };
  scoreAll(places, q);
  // An old or everyday name ("襄樊", "哈市"), with or without 市: just below the city's own name.
  for (const [alias, code] of PLACE_ALIASES) {
    if (q !== alias && q !== `${alias}市`) continue;
    const place = places.find((p) => p.code === code);
    if (place) offer(place, 95, alias);
  }
  // A province in front narrows the rest of the query to it ("辽宁鞍山"); alone, it lists its cities.
  const prefix = provincePrefix(places, q);
  if (prefix) {
    const pool = places.filter((p) => p.province === prefix[0]);
    if (!prefix[1]) for (const p of pool) offer(p, 30);
    else if (prefix[1] !== '市') scoreAll(pool, prefix[1]);
  }
  return [...found.values()]
    .sort(byRank)
    .slice(0, limit)
    .map(({ place, via }) => (via ? { place, via } : { place }));
}

export function searchPlaces<P extends SearchablePlace>(
  places: Iterable<P>,
  query: string,
  limit = 20,
  districts?: readonly District[],
): P[] {
  return searchMatches(places, query, limit, districts).map((m) => m.place);
}

/** The one place a typed name means without doubt ("鞍山市", "西安"), or null. */
export function exactPlace<P extends SearchablePlace>(places: Iterable<P>, query: string): P | null {
  const q = normalise(query);
  const hits = [...places].filter((p) => p.name === q || p.shortName === q || p.code === q);
  return hits.length === 1 ? hits[0] : null;
}
