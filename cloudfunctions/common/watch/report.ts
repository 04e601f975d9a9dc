/**
 * What a source watch produces (data/watch.json, the `watch` collection): per source whether its
 * page still holds the sentences the data quotes. Read back through this schema wherever a report
 * is loaded, so a hand-edited or truncated file is refused rather than half-applied.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const WATCH_STATUSES = ['ok', 'quote_missing', 'gone', 'unreachable'] as const;
/**
 * ok: every quote is on the page; quote_missing: the page answers but some quotes are not on it;
 * gone: 404/410, or a redirect to the site's home page; unreachable: a network error, a timeout,
 * or an answer that says nothing about the page (5xx, 403, 429 …).
 */
export type WatchStatus = (typeof WATCH_STATUSES)[number];

export const sourceCheckSchema = z.strictObject({
  id: z.string().min(1),
  url: z.string().min(1),
  status: z.enum(WATCH_STATUSES),
  /** Keys of the source's quotes that were not found (quote_missing only). */
  missingQuotes: z.array(z.string()),
  /** What happened, in a few words: "HTTP 404", "timeout", "redirected to https://…/". */
  detail: z.string().optional(),
  /** The source's url and quotes when checked: a check says nothing once a person changed either. */
  fingerprint: z.string().min(1),
});
export type SourceCheck = z.infer<typeof sourceCheckSchema>;

export const watchReportSchema = z.strictObject({
  /** When the run started (ISO 8601). Shown as 原文核对于 <China date>. */
  checkedAt: z.iso.datetime(),
  /** network: pages fetched live; saved_pages: read from a folder of saved pages (fixtures). */
  origin: z.enum(['network', 'saved_pages']),
  /**
   * True when the run's own network was down (every page unreachable and the canary too): such a
   * report says nothing about the pages and is never recorded.
   */
  networkDown: z.boolean(),
  sources: z.array(sourceCheckSchema),
});
export type WatchReport = z.infer<typeof watchReportSchema>;

/** The parts of a source a check depends on. */
export interface WatchedSource {
  id: string;
  url: string;
  quotes: Record<string, string>;
}

/** A short hash of a source's url and quotes, so a check applies only to what was checked. */
export function fingerprintOf(source: WatchedSource): string {
  const quotes = Object.keys(source.quotes)
    .sort()
    .map((key) => [key, source.quotes[key]]);
  return createHash('sha256')
    .update(JSON.stringify([source.url, quotes]))
    .digest('hex')
    .slice(0, 16);
}
