import type { SourceRef } from '../../../typings/contract';
import { addDays } from '../contract/dates';
import type { Source } from './schema';
import type { SourceCheckView } from './watch';

const reviewDates = new WeakMap<Source, string>();

/** verifiedAt + reviewIntervalDays, computed once per source object. */
function reviewBy(source: Source): string {
  let date = reviewDates.get(source);
  if (!date) reviewDates.set(source, (date = addDays(source.verifiedAt, source.reviewIntervalDays)));
  return date;
}

const refs = new WeakMap<Source, Map<string, SourceRef>>();

/**
 * A source as shown to users, with whether it is past its review date, the source watch's last
 * check of its page, and the quoted sentences a verdict relied on (`quoteKeys`); null for grades
 * below B. The same frozen object is returned for the same source, day, check and quotes (verdicts share it).
 */
export function toSourceRef(
  source: Source | undefined,
  today: string,
  quoteKeys: readonly string[] = [],
  check?: SourceCheckView,
): SourceRef | null {
  if (!source || (source.grade !== 'A' && source.grade !== 'B')) return null;
  let byKey = refs.get(source);
  if (!byKey) refs.set(source, (byKey = new Map()));
  const cacheKey = `${today}|${quoteKeys.join(',')}|${check ? `${check.status}@${check.checkedAt}` : ''}`;
  const cached = byKey.get(cacheKey);
  if (cached) return cached;
  if (byKey.size > 64) byKey.clear();
  const ref: SourceRef = Object.freeze({
    id: source.id,
    authority: source.authority,
    title: source.title,
    url: source.url,
    copy: source.page === 'copy',
    grade: source.grade,
    publishedAt: source.publishedAt,
    verifiedAt: source.verifiedAt,
    stale: reviewBy(source) < today,
    ...(check ? { check: { status: check.status, checkedAt: check.checkedAt } } : {}),
    quotes: quoteKeys.flatMap((key) => {
      const text = source.quotes[key];
      return text ? [{ key, text }] : [];
    }),
  });
  byKey.set(cacheKey, ref);
  return ref;
}
