import dayjs from 'dayjs';
import type { SourceRef } from '../../../typings/contract';
import type { Source } from './schema';

/** A source as shown to users, with whether it is past its review date; null for grades C and S. */
export function toSourceRef(source: Source | undefined, today: string): SourceRef | null {
  if (!source || (source.grade !== 'A' && source.grade !== 'B')) return null;
  const reviewBy = dayjs(source.verifiedAt).add(source.reviewIntervalDays, 'day').format('YYYY-MM-DD');
  return {
    id: source.id,
    authority: source.authority,
    title: source.title,
    url: source.url,
    grade: source.grade,
    publishedAt: source.publishedAt,
    verifiedAt: source.verifiedAt,
    stale: reviewBy < today,
  };
}
