/**
 * npm run -s data:check -- [--json]
 * Validates everything under data/: schema, codes, sources on every value, dated values in order,
 * no value below grade B reachable by the engine, every shown value with its quoted sentence and
 * cited from a source that speaks for that place, the generated city list up to date. Staleness
 * of sources (verifiedAt + reviewIntervalDays, real clock) is reported, not fatal.
 * A data/watch.json is checked against its schema and applied: values whose sentence the source
 * watch no longer found are listed (they show as 待核实), not fatal.
 * Prints { errors, cities, citiesWithSourcedRules, provinceLayers, sources, shownValues,
 * unquoted, foreignCitations, superseded, quoteGone, leads, stale }; exits 1 on any error.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import dayjs from 'dayjs';
import { readPackInput, DEFAULT_DATA_DIR } from '../../cloudfunctions/common/policy/files';
import {
  buildPack,
  PolicyDataError,
  type Lead,
  type PolicyPack,
} from '../../cloudfunctions/common/policy/pack';
import { USABLE_GRADES, type Place, type Source } from '../../cloudfunctions/common/policy/schema';
import { shownValues, type ShownValue } from '../../cloudfunctions/common/policy/audit';
import { generate, generateDistricts } from './generate-cities';

export interface CheckReport {
  errors: string[];
  cities: number;
  citiesWithSourcedRules: number;
  /** Province layers with sourced values, by name. */
  provinceLayers: string[];
  sources: number;
  /** Values (and list items) a user can be shown. */
  shownValues: number;
  /** Shown values without a quoted sentence (each is also an error). */
  unquoted: string[];
  /** Shown values whose only source is another place's page (each is also an error). */
  foreignCitations: string[];
  /** City values that a newer rule of a higher layer probably replaced, as of today (shown as verify). */
  superseded: string[];
  /** Values whose sentence the source watch (data/watch.json) no longer found on its page (shown as 待核实). */
  quoteGone: string[];
  leads: Lead[];
  stale: { id: string; verifiedAt: string; reviewBy: string }[];
}

const describeValue = (v: ShownValue) =>
  `${v.name} ${v.param}${v.item !== undefined ? `[${v.item}]` : ''} from ${v.from} (${v.sourceId})`;

/** Every source id a pack still refers to after the grade filter. */
function referencedSources(pack: PolicyPack): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === 'source' && typeof value === 'string') ids.add(value);
        else visit(value);
      }
  };
  for (const layer of [pack.national, ...Object.values(pack.provinces), ...Object.values(pack.cities)])
    visit(layer.params);
  return ids;
}

function scopeErrors(sources: Source[], places: Place[]): string[] {
  const cityCodes = new Set(places.map((p) => p.code));
  const provinceCodes = new Set(places.map((p) => p.provinceCode));
  return sources.flatMap((s) => {
    const code = s.scope.code;
    if (s.scope.level === 'national') return code ? [`source ${s.id}: a national source has no code`] : [];
    if (!code) return [`source ${s.id}: scope ${s.scope.level} needs a code`];
    if (s.scope.level === 'province' && !provinceCodes.has(code))
      return [`source ${s.id}: no province ${code}`];
    // A county-level source names the city it belongs to.
    if (s.scope.level !== 'province' && !cityCodes.has(code)) return [`source ${s.id}: no city ${code}`];
    return [];
  });
}

