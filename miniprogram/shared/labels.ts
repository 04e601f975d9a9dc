/**
 * Plain-Chinese labels of the contract's values, shared by the engine (its sentences) and the
 * mini-program (the wizard's choices). Labels only: no policy lives here.
 */
import type { CareType, ChronicDisease, Reason, Scheme, Stage, Term } from '../../typings/contract';

export const REASON_LABELS: Record<Reason, string> = {
  retiree_relocation: '异地安置退休',
  long_term_residence: '异地长期居住',
  work_posting: '常驻异地工作',
  referral: '异地转诊',
  emergency: '异地急诊抢救',
  temporary: '其他临时外出就医',
};

export const CHRONIC_LABELS: Record<ChronicDisease, string> = {
  hypertension: '高血压',
  diabetes: '糖尿病',
  cancer_outpatient_therapy: '恶性肿瘤门诊放化疗',
  dialysis: '尿毒症透析',
  transplant_antirejection: '器官移植术后抗排异治疗',
  copd: '慢性阻塞性肺疾病（慢阻肺）',
  rheumatoid_arthritis: '类风湿关节炎',
  coronary_heart_disease: '冠心病',
  viral_hepatitis: '病毒性肝炎',
  ankylosing_spondylitis: '强直性脊柱炎',
  other: '其他门诊慢特病',
};

export const SCHEME_LABELS: Record<Scheme, string> = {
  employee: '职工医保',
  resident: '城乡居民医保',
};

export const CARE_TYPE_LABELS: Record<CareType, string> = {
  inpatient: '住院',
  outpatient: '普通门诊',
  chronic: '门诊慢特病',
  pharmacy: '定点药店买药',
};

export const STAGE_LABELS: Record<Stage, string> = {
  planning: '还没去看病，正在准备',
  admitted_unfiled: '已经住院了，但还没备案',
  discharged_self_paid: '已经出院，费用全部自己付了',
};

/**
 * The stages that fit each care type, in its own words: only a stay in hospital has an
 * "admitted, not yet filed" stage (补办 before discharge); a visit or a purchase is either ahead or
 * already paid.
 */
export const STAGE_LABELS_BY_CARE: Record<CareType, Partial<Record<Stage, string>>> = {
  inpatient: STAGE_LABELS,
  outpatient: { planning: '还没去看病，正在准备', discharged_self_paid: '已经看过病，钱都是自己付的' },
  chronic: { planning: '还没去看病，正在准备', discharged_self_paid: '已经看过病，钱都是自己付的' },
  pharmacy: { planning: '还没去买药，正在准备', discharged_self_paid: '已经买过药，钱都是自己付的' },
};

/** A filing's term in words: 90 天, 6 个月. */
export function termText(term: Term): string {
  return 'days' in term ? `${term.days} 天` : `${term.months} 个月`;
}
