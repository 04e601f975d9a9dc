import type { SourceRef } from '../../../typings/contract';
import { addDays } from '../contract/dates';
import type { Source } from './schema';

const reviewDates = new WeakMap<Source, string>();

/** verifiedAt + reviewIntervalDays, computed once per source object. */
function reviewBy(source: Source): string {
  let date = reviewDates.get(source);
  if (!date) reviewDates.set(source, (date = addDays(source.verifiedAt, source.reviewIntervalDays)));
  return date;
}

const refs = new WeakMap<Source, { today: string; ref: SourceRef }>();

/**
 * A source as shown to users, with whether it is past its review date; null for grades C and S.
 * The same frozen object is returned for the same source and day (verdicts share it).
 */
export function toSourceRef(source: Source | undefined, today: string): SourceRef | null {
  if (!source || (source.grade !== 'A' && source.grade !== 'B')) return null;
  const cached = refs.get(source);
  if (cached?.today === today) return cached.ref;
  const ref: SourceRef = Object.freeze({
    id: source.id,
    authority: source.authority,
    title: source.title,
    url: source.url,
    grade: source.grade,
    publishedAt: source.publishedAt,
    verifiedAt: source.verifiedAt,
    stale: reviewBy(source) < today,
  });
  refs.set(source, { today, ref });
  return ref;
}
