/**
 * Runtime copies of the contract's value vocabularies. The `Exhaustive` checks make the
 * type-checker fail if typings/contract.d.ts gains a value these lists do not have.
 */
import type {
  CareType,
  ChronicDisease,
  DocumentId,
  Reason,
  Scheme,
  Scope,
  Stage,
  AdjustmentMethod,
  ChannelKind,
} from '../../../typings/contract';

type Exhaustive<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never]
  ? List
  : never;

export const SCHEMES = ['employee', 'resident'] as const satisfies readonly Scheme[];
export const REASONS = [
  'retiree_relocation',
  'long_term_residence',
  'work_posting',
  'referral',
  'emergency',
  'temporary',
] as const satisfies readonly Reason[];
export const CARE_TYPES = [
  'inpatient',
  'outpatient',
  'chronic',
  'pharmacy',
] as const satisfies readonly CareType[];
export const CHRONIC_DISEASES = [
  'hypertension',
  'diabetes',
  'cancer_outpatient_therapy',
  'dialysis',
  'transplant_antirejection',
  'copd',
  'rheumatoid_arthritis',
  'coronary_heart_disease',
  'viral_hepatitis',
  'ankylosing_spondylitis',
  'other',
] as const satisfies readonly ChronicDisease[];
export const STAGES = [
  'planning',
  'admitted_unfiled',
  'discharged_self_paid',
] as const satisfies readonly Stage[];
export const SCOPES = ['same_city', 'intra_province', 'cross_province'] as const satisfies readonly Scope[];
export const HOSPITAL_LEVELS = [1, 2, 3] as const;
export const DOCUMENT_IDS = [
  'identity',
  'household_register',
  'residence_proof',
  'work_proof',
  'referral_certificate',
  'pledge',
  'category_proof',
  'invoice',
  'expense_list',
  'discharge_summary',
  'bank_account',
  'claim_papers',
] as const satisfies readonly DocumentId[];
/**
 * The paper a reason's own name stands for: a 异地转诊 is, by definition, a referral by a hospital of
 * the 参保地, so its proof is a 转诊转院证明 whatever that 参保地 calls its form. Where no layer lists
 * the proof for such a reason, the verdict names this paper and asks which hospital and form.
 */
export const PROOF_NAMED_BY_REASON: Partial<Record<Reason, DocumentId>> = {
  referral: 'referral_certificate',
};
export const ADJUSTMENT_METHODS = [
  'same',
  'points',
  'multiplier',
  'self_pay_first',
  'fixed',
] as const satisfies readonly AdjustmentMethod[];
export const CHANNEL_KINDS = [
  'national_app',
  'mini_program',
  'local_online',
  'counter',
] as const satisfies readonly ChannelKind[];

// Compile-time completeness checks (no runtime cost).
export type VocabularyChecks = [
  Exhaustive<Scheme, typeof SCHEMES>,
  Exhaustive<Reason, typeof REASONS>,
  Exhaustive<CareType, typeof CARE_TYPES>,
  Exhaustive<ChronicDisease, typeof CHRONIC_DISEASES>,
  Exhaustive<Stage, typeof STAGES>,
  Exhaustive<Scope, typeof SCOPES>,
  Exhaustive<DocumentId, typeof DOCUMENT_IDS>,
  Exhaustive<AdjustmentMethod, typeof ADJUSTMENT_METHODS>,
  Exhaustive<ChannelKind, typeof CHANNEL_KINDS>,
];
