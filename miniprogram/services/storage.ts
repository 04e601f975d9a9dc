/**
 * What the mini-program keeps on the phone: the wizard's answers (so nothing typed is lost), recent
 * results, settings, and the city list. Never a name, ID number or phone number.
 */
import type { Situation } from '../../typings/contract';
import type { CityRow } from './api';

const KEYS = {
  draft: 'draft-v1',
  recent: 'recent-v1',
  settings: 'settings-v1',
  // v2: rows carry the province's short name and pinyin, and the size rank, for search.
  cities: 'cities-v2',
  pending: 'pending-v1',
};

export interface Draft {
  answers: Partial<Situation>;
  step: number;
}

export interface RecentResult {
  situation: Situation;
  headline: string;
  title: string;
  at: string;
  /** The checklist this result was opened from (查看完整查询结果), so it leads back there. */
  checklistId?: string;
}

export interface Settings {
  largeText: boolean;
}

function read<T>(key: string, fallback: T): T {
  try {
    const value = wx.getStorageSync(key);
    return value === '' || value === undefined || value === null ? fallback : (value as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    wx.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable: the app still works, it just forgets.
  }
}

export const storage = {
  draft: (): Draft => read<Draft>(KEYS.draft, { answers: {}, step: 0 }),
  saveDraft: (draft: Draft) => write(KEYS.draft, draft),
  clearDraft: () => write(KEYS.draft, { answers: {}, step: 0 }),
  /** The situation the result page evaluates (too long for a page URL). */
  pending: (): Situation | null => read<Situation | null>(KEYS.pending, null),
  setPending: (situation: Situation) => write(KEYS.pending, situation),
  recent: (): RecentResult[] => read<RecentResult[]>(KEYS.recent, []),
  addRecent(entry: RecentResult) {
    const key = JSON.stringify(entry.situation);
    const others = this.recent().filter((r) => JSON.stringify(r.situation) !== key);
    write(KEYS.recent, [entry, ...others].slice(0, 5));
  },
  settings: (): Settings => read<Settings>(KEYS.settings, { largeText: false }),
  saveSettings: (settings: Settings) => write(KEYS.settings, settings),
  cities: (): CityRow[] => read<CityRow[]>(KEYS.cities, []),
  saveCities: (cities: CityRow[]) => write(KEYS.cities, cities),
};
