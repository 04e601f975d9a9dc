/**
 * The source watch as an input to the pack, applied by a pure function: applyWatch(pack, report)
 * gives each source its last check (`checks`: 原文核对于 / 原文近期无法核对 on the pages) and marks
 * every dated value or list item whose quoted sentence the watch no longer found on its page
 * (`quoteGone`). The resolver passes over marked values, so the engine never states them as fact,
 * and the city page shows them as 待核实 — until a person records the new sentence (which changes
 * the source's fingerprint, so the old check no longer applies to it).
 *
 * A check applies to a source only while its url and quotes are those that were checked, and a
 * report made while the watch's own network was down is ignored. The pack's values are never
 * changed: marks are added to copies, and applying another report starts from a clean copy.
 */
import { chinaDate } from '../contract/dates';
import { fingerprintOf, type WatchReport, type WatchStatus } from '../watch/report';
import type { PolicyPack } from './pack';
import type { DatedValue, LayerParams, PolicyLayer } from './schema';

/** A source's last check, as the pages show it. */
export interface SourceCheckView {
  status: WatchStatus;
  /** The China date of the run. */
  checkedAt: string;
  missingQuotes: string[];
}

/** Which quoted sentences of which source the watch no longer found. */
export interface QuoteGone {
  sourceId: string;
  keys: string[];
}

/** A dated value or list item as the watch left it. */
export type Marked = { quoteGone?: QuoteGone };

type Item = { source?: string; quote?: string | string[] } & Marked;

const keysOf = (quote: string | string[] | undefined): string[] =>
  !quote ? [] : Array.isArray(quote) ? quote : [quote];

/** A list whose items are objects: each item is shown, cited and marked on its own (as audit.ts reads it). */
export const isItemList = (value: unknown): value is Item[] =>
  Array.isArray(value) && value.some((item) => item && typeof item === 'object');

function checksOf(pack: PolicyPack, report: WatchReport | null | undefined): Record<string, SourceCheckView> {
  if (!report || report.networkDown) return {};
  const checkedAt = chinaDate(new Date(report.checkedAt));
  const checks: Record<string, SourceCheckView> = {};
  for (const result of report.sources) {
    const source = pack.sources[result.id];
    if (!source || fingerprintOf(source) !== result.fingerprint) continue;
    checks[result.id] = { status: result.status, checkedAt, missingQuotes: result.missingQuotes };
  }
  return checks;
}

export function applyWatch(pack: PolicyPack, report: WatchReport | null | undefined): PolicyPack {
  const checks = checksOf(pack, report);
  const gone = (sourceId: string, quote: string | string[] | undefined): QuoteGone | undefined => {
    const missing = checks[sourceId]?.status === 'quote_missing' ? checks[sourceId].missingQuotes : [];
    const keys = keysOf(quote).filter((key) => missing.includes(key));
    return keys.length ? { sourceId, keys } : undefined;
  };
  const mark = <T extends Marked>(target: T, quoteGone: QuoteGone | undefined): T => {
    const { quoteGone: _previous, ...clean } = target;
    return (quoteGone ? { ...clean, quoteGone } : clean) as T;
  };
  const markEntry = (entry: DatedValue<unknown> & Marked): DatedValue<unknown> => {
    if (!isItemList(entry.value)) return mark(entry, gone(entry.source, entry.quote));
    const items = entry.value.map((item) =>
      item && typeof item === 'object'
        ? mark(item, gone(item.source ?? entry.source, item.quote ?? (item.source ? undefined : entry.quote)))
        : item,
    );
    return { ...mark(entry, undefined), value: items };
  };
  const markLayer = (layer: PolicyLayer): PolicyLayer => ({
    ...layer,
    params: Object.fromEntries(
      Object.entries(layer.params).map(([key, values]) => [
        key,
        (values as DatedValue<unknown>[] | undefined)?.map(markEntry),
      ]),
    ) as LayerParams,
  });
  const mapLayers = (layers: Record<string, PolicyLayer>) =>
    Object.fromEntries(Object.entries(layers).map(([code, layer]) => [code, markLayer(layer)]));
  return {
    ...pack,
    watch: report && !report.networkDown ? report : null,
    checks,
    national: markLayer(pack.national),
    provinces: mapLayers(pack.provinces),
    cities: mapLayers(pack.cities),
  };
}

/** The entry as the engine may use it: none when its sentence is gone, and without the items whose sentence is. */
export function confirmedValue<T>(entry: DatedValue<T> & Marked): T | null {
  if (entry.quoteGone || entry.value === null) return null;
  if (!isItemList(entry.value)) return entry.value;
  const kept = entry.value.filter((item) => !(item as Item)?.quoteGone);
  if (kept.length === entry.value.length) return entry.value;
  return kept.length ? (kept as T) : null;
}

/** The newer of two reports (by checkedAt); a report from a run without network counts as none. */
export function newerReport(
  a: WatchReport | null | undefined,
  b: WatchReport | null | undefined,
): WatchReport | null {
  const usable = [a, b].filter((r): r is WatchReport => Boolean(r && !r.networkDown));
  return usable.sort((x, y) => y.checkedAt.localeCompare(x.checkedAt))[0] ?? null;
}
