/**
 * The evaluate contract (v1), shared by the mini-program and the cloud functions.
 * See ../shared/design.md §4. Types only: runtime vocabularies live in
 * cloudfunctions/common/contract/vocabulary.ts and are checked against these unions.
 *
 * All ratios, shares and point cuts are fractions of 1: a 20-point cut is 0.2, 80% is 0.8.
 */

/** 6-digit GB/T 2260 code; municipalities use their province code (北京 110000). */
export type CityCode = string;
/** Calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Scheme = 'employee' | 'resident';
export type Reason =
  'retiree_relocation' | 'long_term_residence' | 'work_posting' | 'referral' | 'emergency' | 'temporary';
export type CareType = 'inpatient' | 'outpatient' | 'chronic' | 'pharmacy';
export type ChronicDisease =
  | 'hypertension'
  | 'diabetes'
  | 'cancer_outpatient_therapy'
  | 'dialysis'
  | 'transplant_antirejection'
  | 'copd'
  | 'rheumatoid_arthritis'
  | 'coronary_heart_disease'
  | 'viral_hepatitis'
  | 'ankylosing_spondylitis'
  | 'other';
export type Stage = 'planning' | 'admitted_unfiled' | 'discharged_self_paid';
export type HospitalLevel = 1 | 2 | 3;

export interface Situation {
  insuredCity: CityCode;
  careCity: CityCode;
  scheme: Scheme;
  /** Employees only. */
  retired?: boolean;
  reason: Reason;
  careType: CareType;
  /** Only with careType `chronic`. */
  chronicDisease?: ChronicDisease;
  hospitalLevel?: HospitalLevel;
  stage: Stage;
  /** Defaults to the evaluation date. Selects which dated policy values apply. */
  treatmentDate?: IsoDate;
  /** 元: the in-scope part of the bill, for an estimate. */
  coveredCost?: number;
  /** Whether the category proof documents are at hand. */
  hasProof?: boolean;
  /**
   * Extension to design.md §4: the in-city ratio the person knows from their own bills
   * (e.g. 0.85). Used for the estimate when the 参保地 data has none.
   */
  localRatio?: number;
}

export type Scope = 'same_city' | 'intra_province' | 'cross_province';
export type FilingCategory = 'long_term' | 'temporary';
export type PolicyLayerKind = 'national' | 'province' | 'city';

/** Where a figure came from: the layer that defined it, its sources and the sentences quoted from them. */
export interface Provenance {
  layer: PolicyLayerKind | 'user' | 'none';
  sourceIds: string[];
  /** `<sourceId>#<key>`: the sentences behind the figure; their text is in `Verdict.sources[].quotes`. */
  quotes: string[];
}

/**
 * Where the verdict cannot answer something (`verify`), it says what to ask: one short sentence a
 * person can copy and put to the 参保地医保经办机构 as it stands.
 */
export interface OpenQuestion {
  /** Stable per topic (filing, documents, reimbursement, …) or a notice's code. */
  id: string;
  question: string;
}

export interface Filing {
  required: boolean;
  deemedFiled: boolean;
  category: FilingCategory | null;
  /** True when 参保地 rules say this trip needs no filing (e.g. a 省内 self-referred stay). */
  exempt: boolean;
  /** Filing after admission, before the discharge settlement, still gives direct settlement. */
  canFileLate: boolean;
  /** After a self-paid discharge: file late and claim by hand at the 参保地. */
  manualClaim: boolean;
  /**
   * True when no recorded rule says whether or how to file (e.g. a trip inside a province whose
   * own rules are not recorded): `required` is then the safe assumption, and `question` what to ask.
   */
  verify: boolean;
  question?: string;
  summary: string;
  provenance: Provenance;
}

export type DocumentId =
  | 'identity'
  | 'household_register'
  | 'residence_proof'
  | 'work_proof'
  | 'referral_certificate'
  | 'pledge'
  /** The category proof when the 参保地's list is not known: ask which one. */
  | 'category_proof'
  | 'invoice'
  | 'expense_list'
  | 'discharge_summary'
  | 'bank_account'
  /** The papers for a claim by hand when the 参保地's list is not known: ask which. */
  | 'claim_papers';

