/**
 * A case in a page link, so a result can be forwarded (onShareAppMessage) and open as the same
 * answer on a parent's phone: the situation's fields as the query — without the amounts of money
 * someone typed (费用, 本地比例), as a checklist keeps it. The evaluate function validates what a
 * link brings like any other input.
 */
import type { Situation } from '../../typings/contract';

const TEXT_FIELDS = [
  'insuredCity',
  'careCity',
  'scheme',
  'reason',
  'careType',
  'chronicDisease',
  'stage',
  'treatmentDate',
] as const;
const FLAG_FIELDS = ['retired', 'hasProof'] as const;

export function caseQuery(situation: Partial<Situation>): string {
  const parts: string[] = [];
  for (const field of TEXT_FIELDS) {
    const value = situation[field];
    if (value) parts.push(`${field}=${encodeURIComponent(value)}`);
  }
  for (const field of FLAG_FIELDS) {
    const value = situation[field];
    if (value !== undefined) parts.push(`${field}=${value ? 1 : 0}`);
  }
  if (situation.hospitalLevel) parts.push(`hospitalLevel=${situation.hospitalLevel}`);
  return parts.join('&');
}

/** The case a link carries, or null when it carries none (no cities). */
export function caseFromQuery(query: Record<string, string | undefined>): Situation | null {
  if (!query.insuredCity || !query.careCity) return null;
  const situation: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const value = query[field];
    if (value) situation[field] = decodeURIComponent(value);
  }
  for (const field of FLAG_FIELDS) {
    if (query[field] === '1' || query[field] === '0') situation[field] = query[field] === '1';
  }
  if (query.hospitalLevel) situation.hospitalLevel = Number(query.hospitalLevel);
  return situation as unknown as Situation;
}
