/** A stored checklist of 50 items, for the store contract and the concurrency tests. */
import type { ChecklistDoc } from '../../cloudfunctions/common/ports';

const AT = '2026-11-22T08:00:00.000Z';

export function checklist(id: string, overrides: Partial<ChecklistDoc> = {}): ChecklistDoc {
  return {
    _id: id,
    _openid: 'owner',
    shareToken: 'token-1',
    allowReshare: false,
    members: [],
    people: [],
    subscribers: [],
    title: '深圳市 → 长沙市',
    category: 'temporary',
    items: Array.from({ length: 50 }, (_, i) => ({
      id: `item-${i}`,
      label: `第${i + 1}项`,
      done: false,
      rev: 0,
    })),
    situation: {
      insuredCity: '440300',
      careCity: '430100',
      scheme: 'employee',
      retired: true,
      reason: 'temporary',
      careType: 'inpatient',
      stage: 'planning',
      treatmentDate: '2026-12-01',
    },
    validity: {
      from: '2026-11-22',
      basis: 'filed_today',
      until: '2027-05-21',
      untilIsMinimum: true,
      term: { months: 6 },
    },
    filedOn: '2026-12-01',
    validUntil: '2027-05-31',
    remindedAt: null,
    reminderFailures: [],
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A situation as a client sends it (city names, not codes): a retiree from 深圳 treated in 长沙. */
export const SHENZHEN_TO_CHANGSHA = {
  insuredCity: '深圳',
  careCity: '长沙',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};
