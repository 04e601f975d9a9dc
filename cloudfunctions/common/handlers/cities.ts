import { z } from 'zod';
import type { CityDetail, CityRow, CityRule } from '../../../typings/api';

export type { CityDetail, CityRule } from '../../../typings/api';
import { chinaDate } from '../contract/dates';
import { searchMatches, type District } from '../../../miniprogram/shared/search';
import districtFile from '../../../data/generated/districts.json';
import { cityKey, NATIONAL_KEY, provinceKey } from '../policy/store-docs';
import type { Place, PolicyLayer } from '../policy/schema';
import type { PolicyPack } from '../policy/pack';
import { shownValues, type ShownValue } from '../policy/audit';
import { toSourceRef } from '../policy/source-ref';
import type { SourceCheckView } from '../policy/watch';
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

const DISTRICTS = districtFile.districts as unknown as District[];

/** A place as the client lists it: everything but the province code it does not need. */
const row = ({ provinceCode: _unused, ...place }: Place): CityRow => place;

/**
 * How far the source watch vouches for a rule: all its sentences found on their pages (checked, the
 * earliest date), one of its pages not read (failed), one of its sentences gone (changed), or no
 * check since a person read the sources (unchecked, the earliest day they were read).
 */
function ruleCheck(pack: PolicyPack, rows: ShownValue[]): CityRule['check'] {
  const checks = rows.map((r) => pack.checks?.[r.sourceId]);
  const earliest = (dates: string[]) => [...dates].sort()[0];
  if (rows.some((r) => r.quoteGone))
    return { state: 'changed', date: earliest(checks.flatMap((c) => (c ? [c.checkedAt] : []))) };
  if (checks.some((c) => c?.status === 'gone' || c?.status === 'unreachable')) return { state: 'failed' };
  if (checks.length && checks.every((c): c is SourceCheckView => Boolean(c)))
    return { state: 'checked', date: earliest(checks.map((c) => c.checkedAt)) };
  return { state: 'unchecked', date: earliest(rows.map((r) => pack.sources[r.sourceId]?.verifiedAt ?? '')) };
}

/** The values in force today, layer by layer, each with its sources and quoted sentences. */
function rulesOf(
  pack: PolicyPack,
  layer: PolicyLayer | undefined,
  today: string,
  allShown: ShownValue[],
): CityRule[] {
  if (!layer || layer.layer === 'national') return [];
  const shown = allShown.filter((v) => v.code === layer.code && v.layer === layer.layer);
  return Object.entries(layer.params).flatMap(([param, values]) => {
    const current = [...(values ?? [])].reverse().find((v) => v.from <= today);
    if (!current || current.value === null) return [];
    const rows = shown.filter((v) => v.param === param && v.from === current.from);
    const quotes = rows.flatMap((row) =>
      row.quoteKeys.flatMap((key) => {
        const text = pack.sources[row.sourceId]?.quotes[key];
        return text ? [{ sourceId: row.sourceId, text }] : [];
      }),
    );
    const superseded = rows.find((r) => r.supersededBy)?.supersededBy;
    return [
      {
        layer: layer.layer as 'city' | 'province',
        param,
        from: current.from,
        fromIs: current.fromIs ?? 'effective',
        value: current.value,
        ...(current.note ? { note: current.note } : {}),
        sourceId: current.source,
        quotes: quotes.filter((q, i) => quotes.findIndex((o) => o.text === q.text) === i),
        ...(superseded ? { supersededBy: { document: superseded.document, from: superseded.from } } : {}),
        ...(rows.some((r) => r.quoteGone) ? { quoteGone: true as const } : {}),
        check: ruleCheck(pack, rows),
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
    if (input.action === 'search')
      return {
        cities: searchMatches(places, input.query, input.limit, DISTRICTS).map((m) => ({
          ...row(m.place),
          ...(m.via ? { via: m.via } : {}),
        })),
      };
    const place = deps.places[input.code];
    if (!place) throw new AppError('UNKNOWN_CITY', `没有找到代码为 ${input.code} 的城市`, 'code');
    const today = chinaDate(deps.now());
    const pack = await deps.policies.packFor([NATIONAL_KEY, provinceKey(place.code), cityKey(place.code)]);
    const city = pack.cities[place.code];
    const province = pack.provinces[place.provinceCode];
    const shown = shownValues(pack, today);
    const cityRules = rulesOf(pack, city, today, shown);
    const rules = [...cityRules, ...(province !== city ? rulesOf(pack, province, today, shown) : [])];
    const ids = new Set(rules.flatMap((r) => [r.sourceId, ...r.quotes.map((q) => q.sourceId)]));
    const sources = [...ids].flatMap((id) => {
      const ref = toSourceRef(pack.sources[id], today, [], pack.checks?.[id]);
      return ref ? [{ ...ref, scope: pack.sources[id].scope }] : [];
    });
    const detail: CityDetail = {
      place: row(place),
      hasOwnRules: cityRules.length > 0,
      rules,
      sources,
      dataVersion: pack.version,
      origin: pack.origin,
    };
    return detail;
  },
};