export interface DocumentItem {
  id: DocumentId;
  name: string;
  hint?: string;
  required: boolean;
  /** Any one of these may be brought instead. */
  alternatives: DocumentId[];
  /** True when the list rests on the general rule: confirm with the 参保地. */
  verify: boolean;
  /** With `verify`: what to ask. */
  question?: string;
  provenance: Provenance;
}

export type ChannelKind = 'national_app' | 'mini_program' | 'local_online' | 'counter';
export interface Channel {
  id: string;
  name: string;
  kind: ChannelKind;
  how?: string;
  provenance: Provenance;
}

/** A length of time a rule sets, so a client can recount it from another start day. */
export type Term = { months: number } | { days: number };

export interface Validity {
  from: IsoDate;
  /**
   * What `from` stands for: `filed_today` — a filing made on the evaluation day (planning: the
   * real filing day is not known yet, so dates read "如今天办理"); `treatment_date` — a late filing
   * for a stay that has begun or ended, counted from the admission / treatment date.
   */
  basis: 'filed_today' | 'treatment_date';
  /** null = long-term, open-ended. */
  until: IsoDate | null;
  /** true when `until` is the earliest end the rules guarantee (不少于…). */
  untilIsMinimum: boolean;
  /** The rule's length behind `until` (null when open-ended or unknown). */
  term: Term | null;
  /**
   * null when there is no lock, it is not sourced (see warnings), or it would not end before the
   * filing itself does (a lock that lasts the whole filing says nothing).
   */
  changeLockedUntil: IsoDate | null;
  /** What to ask when the term or the lock is not recorded. */
  question?: string;
  provenance: Provenance;
}

export type Settlement = 'direct' | 'manual';
export interface SettlementDetail {
  mode: Settlement;
  explanation: string;
  verify: boolean;
  /** With `verify`: what to ask. */
  question?: string;
  provenance: Provenance;
}

/**
 * How the 参保地 adjusts its in-city ratio: unchanged, minus N points, × k, the patient paying X%
 * first — or `fixed`: the ratio itself is published for this case (e.g. by hospital level).
 */
export type AdjustmentMethod = 'same' | 'points' | 'multiplier' | 'self_pay_first' | 'fixed';
export interface Adjustment {
  method: AdjustmentMethod;
  /** Exact value (points cut, multiplier k, self-pay share, or the fixed ratio). */
  value?: number;
  /** Bounds when only a range is known (national caps). */
  min?: number;
  max?: number;
  explanation: string;
  provenance: Provenance;
}

export interface Range {
  min: number;
  max: number;
}

export interface Reimbursement {
  status: 'exact' | 'range' | 'verify';
  /** null when nothing sourced is known: ask the 参保地. */
  adjustment: Adjustment | null;
  /** The in-city ratio used, when known. */
  localRatio?: Range & { provenance: Provenance };
  /** The share of the covered cost insurance pays after the adjustment. */
  ratio?: Range;
  /** 起付线 per stay in 元, where the 参保地 publishes one for this case. */
  deductible?: { perStay: number; laterStays?: number; provenance: Provenance };
  /** 元: max(0, coveredCost − 起付线) × ratio; what it leaves out is in `note`. */
  estimate?: Range & { note: string };
  summary: string;
  /** With status `range` or `verify`: what to ask to learn the 参保地's own figure. */
  question?: string;
}

export interface Warning {
  code: string;
  message: string;
  /** When the warning leaves something open: what to ask. */
  question?: string;
}

export type PlanStepId =
  /** Ask the 参保地 the rules the verdict could not give (a trip inside a province without its rules). */
  | 'ask_rules'
  | 'chronic_eligibility'
  | 'file'
  | 'ask_late_filing'
  | 'tell_hospital'
  | 'emergency_at_hospital'
  | 'confirm_filing'
  | 'networked_hospital'
  | 'bring_card'
  | 'keep_receipts'
  | 'file_late_for_claim'
  | 'claim';

