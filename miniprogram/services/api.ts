/** One typed function per backend call the pages make. */
import type { ChecklistCodeView, ChecklistPage, ChecklistView, CityDetail, CityRow } from '../../typings/api';
import type { Situation, Verdict } from '../../typings/contract';

export type {
  ChecklistCodeView,
  ChecklistConflict,
  ChecklistItemView,
  ChecklistPage,
  ChecklistRow,
  ChecklistView,
  CityDetail,
  CityRow,
  CityRule,
} from '../../typings/api';
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
  /** Cheap: only the version, to notice others' changes while the page is open. */
  checklistVersion: (id: string) =>
    callFunction<{ version: number }>('checklist', { action: 'version', id }, { retries: 0 }),
  listChecklists: (cursor?: string) =>
    callFunction<ChecklistPage>('checklist', { action: 'list', ...(cursor ? { cursor } : {}) }),
  joinChecklist: (id: string, shareToken: string) =>
    callFunction<ChecklistView>('checklist', { action: 'join', id, shareToken }),
  /** `filedOn`: for the filing item, the day it was made (the reminder counts from it). */
  toggleItem: (id: string, itemId: string, done: boolean, filedOn?: string) =>
    callFunction<ChecklistView>('checklist', {
      action: 'toggle',
      id,
      itemId,
      done,
      ...(filedOn ? { filedOn } : {}),
    }),
  /** `previous`: the note as it was when editing began; if someone changed it since, theirs stands. */
  noteItem: (id: string, itemId: string, note: string, previous?: string) =>
    callFunction<ChecklistView>('checklist', {
      action: 'note',
      id,
      itemId,
      note,
      ...(previous !== undefined ? { previous } : {}),
    }),
  subscribe: (id: string, enabled: boolean) =>
    callFunction<ChecklistView>('checklist', { action: 'subscribe', id, enabled }),
  /**
   * The owner deletes it for everyone; a member leaves it. These and the two below are done when a
   * retry finds their object gone: the attempt that timed out went through (cloud.ts doneWhenGone).
   */
  endChecklist: (id: string, role: 'owner' | 'member') =>
    callFunction<{ deleted: true } | { left: true }>(
      'checklist',
      { action: role === 'owner' ? 'delete' : 'leave', id },
      { doneWhenGone: () => (role === 'owner' ? { deleted: true } : { left: true }) },
    ),
  removeMember: (id: string, member: number) =>
    callFunction<ChecklistView>(
      'checklist',
      { action: 'removeMember', id, member },
      { doneWhenGone: () => api.getChecklist(id) },
    ),
  rotateShareToken: (id: string) =>
    callFunction<ChecklistView>(
      'checklist',
      { action: 'rotateToken', id },
      { doneWhenGone: () => api.getChecklist(id) },
    ),
  allowReshare: (id: string, allow: boolean) =>
    callFunction<ChecklistView>('checklist', { action: 'reshare', id, allow }),
  checklistCode: (id: string) => callFunction<ChecklistCodeView>('checklist', { action: 'code', id }),
};
