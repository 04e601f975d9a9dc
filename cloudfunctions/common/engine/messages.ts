/**
 * User-facing wording of the engine (zh-CN). Plain words for retirees and their families.
 * Figures and city names never live here: they are passed in from the policy data.
 */
import type { Adjustment, CareType, DocumentId, FilingCategory } from '../../../typings/contract';
import { DOCUMENT_LABELS } from '../../../miniprogram/shared/labels';

export { CHRONIC_LABELS, DOCUMENT_LABELS, REASON_LABELS } from '../../../miniprogram/shared/labels';

export const CATEGORY_LABELS: Record<FilingCategory, string> = {
  long_term: '长期备案',
  temporary: '临时备案',
};

/** The filing's name in a sentence: its category, or the general name when none is decided. */
export const categoryLabel = (category: FilingCategory | null): string =>
  category ? CATEGORY_LABELS[category] : '异地就医备案';

/** Words that change with the care type, so no pharmacy user reads about 出院. */
export interface CareWords {
  /** 定点医院 / 定点药店 */
  place: string;
  /** 看病 / 买药 */
  visit: string;
  /** 出院 / 看完病 / 买完药 */
  finished: string;
  /** 住院 / 门诊 / 购药 — what the settlement is for. */
  bill: string;
}

export function careWords(careType: CareType): CareWords {
  switch (careType) {
    case 'inpatient':
      return { place: '定点医院', visit: '住院', finished: '出院', bill: '住院' };
    case 'pharmacy':
      return { place: '定点药店', visit: '买药', finished: '买完药', bill: '购药' };
    default:
      return { place: '定点医院', visit: '看病', finished: '看完病', bill: '门诊' };
  }
}

/**
 * The order warnings are shown in: what can cost money or a lapsed filing first, general advice
 * last. Notices from the data that are not listed sit in between, in data order.
 */
const WARNING_ORDER = [
  'NO_CITY_DATA',
  'POSSIBLY_SUPERSEDED',
  'QUOTE_GONE',
  'QUOTE_GONE_RULES',
  'EMERGENCY_VERIFY',
  'MANUAL_CLAIM_VERIFY',
  'TEMP_VALIDITY_CONFLICT',
  'NO_PROOF',
  'PLEDGE_VALIDITY',
  'PLEDGE_LOCK',
  'DOCUMENTS_UNKNOWN',
  'CLAIM_DOCUMENTS_VERIFY',
  'LOCK_UNKNOWN',
  'VALIDITY_UNKNOWN',
];
const WARNING_LAST = [
  'FILE_TO_CITY_LEVEL',
  'NETWORKED_HOSPITAL',
  'DIRECTORY_AND_POLICY',
  'TWO_WAY',
  'ESTIMATE_ONLY',
  'STALE_SOURCES',
];

export function warningRank(code: string): number {
  const first = WARNING_ORDER.indexOf(code);
  if (first >= 0) return first;
  const last = WARNING_LAST.indexOf(code);
  return last >= 0 ? 100 + last : 50;
}

