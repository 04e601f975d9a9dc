/**
 * What a viewer sees of a stored checklist. People appear as 我 / 创建者 / 家人N, never as an OPENID;
 * 家人N is their place among everyone who ever joined, so it is fixed when they join and history
 * never changes its words. The share token is shown to the owner, and to members only when the
 * owner lets them pass the checklist on.
 */
import type { ChecklistConflict, ChecklistRow, ChecklistView } from '../../../typings/api';
import { endOf } from '../engine/validity';
import type { ChecklistDoc, ChecklistItem } from '../ports';
import { FILING_ITEM_ID } from './items';

/** 创建者 or 家人N: how others see this person; '家人' for someone unknown to the checklist. */
export function labelOf(doc: ChecklistDoc, openid: string): string {
  if (openid === doc._openid) return '创建者';
  const index = (doc.people ?? []).indexOf(openid);
  return index >= 0 ? `家人${index + 1}` : '家人';
}

function who(doc: ChecklistDoc, openid: string | undefined, viewer: string): string | undefined {
  if (!openid) return undefined;
  return openid === viewer ? '我' : labelOf(doc, openid);
}

export const isMember = (doc: ChecklistDoc, openid: string) =>
  doc._openid === openid || doc.members.includes(openid);

function validityView(doc: ChecklistDoc, today: string): ChecklistView['validity'] {
  const v = doc.validity;
  if (!v) return null;
  const common = { filedOn: doc.filedOn, term: v.term, untilIsMinimum: v.untilIsMinimum };
  if (v.basis === 'treatment_date') return { basis: 'treatment_date', until: v.until, ...common };
  if (doc.filedOn) return { basis: 'filed', until: doc.validUntil, ...common };
  return { basis: 'if_filed_today', until: v.term ? endOf(today, v.term) : v.until, ...common };
}

/** Whether ticking this item should ask the day the filing was made. */
function asksFilingDay(doc: ChecklistDoc, item: ChecklistItem): boolean {
  return item.id === FILING_ITEM_ID && doc.validity?.basis === 'filed_today' && !!doc.validity.term;
}

/** A city's name from its code (the bundled place list); the code itself if it is unknown. */
export type CityName = (code: string) => string;

export function checklistView(
  doc: ChecklistDoc,
  viewer: string,
  context: { today: string; cityName: CityName },
  conflict?: ChecklistConflict,
): ChecklistView {
  const { today, cityName } = context;
  const owner = doc._openid === viewer;
  const validity = validityView(doc, today);
  return {
    id: doc._id,
    title: doc.title,
    role: owner ? 'owner' : 'member',
    me: labelOf(doc, viewer),
    ...(owner || doc.allowReshare ? { shareToken: doc.shareToken } : {}),
    allowReshare: doc.allowReshare,
    insuredCity: cityName(doc.situation.insuredCity),
    careCity: cityName(doc.situation.careCity),
    category: doc.category,
    items: doc.items.map((item) => {
      const { doneBy, noteBy, rev: _rev, ...shown } = item;
      return {
        ...shown,
        ...(doneBy ? { doneBy: who(doc, doneBy, viewer) } : {}),
        ...(noteBy ? { noteBy: who(doc, noteBy, viewer) } : {}),
        ...(asksFilingDay(doc, item) ? { asksFilingDay: true as const } : {}),
      };
    }),
    memberCount: doc.members.length,
    ...(owner
      ? { members: doc.members.map((m) => ({ no: doc.people.indexOf(m) + 1, label: labelOf(doc, m) })) }
      : {}),
    subscribed: doc.subscribers.includes(viewer),
    canSubscribe: Boolean(doc.validUntil || (validity?.basis === 'if_filed_today' && validity.term)),
    validity,
    validUntil: doc.validUntil,
    situation: doc.situation,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(conflict ? { conflict } : {}),
  };
}

export function checklistRow(doc: ChecklistDoc, viewer: string, cityName: CityName): ChecklistRow {
  return {
    id: doc._id,
    title: doc.title,
    reason: doc.situation.reason,
    role: doc._openid === viewer ? 'owner' : 'member',
    insuredCity: cityName(doc.situation.insuredCity),
    careCity: cityName(doc.situation.careCity),
    done: doc.items.filter((i) => i.done).length,
    total: doc.items.length,
    memberCount: doc.members.length,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
