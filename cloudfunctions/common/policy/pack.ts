/**
 * A policy pack: everything the engine needs, already validated. Built from the files under
 * data/ (scripts, tests, the bundled snapshot) or from the store (cloud functions).
 */
import { z } from 'zod';
import {
  layerSchema,
  placeSchema,
  sourceSchema,
  USABLE_GRADES,
  type LayerParams,
  type Place,
  type PolicyLayer,
  type Source,
} from './schema';
import { watchReportSchema, type WatchReport } from '../watch/report';
import { applyWatch, type SourceCheckView } from './watch';

export interface PolicyPack {
  /** Content hash of the data: changes whenever any value or source changes. */
  version: string;
  origin: 'files' | 'snapshot' | 'live';
  /** Shown to the user with the verdict, e.g. why the bundled snapshot was used. */
  note?: string;
  sources: Record<string, Source>;
  national: PolicyLayer;
  provinces: Record<string, PolicyLayer>;
  cities: Record<string, PolicyLayer>;
  places: Record<string, Place>;
  /**
   * The source watch's report this pack was read with (policy/watch.ts), null when there is none:
   * `checks` holds each source's last check, and values whose sentence is gone are marked.
   */
  watch?: WatchReport | null;
  checks?: Record<string, SourceCheckView>;
}

/** A value kept in the data as a lead (grade C or S): never used by the engine. */
export interface Lead {
  layer: string;
  param: string;
  from: string;
  source: string;
  grade: string;
}

export interface PackInput {
  version: string;
  origin: PolicyPack['origin'];
  sources: unknown[];
  layers: unknown[];
  places: unknown[];
  /** The source watch's last report (data/watch.json), if any. */
  watch?: unknown;
}

interface DatedEntry {
  from: string;
  value: unknown;
  source: string;
}

function hasSource(entry: unknown): entry is { source: string } {
  return (
    typeof entry === 'object' && entry !== null && typeof (entry as { source?: unknown }).source === 'string'
  );
}

export class PolicyDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy data is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'PolicyDataError';
  }
}

function describeZodError(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${where}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * Validates raw data and assembles a pack. Values whose source is graded C or S are moved out into
 * `leads`: the loader refuses to let them reach a verdict. Throws PolicyDataError listing every problem.
 */
export function buildPack(input: PackInput): { pack: PolicyPack; leads: Lead[] } {
  const problems: string[] = [];
  const sources: Record<string, Source> = {};
  input.sources.forEach((raw, i) => {
    const parsed = sourceSchema.safeParse(raw);
    if (!parsed.success) return problems.push(...describeZodError(`sources[${i}]`, parsed.error));
    if (sources[parsed.data.id]) problems.push(`sources: duplicate id ${parsed.data.id}`);
    sources[parsed.data.id] = parsed.data;
  });

  const places: Record<string, Place> = {};
  input.places.forEach((raw, i) => {
    const parsed = placeSchema.safeParse(raw);
    if (!parsed.success) return problems.push(...describeZodError(`places[${i}]`, parsed.error));
    places[parsed.data.code] = parsed.data;
  });

  const leads: Lead[] = [];
  let national: PolicyLayer | undefined;
  const provinces: Record<string, PolicyLayer> = {};
  const cities: Record<string, PolicyLayer> = {};
  input.layers.forEach((raw, i) => {
    const parsed = layerSchema.safeParse(raw);
    if (!parsed.success) return problems.push(...describeZodError(`layers[${i}]`, parsed.error));
    const layer = parsed.data as PolicyLayer;
    const where = `${layer.layer} ${layer.code} ${layer.name}`;
    const params: LayerParams = {};
    const gradeOk = (sourceId: string, what: string, from: string): boolean => {
      const source = sources[sourceId];
      if (!source) {
        problems.push(`${where}: ${what} from ${from}: unknown source "${sourceId}"`);
        return false;
      }
      if (USABLE_GRADES.includes(source.grade)) return true;
      leads.push({ layer: where, param: what, from, source: source.id, grade: source.grade });
      return false;
    };
    for (const [key, values] of Object.entries(layer.params) as [string, DatedEntry[]][]) {
      if (!values) continue;
      const usable = values
        .filter((value) => gradeOk(value.source, key, value.from))
        .map((value) =>
          Array.isArray(value.value)
            ? {
                ...value,
                // List items with a source of their own pass the same grade check.
                value: (value.value as unknown[]).filter(
                  (entry, i) => !hasSource(entry) || gradeOk(entry.source, `${key}[${i}]`, value.from),
                ),
              }
            : value,
        );
      if (usable.length) (params as Record<string, unknown>)[key] = usable;
    }
    const clean: PolicyLayer = { ...layer, params };
    if (layer.layer === 'national') {
      if (national) problems.push('more than one national layer');
      national = clean;
    } else {
      const target = layer.layer === 'province' ? provinces : cities;
      if (target[layer.code]) problems.push(`${where}: defined twice`);
      if (layer.layer === 'province' && !layer.code.endsWith('0000'))
        problems.push(`${where}: a province code ends in 0000`);
      if (!places[layer.code] && layer.layer === 'city')
        problems.push(`${where}: no such city in the city list`);
      target[layer.code] = clean;
    }
  });
  if (!national) problems.push('no national layer');
  const watch = input.watch === undefined ? null : watchReportSchema.safeParse(input.watch);
  if (watch && !watch.success) problems.push(...describeZodError('watch.json', watch.error));
  if (problems.length) throw new PolicyDataError(problems);
  const pack: PolicyPack = {
    version: input.version,
    origin: input.origin,
    sources,
    national: national!,
    provinces,
    cities,
    places,
  };
  return { pack: applyWatch(pack, watch?.data), leads };
}
