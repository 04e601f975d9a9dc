/**
 * What the cities and checklist functions return: the contract the mini-program renders.
 * (The evaluate function returns a Verdict, in contract.d.ts.)
 */
import type { FilingCategory, Situation, SourceRef, Term } from './contract';

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
  fromIs: 'effective' | 'year' | 'deadline' | 'published' | 'read';
  value: unknown;
  note?: string;
  sourceId: string;
  /** The quoted sentences behind it (原文), with their source. */
  quotes: { sourceId: string; text: string }[];
  /** A newer rule of a higher layer probably replaced it: shown as 待核实, never as fact. */
  supersededBy?: { document: string; from: string };
  /** The source watch no longer finds its sentence on the page: shown as 待核实, never as fact. */
  quoteGone?: true;
  /**
   * The source watch's word on it: checked — its sentences were on their pages on `date`
   * (原文核对于); changed — one was gone on `date`; failed — a page could not be read lately
   * (原文近期无法核对); unchecked — no check since a person read its sources on `date`.
   */
  check: { state: 'checked' | 'changed' | 'failed' | 'unchecked'; date?: string };
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
  /** Ticking it asks 哪天办好的: the filing's end, and so the reminder, count from that day. */
  asksFilingDay?: true;
}

/**
 * What a checklist keeps of the situation it was made for, to open the same result: the situation
 * without its amounts of money (coveredCost, localRatio).
 */
export type SharedSituation = Omit<Situation, 'coveredCost' | 'localRatio'>;

export interface ChecklistValidityView {
  /**
   * filed — counted from the day the user said the filing was made (filedOn);
   * if_filed_today — not filed yet: the dates a filing made today would have;
   * treatment_date — a late filing, counted from the treatment date.
   */
  basis: 'filed' | 'if_filed_today' | 'treatment_date';
  /** Last day; null when open-ended (a long-term filing) or unknown. */
  until: string | null;
  filedOn: string | null;
  term: Term | null;
  /** The rules guarantee at least this long (不少于). */
  untilIsMinimum: boolean;
}

/** A family member as the owner sees them, to remove one: never an OPENID. */
export interface ChecklistMemberView {
  /** The N of 家人N, fixed when they joined. */
  no: number;
  label: string;
}

/** Someone else changed the item first: their change stands, and this says whose it was. */
export interface ChecklistConflict {
  itemId: string;
  /** 创建者 or 家人N. */
  by: string;
  at?: string;
  what: 'done' | 'note';
}

export interface ChecklistView {
  id: string;
  title: string;
  role: 'owner' | 'member';
  /** The viewer as others see them: 创建者 or 家人N. */
  me: string;
  /** Only for the owner, and for members when the owner lets them pass the checklist on. */
  shareToken?: string;
  allowReshare: boolean;
  insuredCity: string;
  careCity: string;
  category: FilingCategory | null;
  items: ChecklistItemView[];
  memberCount: number;
  /** Owner only: the members now, to remove one. */
  members?: ChecklistMemberView[];
  subscribed: boolean;
  /** A reminder is possible: the filing has an end, now or once its day is known. */
  canSubscribe: boolean;
  validity: ChecklistValidityView | null;
  /** The day the expiry reminder counts back from; null until known. */
  validUntil: string | null;
  /** For 查看完整结果: the same situation, to evaluate again. */
  situation: SharedSituation;
  version: number;
  createdAt: string;
  updatedAt: string;
  conflict?: ChecklistConflict;
}

/** One line of 我的清单. */
export interface ChecklistRow {
  id: string;
  title: string;
  /** Why the person is away: the row names it under the two cities. */
  reason: Situation['reason'];
  role: 'owner' | 'member';
  insuredCity: string;
  careCity: string;
  done: number;
  total: number;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChecklistPage {
  lists: ChecklistRow[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  next: string | null;
}

/** The checklist's own 小程序码 (locally a plain QR of the link with the same scene). */
export interface ChecklistCodeView {
  scene: string;
  page: string;
  kind: 'wxacode' | 'link_qr';
  contentType: string;
  imageBase64: string;
}
