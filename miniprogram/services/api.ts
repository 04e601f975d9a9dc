/** One typed function per backend call the pages make. */
import type { CityDetail, CityRow, ChecklistView } from '../../typings/api';
import type { Situation, Verdict } from '../../typings/contract';

export type { CityDetail, CityRow, CityRule, ChecklistItemView, ChecklistView } from '../../typings/api';
import { callFunction } from './cloud';

export const api = {
  evaluate: (situation: Situation) => callFunction<Verdict>('evaluate', { situation }),
  listCities: () => callFunction<{ cities: CityRow[] }>('cities', { action: 'list' }),
  searchCities: (query: string) =>
    callFunction<{ cities: CityRow[] }>('cities', { action: 'search', query: query.slice(0, 20), limit: 8 }),
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
