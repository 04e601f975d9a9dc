import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';
import {
  fingerprintOf,
  type SourceCheck,
  type WatchReport,
  type WatchStatus,
} from '../../cloudfunctions/common/watch/report';

/** 7 December 2026, 03:00 in China. */
export const CHECKED_AT = '2026-12-06T19:00:00.000Z';

/**
 * A watch report on some of the pack's own sources (so it applies to them), each with the status
 * given, or `{ missing }` for the quotes no longer on the page.
 */
export function reportFor(
  pack: PolicyPack,
  statuses: Record<string, WatchStatus | { missing: string[] }>,
  extra: Partial<WatchReport> = {},
): WatchReport {
  const sources: SourceCheck[] = Object.entries(statuses).map(([id, status]) => ({
    id,
    url: pack.sources[id].url,
    status: typeof status === 'string' ? status : 'quote_missing',
    missingQuotes: typeof status === 'string' ? [] : status.missing,
    fingerprint: fingerprintOf(pack.sources[id]),
  }));
  return { checkedAt: CHECKED_AT, origin: 'network', networkDown: false, sources, ...extra };
}
