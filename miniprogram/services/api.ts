/** One typed function per backend call the pages make. */
import type { Situation, Verdict } from '../../typings/contract';
import { callFunction } from './cloud';

export interface CityRow {
  code: string;
  name: string;
  shortName: string;
  province: string;
  pinyin: string;
  initials: string;
}

export interface CityRule {
  layer: 'city' | 'province';
  param: string;
  from: string;
  value: unknown;
  note?: string;
  sourceId: string;
}

export interface CityDetail {
  place: CityRow;
  hasOwnRules: boolean;
  rules: CityRule[];
  sources: Verdict['sources'];
  dataVersion: string;
  origin: string;
}

export interface ChecklistItemView {
  id: string;
  label: string;
  hint?: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
  note?: string;
  noteBy?: string;
  noteAt?: string;
}

export interface ChecklistView {
  id: string;
  shareToken: string;
  title: string;
  role: 'owner' | 'member';
  items: ChecklistItemView[];
  memberCount: number;
  subscribed: boolean;
  validUntil: string | null;
  version: number;
  updatedAt: string;
}

export const api = {
  evaluate: (situation: Situation) => callFunction<Verdict>('evaluate', { situation }),
  listCities: () => callFunction<{ cities: CityRow[] }>('cities', { action: 'list' }),
  cityDetail: (code: string) => callFunction<CityDetail>('cities', { action: 'detail', code }),
  createChecklist: (situation: Situation) =>
    callFunction<ChecklistView>('checklist', { action: 'create', situation }),
  getChecklist: (id: string) => callFunction<ChecklistView>('checklist', { action: 'get', id }),
  joinChecklist: (id: string, shareToken: string) =>
    callFunction<ChecklistView>('checklist', { action: 'join', id, shareToken }),
  toggleItem: (id: string, itemId: string, done: boolean) =>
    callFunction<ChecklistView>('checklist', { action: 'toggle', id, itemId, done }),
  noteItem: (id: string, itemId: string, note: string) =>
    callFunction<ChecklistView>('checklist', { action: 'note', id, itemId, note }),
  subscribe: (id: string, enabled: boolean) =>
    callFunction<ChecklistView>('checklist', { action: 'subscribe', id, enabled }),
};