/** 2024-12-31 → 2024年12月31日 */
export function chineseDay(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** 0.2 → "20"; 0.125 → "12.5" */
export function percent(fraction: number): string {
  return String(Math.round(fraction * 10000) / 100);
}

export const text = {
  headline: {
    sameCity: '在参保城市本地就医，不需要办理异地就医备案。',
    askRules: (province: string, insured: string, care: string, visit: string) =>
      `省内异地就医按参保省份（${province}）的规定办理：到${care}${visit}要不要备案、怎么结算，请先向${insured}医保经办机构问清。`,
    deemed: (care: string, settles: string) => `在${care}急诊抢救视同已备案，不需要事先备案，${settles}`,
    exempt: (rulesOf: string, care: string, settles: string) =>
      `按${rulesOf}的规定，到${care}这种情况不需要备案，${settles}`,
    planning: (category: string, reason: string, settles: string) =>
      `需要办理${category}（${reason}），${settles}`,
    /** How the bill is paid, as the end of a headline: never 直接结算 where the settlement says otherwise. */
    settles: {
      direct: '可在联网定点医院直接结算。',
      directOnceFiled: (care: string) => `办好后在${care}的联网定点医院可直接结算。`,
      manual: '但费用要先垫付，再回参保地申请手工报销。',
      ask: '能否直接结算，请向参保地医保经办机构问清。',
    },
    admitted: (category: string) => `还没备案也来得及：在出院结算前补办${category}，仍可直接结算。`,
    admittedNoLate: (category: string) =>
      `需要办理${category}；能否在住院期间补办，请向参保地医保经办机构核实。`,
    discharged: (finished: string) => `已经自费${finished}：先按参保地规定补办备案，再回参保地申请手工报销。`,
    dischargedAsk: (finished: string, insured: string) =>
      `已经自费${finished}：先向${insured}医保经办机构问清能否补办备案、手工报销，并保管好全部票据。`,
    dischargedNoFiling: (finished: string) => `已经自费${finished}：请带齐票据回参保地申请手工报销。`,
  },
  options: {
    label: (reason: string, referral: boolean) =>
      referral ? `开具转诊转院证明，按“${reason}”备案` : `按“${reason}”办理长期备案`,
    ifReferral: '如果参保地规定的医院能为您开具转诊转院证明',
    ifLongTerm: '如果您会在当地长期居住、生活（多长时间算长期，以参保地规定为准）',
    ratioChange: (from: string, to: string) => `预计报销比例从约 ${from} 提高到约 ${to}`,
    adjustmentChange: (from: string, to: string) => `报销从“${from}”变为“${to}”`,
    short: (a: Adjustment): string => {
      const v = a.value ?? 0;
      switch (a.method) {
        case 'same':
          return '与参保地本地相同';
        case 'points':
          return `比本地低 ${percent(v)} 个百分点`;
        case 'multiplier':
          return `本地比例的 ${percent(v)}%`;
        case 'self_pay_first':
          return `先自付 ${percent(v)}%`;
        case 'fixed':
          return `报销 ${percent(v)}%`;
      }
    },
  },
  plan: {
    via: (names: string[]) => `可以通过：${names.join('；')}`,
    askRules: (insured: string, care: string, visit: string) =>
      `先向${insured}医保经办机构问清：到${care}${visit}要不要备案、怎么结算`,
    chronicEligibility: (insured: string) => `先在${insured}办理门诊慢特病待遇资格认定`,
    chronicEligibilityHint: '认定后才能在外地按门诊慢特病结算；已经认定过的可以跳过。',
    file: (category: string) => `办理异地就医备案（${category}）`,
    fileToday: (category: string) => `今天就补办${category}，出院结算前一定要办好`,
    confirmFiling: '确认备案成功，记下有效期',
    confirmFilingHint: '备案成功后，在办理的渠道里查看备案的开始日期和有效期。',
    tellHospitalFiled: '备案成功后，告诉医院医保办（或住院处）已经备案，出院时按异地联网直接结算',
    tellHospitalExempt: '告诉医院医保办（或住院处）您是外地参保，出院时按异地联网直接结算',
    askLateFiling: (insured: string) => `马上向${insured}医保经办机构问清：住院期间能否补办备案`,
    emergency: '告诉医院这次是急诊抢救，请医院按异地急诊登记，就能直接结算',
    networked: (w: CareWords) => `选一家已开通异地联网结算的${w.place}`,
    bringCard: (w: CareWords) => `${w.visit}时带上医保电子凭证或社保卡`,
    keepReceipts: (w: CareWords) => `保管好${w.visit}的发票、费用明细等全部票据，回参保地报销`,
    fileLateForClaim: '按参保地规定补办异地就医备案',
    lateFilingFrom: (date: string, careType: CareType) =>
      `补办时，备案开始日期要从${chineseDay(date)}（${careType === 'inpatient' ? '入院' : careWords(careType).visit}那天）或更早算起，这次的费用才在备案范围内；能不能这样填，请向参保地问清。`,
    askLateForClaim: (insured: string) => `先向${insured}医保经办机构问清：能否补办备案、手工报销要哪些材料`,
    collectPapers: '整理报销材料',
    collectPapersHint: (w: CareWords) =>
      `保管好${w.bill}的全部发票、费用单据和病历，缺了的尽快找${w.place}补开；要交哪些以参保地的要求为准。`,
    claim: (insured: string) => `回${insured}申请手工报销`,
    claimHint: '报销有时限，请尽快办理，并向参保地问清截止时间。',
  },
  filing: {
    sameCity: '参保地和就医地是同一个城市，不属于异地就医。',
    deemed: '异地急诊抢救视同已备案，由医院在系统中标记为急诊。',
    exempt: (note?: string) => `参保地规定这种情况无需备案。${note ?? ''}`.trim(),
    required: (category: string, reason: string) => `需要向参保地办理${category}，备案类别：${reason}。`,
    categoryUnknown: '未能确定备案类别，请向参保地医保经办机构核实。',
    intraUnknown: (province: string) =>
      `省内异地就医按参保省份（${province}）的规定办理；要不要备案、办哪一类，这里还没有收录，请向参保地医保经办机构问清。`,
  },
  /** The questions to put to the 参保地医保经办机构: one short sentence each, in the person's words. */
  ask: {
    filing: (scope: string, care: string, visit: string) =>
      scope === 'intra_province'
        ? `我在省内到${care}${visit}，需要办理异地就医备案吗？怎么办？`
        : `我到${care}${visit}，需要办理异地就医备案吗？办哪一类？`,
    emergency: '在外地急诊抢救，算不算已经备案？还需要补办吗？',
    lateFiling: '已经住院但还没备案，出院结算前还能补办备案、直接结算吗？',
    manualClaim: (finished: string) => `已经自费${finished}，还能补办备案、回参保地手工报销吗？`,
    documents: (category: string, reason: string) => `办理${category}（${reason}）要交哪种证明材料？`,
    namedProof: (id: DocumentId) => `${DOCUMENT_LABELS[id].name}要由哪家医院开、用哪种表？`,
    claimDocuments: '手工报销要交哪些材料？多长时间内要交？',
    settlement: (care: string, visit: string) => `在${care}${visit}，能在医院直接结算吗？`,
    chronicSettlement: (disease: string, care: string) =>
      `「${disease}」在${care}看门诊慢特病，能直接结算吗？`,
    reimbursement: (reason: string, care: string, visit: string) =>
      `按“${reason}”到${care}${visit}，报销比例比在本地低多少？`,
    temporaryTerm: '临时备案的有效期是多长？',
    lock: '长期备案办好后，多长时间内不能变更或取消？',
  },
  documents: {
    pledgeHint: '没有证明材料时，可签署个人承诺书代替',
    namedProofHint: (id: DocumentId) =>
      `${DOCUMENT_LABELS[id].hint ?? ''}；哪家医院能开、用哪种表，这里还没有收录，请向参保地医保经办机构问清`,
  },
  settlement: {
    sameCity: '在本地定点医院按本地规定结算。',
    direct: '在联网定点医疗机构出院（或就诊）时直接结算，只需付个人负担部分。',
    manualSelfPaid: '已自费结算，需要回参保地申请手工报销。',
    chronicNotDirect: (disease: string) =>
      `「${disease}」不在跨省直接结算的门诊慢特病范围内，需要先垫付，再回参保地手工报销。`,
    chronicIntraVerify: (disease: string) =>
      `「${disease}」在省内异地能否直接结算，各省规定不同；按不能直接结算准备票据，并向参保地核实。`,
    chronicDirect: (disease: string) =>
      `「${disease}」属于可跨省直接结算的门诊慢特病，需先在参保地认定待遇资格。`,
    chronicDirectBy: (disease: string, by: string) =>
      `「${disease}」属于可跨省直接结算的门诊慢特病（国家要求各地在${by}前上线这项服务），需先在参保地认定待遇资格；去之前请向医院确认已经开通。`,
    listedDiseases: (names: string[]) => `${names.length}种门诊慢特病可跨省直接结算：${names.join('、')}`,
    intraUnknown: (province: string) =>
      `省内异地就医能否直接结算，按参保省份（${province}）的规定；问清之前，请保管好全部票据。`,
  },
  adjustment: {
    same: '报销比例与在参保地本地就医相同。',
    points: (points: string) => `报销比例比在参保地本地就医低 ${points} 个百分点。`,
    multiplier: (share: string) => `报销比例为参保地本地比例的 ${share}%。`,
    selfPayFirst: (share: string) => `个人先自付 ${share}%，其余部分按参保地本地规定报销。`,
    fixed: (ratio: string) => `这种情况参保地规定的报销比例为 ${ratio}%。`,
    superseded: '参保地原来的规定可能已被新规定取代，请向参保地医保经办机构核实现在的报销比例。',
    quoteGone:
      '参保地原来的规定在原网页上已经找不到，可能已经修改，请向参保地医保经办机构核实现在的报销比例。',
    nationalCap: (points: string) =>
      `暂未查到参保地的具体规定。按国家规定，报销比例原则上可以比本地低，但降幅不超过 ${points} 个百分点（这是上限，不是实际降幅）；具体降多少，请向参保地医保经办机构问清。`,
    verify: '暂未查到参保地对这种情况的具体规定，请向参保地医保经办机构核实。',
    unfiled: '未备案自费就医的报销规定各地不同，可能降低比例甚至不予报销，请向参保地医保经办机构核实。',
    levelsDiffer: '不同等级医院的报销规定不同，选择医院等级后可以看到准确结果。',
  },
  reimbursement: {
    withRatio: (min: string, max: string) =>
      min === max ? `预计报销比例约 ${min}%。` : `预计报销比例在 ${min}% 到 ${max}% 之间。`,
    estimateNote:
      '只按“政策范围内费用 × 报销比例”估算：没有扣起付线（参保地的起付线暂未收录），也没算封顶线、乙类先自付和目录外费用，仅供参考。',
    estimateNoteWithDeductible: (perStay: number) =>
      `按“（政策范围内费用 − 起付线 ${perStay} 元）× 报销比例”估算：没算封顶线、乙类先自付和目录外费用，仅供参考。`,
    localRatio: (min: string, max: string) =>
      min === max ? `本地报销比例 ${min}%` : `本地报销比例 ${min}%～${max}%`,
  },
  warnings: {
    NO_CITY_DATA: (insured: string, basis: string, forTrip = '') =>
      `暂未收录${insured}自己${forTrip}的规定，这里按${basis}回答；不确定的地方请向${insured}医保经办机构核实。`,
    NO_CITY_DATA_INTRA: (insured: string, province: string) =>
      `暂未收录${insured}和${province}对省内异地就医的规定。省内异地就医按参保省份（${province}）的规定办理，不确定的地方请向${insured}医保经办机构问清。`,
    EMERGENCY_VERIFY:
      '急诊抢救先看病。参保地对急诊是否“视同已备案”的规定这里还没有收录，请尽快向参保地医保经办机构问清，需要的话及时补办备案。',
    DOCUMENTS_UNKNOWN: '参保地对这类备案要哪些证明材料，这里还没有收录，办理前请向参保地医保经办机构问清。',
    FILE_TO_CITY_LEVEL: (care: string) => `备案时“就医地”请选到具体城市（${care}），不要只选到省。`,
    NETWORKED_HOSPITAL: '请到已开通异地联网结算的定点医疗机构就医，并确认该医院开通了相应的住院或门诊结算。',
    DOCUMENTS_VERIFY: '材料清单按国家一般规定列出，各地要求可能不同，请以参保地医保经办机构的要求为准。',
    NO_PROOF: (proof: string) => `参保地暂未查到可用个人承诺书代替的规定，备案需要${proof}。`,
    PLEDGE_VALIDITY: (months: number) =>
      `用个人承诺书备案的，有效期为 ${months} 个月，请在期限内补交证明材料。`,
    PLEDGE_LOCK: (months: number) => `用个人承诺书备案的，${months} 个月内不能变更。`,
    LOCK_UNKNOWN: '长期备案生效后一段时间内可能不能变更或取消，具体期限请向参保地核实。',
    TEMP_VALIDITY_CONFLICT: (term: string, months: number) =>
      `参保地规定临时备案有效期 ${term}，而国家规定不少于 ${months} 个月。这里按较短的 ${term} 提醒您，实际有效期请向参保地核实。`,
    VALIDITY_UNKNOWN: '暂未查到这次临时备案的有效期规定，请在备案时看清有效期，或向参保地核实。',
    MANUAL_CLAIM_VERIFY: '能否补办备案后手工报销，请向参保地医保经办机构核实。',
    CLAIM_DOCUMENTS_VERIFY: '报销材料按一般做法列出，请以参保地医保经办机构的要求为准。',
    ESTIMATE_ONLY: '报销金额是估算，实际以结算为准。',
    POSSIBLY_SUPERSEDED: (
      insured: string,
      oldRule: string,
      oldTitle: string,
      document: string,
      from: string,
    ) =>
      `${insured}原来的规定（${oldRule.replace(/。$/, '')}，见《${oldTitle}》）可能已被${document}取代（${chineseDay(from)}起）。这里不按原规定回答，请向${insured}医保经办机构核实现在的规定。`,
    QUOTE_GONE: (insured: string, oldRule: string, oldTitle: string) =>
      `${insured}原来的规定（${oldRule.replace(/。$/, '')}，见《${oldTitle}》）在原网页上已经找不到，可能已经修改。这里不按原规定计算，请向${insured}医保经办机构核实现在的规定。`,
    QUOTE_GONE_RULES: (insured: string, titles: string[]) =>
      `${insured}的部分规定在原网页上已经找不到（见${titles.map((t) => `《${t}》`).join('、')}），可能已经修改。这几项这里不按原规定回答，请向${insured}医保经办机构核实。`,
    STALE_SOURCES: (count: number) => `有 ${count} 条政策依据超过复核期限，可能已有变化，请向参保地核实。`,
  },
} as const;
