/**
 * A new stored checklist, and the dates that follow from the day the filing was made. What is kept
 * is what the checklist's views need (cities, category, items, dates) and the situation without its
 * amounts of money, so the family can open the same result; nothing else about the person.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Verdict } from '../../../typings/contract';
import type { CheckedSituation } from '../engine/context';
import { endOf } from '../engine/validity';
import type { ChecklistDoc, ChecklistValidity, SharedSituation } from '../ports';
import { CHECKLIST_ID_LENGTH } from '../../../miniprogram/shared/scene';
import { itemsFromVerdict, titleOf } from './items';
import { SHARED_FIELDS } from './stored';

/**
 * The situation as the checklist keeps it. `treatmentDate` only when the person gave one: otherwise
 * it is "today", which would make tomorrow's identical situation look different.
 */
export function sharedSituation(checked: CheckedSituation, gaveTreatmentDate: boolean): SharedSituation {
  const shared: Record<string, unknown> = {};
  for (const field of SHARED_FIELDS) {
    if (field === 'treatmentDate' && !gaveTreatmentDate) continue;
    if (checked[field] !== undefined) shared[field] = checked[field];
  }
  return shared as unknown as SharedSituation;
}

/**
 * The checklist's id: a fingerprint of its owner and situation, so making it again opens the same
 * one (an insert of an existing id writes nothing, on both stores, atomically). 16 characters of
 * SHA-256 (96 bits), base64url: not guessable without the owner's OPENID, and not a secret anyway —
 * every read and write checks membership.
 */
export function checklistIdFor(openid: string, situation: SharedSituation): string {
  const canonical = SHARED_FIELDS.map((field) => [field, situation[field] ?? null]);
  return createHash('sha256')
    .update(JSON.stringify(['checklist/v1', openid, canonical]))
    .digest('base64url')
    .slice(0, CHECKLIST_ID_LENGTH);
}

/** 11 random bytes: 15 base64url characters (88 bits), short enough to fit a 小程序码's scene with the id. */
export function newShareToken(): string {
  return randomBytes(11).toString('base64url');
}

export { SHARE_TOKEN_LENGTH } from '../../../miniprogram/shared/scene';

/** The last day of the filing, counted from the day it was made when the rules count from that day. */
export function filingEnd(validity: ChecklistValidity | null, filedOn: string | null): string | null {
  if (!validity) return null;
  if (validity.basis !== 'filed_today') return validity.until;
  return filedOn && validity.term ? endOf(filedOn, validity.term) : null;
}

export function newChecklist(input: {
  openid: string;
  situation: SharedSituation;
  verdict: Verdict;
  reasonLabel: string;
  at: string;
}): ChecklistDoc {
  const { verdict, at } = input;
  const validity: ChecklistValidity | null = verdict.validity && {
    from: verdict.validity.from,
    basis: verdict.validity.basis,
    until: verdict.validity.until,
    untilIsMinimum: verdict.validity.untilIsMinimum,
    term: verdict.validity.term,
  };
  return {
    _id: checklistIdFor(input.openid, input.situation),
    _openid: input.openid,
    shareToken: newShareToken(),
    allowReshare: false,
    members: [],
    people: [],
    subscribers: [],
    title: titleOf(verdict, input.reasonLabel),
    category: verdict.filing.category,
    items: itemsFromVerdict(verdict),
    situation: input.situation,
    validity,
    filedOn: null,
    validUntil: filingEnd(validity, null),
    remindedAt: null,
    reminderFailures: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
