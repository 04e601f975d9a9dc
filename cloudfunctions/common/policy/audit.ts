/**
 * Every value a user can be shown, with where it comes from: its source, the quoted sentence(s),
 * whether the source speaks for the place whose rule it is, and whether a newer rule of a higher
 * layer probably replaced it. Used by `data:check` (which fails on a shown value without a quote,
 * or cited from another place's page) and `data:report`.
 */
import type { PolicyPack } from './pack';
import { layerChain, provinceCodeOf } from './resolve';
import type { DatedValue, FromKind, PolicyLayer, Source } from './schema';
import type { Marked } from './watch';

export interface ShownValue {
  layer: PolicyLayer['layer'];
  code: string;
  name: string;
  param: string;
  from: string;
  fromIs: FromKind;
  /** Index in the list value, for list items that are shown one by one. */
  item?: number;
  sourceId: string;
  /** The dated value's own source: its `from` (and `fromIs`) are that source's dates. */
  entrySourceId: string;
  quoteKeys: string[];
  /** Keys that name no quote of the source. */
  missingQuotes: string[];
  /** The source's scope does not cover this layer's place. */
  foreign: boolean;
  /** The `policy.supersedes` marker (document, from) that probably replaced it, as of `today`. */
  supersededBy?: { document: string; from: string; layer: string };
  /** Keys of its quotes that the source watch no longer found on the page (policy/watch.ts). */
  quoteGone?: string[];
}

type Entry = DatedValue<unknown>;
type Item = { source?: string; quote?: string | string[] } & Marked;

const keysOf = (quote: string | string[] | undefined): string[] =>
  !quote ? [] : Array.isArray(quote) ? quote : [quote];

/** Does a source scoped as `source.scope` speak for the rules of this layer? */
export function speaksFor(source: Source, layer: PolicyLayer): boolean {
  const { level, code, alsoNational } = source.scope;
  if (layer.layer === 'national') return level === 'national' || alsoNational === true;
  if (level === 'national' || !code) return false;
  if (layer.layer === 'province') return provinceCodeOf(code) === layer.code;
  // A city layer: the city's own page, one of its counties, or its province's document.
  return code === layer.code || (level === 'province' && code === provinceCodeOf(layer.code));
}

function layersOf(pack: PolicyPack): PolicyLayer[] {
  return [pack.national, ...Object.values(pack.provinces), ...Object.values(pack.cities)];
}

/** The value of `policy.supersedes` in force on `today` above a layer, for a city value's check. */
function markersAbove(pack: PolicyPack, layer: PolicyLayer, today: string) {
  if (layer.layer !== 'city') return [];
  return layerChain(pack, layer.code)
    .slice(1)
    .flatMap((l) => {
      const entries = (l.params['policy.supersedes'] ?? []).filter((e) => e.from <= today && e.value);
      const current = entries.at(-1);
      return current ? current.value!.map((m) => ({ ...m, from: current.from, layer: l.name })) : [];
    });
}

export function shownValues(pack: PolicyPack, today: string): ShownValue[] {
  const rows: ShownValue[] = [];
  for (const layer of layersOf(pack)) {
    const markers = markersAbove(pack, layer, today);
    for (const [param, values] of Object.entries(layer.params) as [string, Entry[]][]) {
      const entries = values ?? [];
      entries.forEach((entry, index) => {
        if (entry.value === null) return;
        // The value in force until the next one starts: superseded only if a marker falls after its start.
        const until = entries[index + 1]?.from ?? '9999-12-31';
        const marker = markers.find(
          (m) => (m.params as string[]).includes(param) && m.from > entry.from && m.from < until,
        );
        const base = {
          layer: layer.layer,
          code: layer.code,
          name: layer.name,
          param,
          from: entry.from,
          fromIs: entry.fromIs ?? 'effective',
          ...(marker
            ? { supersededBy: { document: marker.document, from: marker.from, layer: marker.layer } }
            : {}),
        };
        const push = (
          sourceId: string,
          quote: string | string[] | undefined,
          marked: Marked,
          item?: number,
        ) => {
          const source = pack.sources[sourceId];
          const quoteKeys = keysOf(quote);
          rows.push({
            ...base,
            ...(item !== undefined ? { item } : {}),
            ...(marked.quoteGone ? { quoteGone: marked.quoteGone.keys } : {}),
            sourceId,
            entrySourceId: entry.source,
            quoteKeys,
            missingQuotes: quoteKeys.filter((k) => !source?.quotes?.[k]),
            foreign: source ? !speaksFor(source, layer) : true,
          });
        };
        if (Array.isArray(entry.value) && entry.value.some((i) => i && typeof i === 'object')) {
          (entry.value as Item[]).forEach((item, i) =>
            push(item.source ?? entry.source, item.quote ?? (item.source ? undefined : entry.quote), item, i),
          );
        } else push(entry.source, entry.quote, entry);
      });
    }
  }
  return rows;
}
