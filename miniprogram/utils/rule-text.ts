/** Plain words for a city's stored rules on the city page. */
import type { CityRule } from '../services/api';
import type { Term } from '../../typings/contract';
import { CARE_TYPE_LABELS, CHRONIC_LABELS, REASON_LABELS, termText } from '../shared/labels';
import { chineseDate, percent, yearMonth } from './format';

export const PARAM_LABELS: Record<string, string> = {
  'filing.categories': '备案类别',
  'filing.emergencyDeemedFiled': '急诊视同备案',
  'filing.exemptions': '不需要备案的情况',
  'filing.lateBeforeDischarge': '出院前补办备案',
  'filing.manualClaimAfterSelfPay': '自费后手工报销',
  'documents.proofs': '证明材料',
  'documents.manualClaim': '报销材料',
  'pledge.allowedFor': '可用个人承诺书的类别',
  'pledge.effects': '承诺书备案的限制',
  'validity.temporaryMinMonths': '临时备案有效期',
  'validity.temporaryTerm': '临时备案有效期',
  'validity.longTermChangeLockMonths': '长期备案变更限制',
  'settlement.chronicDirectDiseases': '可直接结算的门诊慢特病',
  channels: '办理渠道',
  notices: '提示',
  'reimbursement.nationalCaps': '国家规定的降幅上限',
  'reimbursement.adjustments': '报销比例调整',
  'reimbursement.localRatios': '本地报销比例',
  'reimbursement.deductibles': '起付线',
  'policy.supersedes': '全省新规定',
};

type When = {
  reasons?: string[];
  scopes?: string[];
  careTypes?: string[];
  hospitalLevels?: number[];
  schemes?: string[];
};
const SCOPE_LABELS: Record<string, string> = {
  intra_province: '省内',
  cross_province: '跨省',
  same_city: '本市',
};

function whenText(when: When | undefined): string {
  if (!when) return '';
  const parts = [
    ...(when.scopes ?? []).map((s) => SCOPE_LABELS[s] ?? s),
    ...(when.reasons ?? []).map((r) => REASON_LABELS[r as keyof typeof REASON_LABELS] ?? r),
    ...(when.careTypes ?? []).map((c) => CARE_TYPE_LABELS[c as keyof typeof CARE_TYPE_LABELS] ?? c),
    ...(when.schemes ?? []).map((s) => (s === 'employee' ? '职工' : '居民')),
    ...(when.hospitalLevels ?? []).map((l) => `${l}级医院`),
  ];
  return parts.join('·');
}

const METHOD: Record<string, (v: number) => string> = {
  fixed: (v) => `报销 ${percent(v)}`,
  same: () => '与本地相同',
  points: (v) => `降低 ${Math.round(v * 100)} 个百分点`,
  multiplier: (v) => `本地比例的 ${percent(v)}`,
  self_pay_first: (v) => `先自付 ${percent(v)}`,
};

export function ruleLines(rule: CityRule): string[] {
  const v = rule.value as unknown;
  switch (rule.param) {
    case 'reimbursement.adjustments':
      return (v as { when: When; method: string; value?: number }[]).map(
        (r) => `${whenText(r.when) || '所有情况'}：${METHOD[r.method]?.(r.value ?? 0) ?? r.method}`,
      );
    case 'reimbursement.localRatios':
      return (v as { when: When; value: number | { min: number; max: number } }[]).map(
        (r) =>
          `${whenText(r.when)}：${typeof r.value === 'number' ? percent(r.value) : `${percent(r.value.min)}～${percent(r.value.max)}`}`,
      );
    case 'reimbursement.deductibles':
      return (v as { when: When; perStay: number; laterStays?: number }[]).map(
        (r) =>
          `${whenText(r.when) || '所有情况'}：每次 ${r.perStay} 元${r.laterStays !== undefined ? `（之后每次 ${r.laterStays} 元）` : ''}`,
      );
    case 'policy.supersedes':
      return (v as { document: string; note?: string }[]).map(
        (r) => `${r.document}${r.note ? `：${r.note}` : ''}`,
      );
    case 'filing.exemptions':
      return (v as { when: When; note?: string }[]).map((r) => r.note ?? whenText(r.when));
    case 'pledge.allowedFor':
      return [(v as string[]).map((r) => REASON_LABELS[r as keyof typeof REASON_LABELS] ?? r).join('、')];
    case 'pledge.effects': {
      const e = v as { validityMonths?: number; lockMonths?: number };
      return [
        e.validityMonths ? `有效期 ${e.validityMonths} 个月` : '',
        e.lockMonths ? `${e.lockMonths} 个月内不能变更` : '',
      ].filter(Boolean);
    }
    case 'validity.temporaryTerm':
      return (v as { when?: When; term: Term; note?: string }[]).map(
        (r) => `${r.note ?? (whenText(r.when) || '所有情况')}：${termText(r.term)}`,
      );
    case 'validity.temporaryMinMonths':
      return [`不少于 ${v} 个月`];
    case 'validity.longTermChangeLockMonths':
      return [`生效后 ${v} 个月内不能变更或取消`];
    case 'settlement.chronicDirectDiseases':
      return [(v as string[]).map((d) => CHRONIC_LABELS[d as keyof typeof CHRONIC_LABELS] ?? d).join('、')];
    case 'channels':
      return (v as { name: string }[]).map((c) => c.name);
    case 'notices':
      return (v as { message: string }[]).map((n) => n.message);
    default:
      return [rule.note ?? (typeof v === 'boolean' ? (v ? '是' : '否') : JSON.stringify(v))];
  }
}

/**
 * When a rule began, in words that never pass a reading date off as a start date:
 * 自2025年4月1日起 / 2023年起（具体日期未注明）/ 2024年12月31日前各地陆续施行（具体日期未注明）/
 * 生效日期未注明（2024年4月发布）/ 生效日期未注明（2026年11月查阅时有效）.
 */
export function ruleSince(rule: Pick<CityRule, 'from' | 'fromIs'>): string {
  switch (rule.fromIs) {
    case 'year':
      return `${rule.from.slice(0, 4)}年起（具体日期未注明）`;
    case 'deadline':
      return `${chineseDate(rule.from)}前各地陆续施行（具体日期未注明）`;
    case 'published':
      return `生效日期未注明（${yearMonth(rule.from)}发布）`;
    case 'read':
      return `生效日期未注明（${yearMonth(rule.from)}查阅时有效）`;
    default:
      return `自${chineseDate(rule.from)}起`;
  }
}

/**
 * What the weekly re-read of the sources says of a rule, in words that never pass a person's
 * reading off as a check: 原文核对于2026年12月6日 / 原文近期无法核对 / 人工查阅于2026年11月23日.
 */
export function ruleCheckText(check: CityRule['check']): string {
  switch (check.state) {
    case 'checked':
      return `原文核对于${chineseDate(check.date)}`;
    case 'changed':
      return `${chineseDate(check.date)}核对时原文已找不到`;
    case 'failed':
      return '原文近期无法核对';
    default:
      return check.date ? `人工查阅于${chineseDate(check.date)}` : '';
  }
}
