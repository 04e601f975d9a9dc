import { z } from 'zod';
import type { CityDetail, CityRow, CityRule } from '../../../typings/api';

export type { CityDetail, CityRule } from '../../../typings/api';
import { chinaDate } from '../contract/dates';
import { searchPlaces } from '../../../miniprogram/shared/search';
import { cityKey, NATIONAL_KEY, provinceKey } from '../policy/store-docs';
import type { Place, PolicyLayer } from '../policy/schema';
import { toSourceRef } from '../policy/source-ref';
import { AppError } from '../runtime/errors';
import type { FunctionSpec } from '../runtime/entry';

export const citiesSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('list') }),
  z.strictObject({
    action: z.literal('search'),
    query: z.string().trim().min(1).max(20),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  z.strictObject({ action: z.literal('detail'), code: z.string().regex(/^\d{6}$/) }),
]);

const row = ({ code, name, shortName, province, pinyin, initials }: Place): CityRow => ({
  code,
  name,
  shortName,
  province,
  pinyin,
  initials,
});

/** The values in force today, layer by layer, each with the source it cites. */
function rulesOf(layer: PolicyLayer | undefined, today: string): CityRule[] {
  if (!layer || layer.layer === 'national') return [];
  return Object.entries(layer.params).flatMap(([param, values]) => {
    const current = [...(values ?? [])].reverse().find((v) => v.from <= today);
    if (!current || current.value === null) return [];
    return [
      {
        layer: layer.layer as 'city' | 'province',
        param,
        from: current.from,
        value: current.value,
        ...(current.note ? { note: current.note } : {}),
        sourceId: current.source,
      },
    ];
  });
}

export const citiesFunction: FunctionSpec<z.infer<typeof citiesSchema>, unknown> = {
  name: 'cities',
  schema: citiesSchema,
  async handler(deps, input) {
    const places = Object.values(deps.places);
    if (input.action === 'list') return { cities: places.map(row) };
    if (input.action === 'search') return { cities: searchPlaces(places, input.query, input.limit).map(row) };
    const place = deps.places[input.code];
    if (!place) throw new AppError('UNKNOWN_CITY', `没有找到代码为 ${input.code} 的城市`, 'code');
    const today = chinaDate(deps.now());
    const pack = await deps.policies.packFor([NATIONAL_KEY, provinceKey(place.code), cityKey(place.code)]);
    const city = pack.cities[place.code];
    const province = pack.provinces[place.provinceCode];
    const rules = [...rulesOf(city, today), ...(province !== city ? rulesOf(province, today) : [])];
    const ids = new Set(rules.map((r) => r.sourceId));
    const sources = [...ids].flatMap((id) => {
      const ref = toSourceRef(pack.sources[id], today);
      return ref ? [{ ...ref, scope: pack.sources[id].scope }] : [];
    });
    const detail: CityDetail = {
      place: row(place),
      hasOwnRules: rulesOf(city, today).length > 0,
      rules,
      sources,
      dataVersion: pack.version,
      origin: pack.origin,
    };
    return detail;
  },
};
