/**
 * What the cities and checklist functions return: the contract the mini-program renders.
 * (The evaluate function returns a Verdict, in contract.d.ts.)
 */
import type { SourceRef } from './contract';

export interface CityRow {
  code: string;
  name: string;
  shortName: string;
  province: string;
  pinyin: string;
  initials: string;
  provinceShort: string;
  provincePinyin: string;
  /** The largest cities by 城区人口 rank first in search (1–21). */
  sizeRank?: number;
  /** Search only: the district or county the query named ("铁东区"). */
  via?: string;
}

/** A city's or its province's rule in force today, with the source it cites. */
export interface CityRule {
  layer: 'city' | 'province';
  param: string;
  /** When the rule began to apply; see `fromIs`. */
  from: string;
  /**
   * effective: the date it takes effect; year: only the year is named; published / read: none is
   * stated — the date it was published or first read stands in.
   */
  fromIs: 'effective' | 'year' | 'published' | 'read';
  value: unknown;
  note?: string;
  sourceId: string;
  /** The quoted sentences behind it (原文), with their source. */
  quotes: { sourceId: string; text: string }[];
  /** A newer rule of a higher layer probably replaced it: shown as 待核实, never as fact. */
  supersededBy?: { document: string; from: string };
}

export interface CityDetail {
  place: CityRow;
  /** True when the city has sourced rules of its own; otherwise answers follow the national rules. */
  hasOwnRules: boolean;
  rules: CityRule[];
  sources: (SourceRef & { scope: { level: string; code?: string; note?: string } })[];
  dataVersion: string;
  origin: 'live' | 'snapshot' | 'files';
}

export interface ChecklistItemView {
  id: string;
  label: string;
  hint?: string;
  done: boolean;
  /** 我, 创建者 or 家人N: never an OPENID. */
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