export function checkData(dataDir = DEFAULT_DATA_DIR, today = dayjs().format('YYYY-MM-DD')): CheckReport {
  const errors: string[] = [];
  const input = readPackInput(dataDir);
  const places = input.places as Place[];
  let built: ReturnType<typeof buildPack> | undefined;
  try {
    built = buildPack(input);
  } catch (error) {
    if (error instanceof PolicyDataError) errors.push(...error.problems);
    else throw error;
  }

  input.layers.forEach((layer, i) => {
    const code = (layer as { code?: string }).code;
    const file = basename(input.files[i]);
    if (i > 0 && !file.startsWith(`${code}-`))
      errors.push(`${file}: the file name should start with its code ${code}`);
  });

  const sources = (input.sources as Source[]).filter((s) => s && typeof s === 'object' && s.scope);
  errors.push(...scopeErrors(sources, places));

  if (places.length < 337) errors.push(`cities: ${places.length} places, expected at least 337`);
  for (const p of places)
    if (!p.pinyin || !p.initials) errors.push(`cities: ${p.code} ${p.name} has no pinyin`);
  const fresh = generate();
  const districts = (
    JSON.parse(readFileSync(join(dataDir, 'generated/districts.json'), 'utf8')) as { districts: unknown }
  ).districts;
  if (
    JSON.stringify(fresh) !== JSON.stringify(places) ||
    JSON.stringify(generateDistricts(new Set(fresh.map((p) => p.code)))) !== JSON.stringify(districts)
  )
    errors.push('data/generated/cities.json or districts.json is out of date: run npm run data:cities');

  let citiesWithSourcedRules = 0;
  let provinceLayers: string[] = [];
  let shown: ShownValue[] = [];
  const stale: CheckReport['stale'] = [];
  if (built) {
    const { pack } = built;
    for (const id of referencedSources(pack)) {
      const grade = pack.sources[id]?.grade;
      if (!grade || !USABLE_GRADES.includes(grade))
        errors.push(`source ${id} (grade ${grade}) is reachable by the engine`);
    }
    citiesWithSourcedRules = Object.values(pack.cities).filter(
      (c) => Object.keys(c.params).length > 0,
    ).length;
    provinceLayers = Object.values(pack.provinces)
      .filter((p) => Object.keys(p.params).length > 0)
      .map((p) => p.name);
    shown = shownValues(pack, today);
    for (const v of shown) {
      if (!v.quoteKeys.length) errors.push(`${describeValue(v)}: shown to users without a quoted sentence`);
      for (const key of v.missingQuotes)
        errors.push(`${describeValue(v)}: quote "${key}" is not among the source's quotes`);
      if (v.foreign) errors.push(`${describeValue(v)}: the source speaks for another place`);
      const source = pack.sources[v.entrySourceId];
      if (v.fromIs === 'published' && source && source.publishedAt !== v.from)
        errors.push(
          `${describeValue(v)}: fromIs published, but the source was published ${source.publishedAt}`,
        );
      if (v.fromIs === 'year' && !v.from.endsWith('-01-01'))
        errors.push(`${describeValue(v)}: fromIs year, but from is not 1 January`);
      if (v.fromIs === 'read' && source && v.from > source.verifiedAt)
        errors.push(`${describeValue(v)}: fromIs read, but the source was read on ${source.verifiedAt}`);
    }
    for (const s of Object.values(pack.sources)) {
      const reviewBy = dayjs(s.verifiedAt).add(s.reviewIntervalDays, 'day').format('YYYY-MM-DD');
      if (reviewBy < today) stale.push({ id: s.id, verifiedAt: s.verifiedAt, reviewBy });
    }
  }
  return {
    errors,
    cities: places.length,
    citiesWithSourcedRules,
    provinceLayers,
    sources: sources.length,
    shownValues: shown.length,
    unquoted: shown.filter((v) => !v.quoteKeys.length).map(describeValue),
    foreignCitations: shown.filter((v) => v.foreign).map(describeValue),
    superseded: shown
      .filter((v) => v.supersededBy)
      .map((v) => `${describeValue(v)} → ${v.supersededBy!.document} (${v.supersededBy!.from})`),
    quoteGone: shown.filter((v) => v.quoteGone).map((v) => `${describeValue(v)}: ${v.quoteGone!.join(', ')}`),
    leads: built?.leads ?? [],
    stale,
  };
}

if (require.main === module) {
  const report = checkData();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = [
      `cities: ${report.cities}, with sourced rules: ${report.citiesWithSourcedRules}`,
      `province layers: ${report.provinceLayers.join('、') || 'none'}`,
      `values shown to users: ${report.shownValues}, without a quote: ${report.unquoted.length}, cited for another place: ${report.foreignCitations.length}`,
      `possibly superseded (shown as 待核实): ${report.superseded.length ? `\n  ${report.superseded.join('\n  ')}` : 'none'}`,
      `sentence gone from its page (data/watch.json; shown as 待核实): ${report.quoteGone.length ? `\n  ${report.quoteGone.join('\n  ')}` : 'none'}`,
      `sources: ${report.sources}, leads kept out of verdicts: ${report.leads.length}`,
      `stale sources (past their review date): ${report.stale.length ? report.stale.map((s) => s.id).join(', ') : 'none'}`,
      report.errors.length
        ? `errors (${report.errors.length}):\n- ${report.errors.join('\n- ')}`
        : 'errors: none',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = report.errors.length ? 1 : 0;
}
