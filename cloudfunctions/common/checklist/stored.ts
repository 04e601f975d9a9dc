/**
 * What a checklist keeps of the situation, and a stored checklist as this version reads it. Kept
 * apart from doc.ts (which makes checklists from verdicts) so the stores can read through it
 * without the engine.
 */
import type { ChecklistDoc, SharedSituation } from '../ports';

/** The fields of a situation a checklist keeps: everything that decides the answer, no money. */
export const SHARED_FIELDS = [
  'insuredCity',
  'careCity',
  'scheme',
  'retired',
  'reason',
  'careType',
  'chronicDisease',
  'hospitalLevel',
  'stage',
  'treatmentDate',
  'hasProof',
] as const satisfies readonly (keyof SharedSituation)[];

/** The fields a reminder reads (ChecklistStore.dueForReminder), read by handlers/reminders.ts. */
export const REMINDER_FIELDS = [
  '_id',
  'title',
  'validUntil',
  'subscribers',
  'reminderProgress',
  'reminderFailures',
] as const;

/** A field list as a projection, for either store (1 = include). */
export const projection = (fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, 1 as const]));

/**
 * A stored checklist as this version reads it. One made by an earlier version (before stable 家人N
 * labels, resharing and filing-day reminders) lacks those fields and may still keep the amounts of
 * money: it is read as if made now — 家人N in the members' order, no money, no filing day yet — so
 * it opens, can be joined, and never shows an amount. Both stores read through this.
 */
export function storedChecklist(raw: ChecklistDoc): ChecklistDoc {
  const situation = raw.situation as Record<string, unknown>;
  const current =
    Array.isArray(raw.people) &&
    Array.isArray(raw.reminderFailures) &&
    raw.validity !== undefined &&
    !('coveredCost' in situation) &&
    !('localRatio' in situation);
  if (current) return raw;
  const kept: Record<string, unknown> = {};
  for (const field of SHARED_FIELDS) if (situation[field] !== undefined) kept[field] = situation[field];
  return {
    ...raw,
    allowReshare: raw.allowReshare ?? false,
    category: raw.category ?? null,
    members: raw.members ?? [],
    people: raw.people ?? [...(raw.members ?? [])],
    subscribers: raw.subscribers ?? [],
    situation: kept as unknown as SharedSituation,
    validity: raw.validity ?? null,
    filedOn: raw.filedOn ?? null,
    validUntil: raw.validUntil ?? null,
    remindedAt: raw.remindedAt ?? null,
    reminderFailures: raw.reminderFailures ?? [],
  };
}