/** One thing to do, in order. The first steps marked `now` are what to do today. */
export interface PlanStep {
  id: PlanStepId;
  /** Imperative and short: 办理异地就医备案. */
  label: string;
  hint?: string;
  /** Ids of `Verdict.channels` where this step is done (all of them, best first). */
  channelIds: string[];
  when: 'now' | 'before_care' | 'at_care' | 'after_care';
  /** A step that is only a question: the id of `Verdict.questions` it asks (the checklist lists it once). */
  questionId?: string;
  provenance: Provenance;
}

export interface SourceRef {
  id: string;
  /** The publisher whose text this is. */
  authority: string;
  title: string;
  url: string;
  /** True when the URL is a copy of the publisher's text on another site (shown as 转载). */
  copy: boolean;
  grade: 'A' | 'B';
  publishedAt: IsoDate | null;
  verifiedAt: IsoDate;
  /** verifiedAt + reviewIntervalDays is before the evaluation date. */
  stale: boolean;
  /**
   * The source watch's last check of the page (a weekly re-read): ok — every quoted sentence was on
   * it (原文核对于 checkedAt); quote_missing — some were not; gone / unreachable — it could not be
   * read (原文近期无法核对). Absent when the page has not been checked since a person last read it.
   */
  check?: { status: 'ok' | 'quote_missing' | 'gone' | 'unreachable'; checkedAt: IsoDate };
  /** The sentences of this source that the verdict relied on (原文). */
  quotes: { key: string; text: string }[];
}

export interface DataFreshness {
  origin: 'live' | 'snapshot' | 'files';
  version: string;
  note?: string;
}

export interface PlaceRef {
  code: CityCode;
  name: string;
  province: string;
}

/**
 * Another reason the person could truthfully file under, and what it would change: "怎样报得更多".
 * Listed only where the data shows a difference; never an invented one.
 */
export interface BetterOption {
  reason: Reason;
  /** 开具转诊证明，按“异地转诊”备案 */
  label: string;
  /** When it applies, in plain words: 如果参保地的定点医院能为您开转诊转院证明 */
  condition: string;
  /** What changes, e.g. 报销比例从本地比例的 80% 提高到与本地相同. */
  change: string;
  adjustment: Adjustment;
  ratio?: Range;
  /** 元, with the same covered cost as the verdict. */
  estimate?: Range;
  /** Papers this option needs that the current filing does not. */
  extraDocuments: { id: DocumentId; name: string; hint?: string }[];
  provenance: Provenance;
}

export interface Verdict {
  contractVersion: 1;
  asOf: IsoDate;
  treatmentDate: IsoDate;
  insuredCity: PlaceRef;
  careCity: PlaceRef;
  scope: Scope;
  /** One sentence: the answer first. */
  headline: string;
  filing: Filing;
  documents: DocumentItem[];
  channels: Channel[];
  settlement: Settlement;
  settlementDetail: SettlementDetail;
  /** null when no filing is involved (same city, emergency, exempt) or none exists yet (paid in full without one). */
  validity: Validity | null;
  reimbursement: Reimbursement;
  /** What to do, in order, for this stage of care; empty when there is nothing to do (same city). */
  plan: PlanStep[];
  /** Other reasons that would pay more, while planning; empty when none is known to. */
  options: BetterOption[];
  warnings: Warning[];
  /**
   * Everything above that the verdict could not answer, as questions for the 参保地医保经办机构, in
   * order of importance, each once (the checklist makes an item "问清：…" of each).
   */
  questions: OpenQuestion[];
  sources: SourceRef[];
  dataFreshness: DataFreshness;
}

/** TOO_MANY_REQUESTS: this person's write budget is spent; unlike UNAVAILABLE, not worth retrying at once. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_CITY'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Which input field was wrong, when one was. */
  field?: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };
