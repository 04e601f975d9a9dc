/**
 * Plain words for a city's stored rules on the city page: a title and sentences for each kind of
 * rule (parameter). Every parameter the data may hold has its own entry in RULE_TEXT; a kind added
 * to the data before it has one is still shown in words by describeAny — never as raw data — and
 * the city-page test fails until it gets its sentence.
 */
import type { CityRule } from '../services/api';
import type { Term } from '../../typings/contract';
import {
  CARE_TYPE_LABELS,
  CHRONIC_LABELS,
  DOCUMENT_LABELS,
  REASON_LABELS,
  SCHEME_LABELS,
  termText,
} from '../shared/labels';
import { chineseDate, percent, yearMonth } from './format';

/** A place's name from its code (城市 or 省); the code itself when unknown. */
export type PlaceName = (code: string) => string;

type When = {
  reasons?: string[];
  scopes?: string[];
  careTypes?: string[];
  hospitalLevels?: number[];
  schemes?: string[];
  retired?: boolean;
  filed?: boolean;
  exempt?: boolean;
  careProvinces?: string[];
  careCities?: string[];
  chronicDiseases?: string[];
  settledDirectly?: boolean;
};
type Item = { when?: When; note?: string };

const SCOPE_LABELS: Record<string, string> = {
  intra_province: '省内',
  cross_province: '跨省',
  same_city: '本市',
};

// Own keys only: a key such as "toString" must not find Object.prototype's function.
const label = (labels: Record<string, string>, key: string) =>
  Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
const reasonName = (r: string) => label(REASON_LABELS, r);
const documentName = (d: string) =>
  Object.prototype.hasOwnProperty.call(DOCUMENT_LABELS, d)
    ? DOCUMENT_LABELS[d as keyof typeof DOCUMENT_LABELS].name
    : d;

/** Which situations a rule is for, in words: 跨省·异地转诊、急诊抢救·住院·去湖北省看病. */
function whenText(when: When | undefined, place: PlaceName): string {
  if (!when) return '';
  const places = [...(when.careProvinces ?? []), ...(when.careCities ?? [])].map(place);
  const groups = [
    (when.scopes ?? []).map((s) => label(SCOPE_LABELS, s)),
    (when.reasons ?? []).map(reasonName),
    (when.careTypes ?? []).map((c) => label(CARE_TYPE_LABELS, c)),
    (when.schemes ?? []).map((s) => label(SCHEME_LABELS, s)),
    (when.hospitalLevels ?? []).map((l) => `${l}级医院`),
    when.retired === undefined ? [] : [when.retired ? '退休人员' : '在职人员'],
    when.filed === undefined ? [] : [when.filed ? '已备案的' : '没有备案的'],
    when.exempt ? ['不用备案的'] : [],
    (when.chronicDiseases ?? []).map((d) => label(CHRONIC_LABELS, d)),
    when.settledDirectly === undefined
      ? []
      : [when.settledDirectly ? '直接结算的' : '没有直接结算、回参保地报销的'],
    places.length ? [`去${places.join('、')}看病`] : [],
  ];
  return groups
    .filter((g) => g.length)
    .map((g) => g.join('、'))
    .join('·');
}

const METHOD: Record<string, (v: number) => string> = {
  fixed: (v) => `报销 ${percent(v)}`,
  same: () => '与本地相同',
  points: (v) => `降低 ${Math.round(v * 100)} 个百分点`,
  multiplier: (v) => `本地比例的 ${percent(v)}`,
  self_pay_first: (v) => `先自付 ${percent(v)}`,
};

const yesNo = (value: unknown, yes: string, no: string) => [value ? yes : no];

interface RuleText {
  title: string;
  /** The rule's value in sentences; `note` is the rule's own note, where the data gives one. */
  lines: (value: never, place: PlaceName, note?: string) => string[];
}

/** Every parameter a layer may define (cloudfunctions/common/policy/schema.ts), in words. */
export const RULE_TEXT: Record<string, RuleText> = {
  'filing.categories': {
    title: '备案类别',
    lines: (v: { long_term: string[]; temporary: string[] }) => [
      `长期备案：${v.long_term.map(reasonName).join('、') || '无'}`,
      `临时备案：${v.temporary.map(reasonName).join('、') || '无'}`,
    ],
  },
  'filing.emergencyDeemedFiled': {
    title: '急诊视同备案',
    lines: (v: boolean, _p, note) =>
      note ? [note] : yesNo(v, '异地急诊抢救视同已经备案', '异地急诊抢救不视同备案，仍要办理备案'),
  },
  'filing.exemptions': {
    title: '不需要备案的情况',
    lines: (v: Item[], place) => v.map((r) => r.note ?? `${whenText(r.when, place)}不需要备案`),
  },
  'filing.lateBeforeDischarge': {
    title: '出院前补办备案',
    lines: (v: boolean, _p, note) =>
      note
        ? [note]
        : yesNo(v, '住院后、出院结算前补办备案的，仍可直接结算', '住院后补办备案的，不能再直接结算'),
  },
  'filing.manualClaimAfterSelfPay': {
    title: '自费后手工报销',
    lines: (v: boolean, _p, note) =>
      note
        ? [note]
        : yesNo(
            v,
            '没有备案、费用全部自付的，可以补办备案后回参保地手工报销',
            '没有备案、全部自付的费用不能手工报销',
          ),
  },
  'documents.proofs': {
    title: '证明材料',
    lines: (v: Record<string, string[]>) =>
      Object.entries(v).map(([reason, docs]) => {
        const names = docs.map(documentName);
        const what = !names.length
          ? '不用提供证明材料'
          : names.length === 1
            ? names[0]
            : `${names.join('、')}，任选一种`;
        return `${reasonName(reason)}：${what}`;
      }),
  },
  'documents.manualClaim': {
    title: '报销材料',
    lines: (v: { id: string; careTypes?: string[] }[]) =>
      v.map(
        (d) =>
          `${documentName(d.id)}${d.careTypes?.length ? `（${d.careTypes.map((c) => label(CARE_TYPE_LABELS, c)).join('、')}）` : ''}`,
      ),
  },
  'pledge.allowedFor': {
    title: '可用个人承诺书的类别',
    lines: (v: string[]) => [v.map(reasonName).join('、')],
  },
  'pledge.effects': {
    title: '承诺书备案的限制',
    lines: (v: { validityMonths?: number; lockMonths?: number; note?: string }) =>
      [
        v.validityMonths ? `有效期 ${v.validityMonths} 个月` : '',
        v.lockMonths ? `${v.lockMonths} 个月内不能变更` : '',
        v.note ?? '',
      ].filter(Boolean),
  },
  'validity.temporaryMinMonths': {
    title: '临时备案有效期',
    lines: (v: number) => [`不少于 ${v} 个月`],
  },
  'validity.temporaryTerm': {
    title: '临时备案有效期',
    lines: (v: { when?: When; term: Term; note?: string }[], place) =>
      v.map((r) => `${r.note ?? (whenText(r.when, place) || '所有情况')}：${termText(r.term)}`),
  },
  'validity.longTermChangeLockMonths': {
    title: '长期备案变更限制',
    lines: (v: number) => [`生效后 ${v} 个月内不能变更或取消`],
  },
  'settlement.chronicDirectDiseases': {
    title: '可直接结算的门诊慢特病',
    lines: (v: string[]) => [v.map((d) => label(CHRONIC_LABELS, d)).join('、')],
  },
  channels: {
    title: '办理渠道',
    lines: (v: { name: string; when?: When }[], place) =>
      v.map((c) => {
        const when = whenText(c.when, place);
        return when ? `${c.name}（适用于${when}）` : c.name;
      }),
  },
  notices: {
    title: '提示',
    lines: (v: { message: string }[]) => v.map((n) => n.message),
  },
  'reimbursement.nationalCaps': {
    title: '国家规定的降幅上限',
    lines: (v: { when: When; maxCut: number }[], place) =>
      v.map(
        (r) => `${whenText(r.when, place) || '所有情况'}：最多降低 ${Math.round(r.maxCut * 100)} 个百分点`,
      ),
  },
  'reimbursement.adjustments': {
    title: '报销比例调整',
    lines: (v: { when: When; method: string; value?: number; note?: string }[], place) =>
      v.map(
        (r) =>
          `${whenText(r.when, place) || '所有情况'}：${METHOD[r.method]?.(r.value ?? 0) ?? describeAny(r.method)}${r.note ?? ''}`,
      ),
  },
  'reimbursement.localRatios': {
    title: '本地报销比例',
    lines: (v: { when: When; value: number | { min: number; max: number } }[], place) =>
      v.map(
        (r) =>
          `${whenText(r.when, place) || '所有情况'}：${typeof r.value === 'number' ? percent(r.value) : `${percent(r.value.min)}～${percent(r.value.max)}`}`,
      ),
  },
  'reimbursement.deductibles': {
    title: '起付线',
    lines: (v: { when: When; perStay: number; laterStays?: number }[], place) =>
      v.map(
        (r) =>
          `${whenText(r.when, place) || '所有情况'}：每次 ${r.perStay} 元${r.laterStays !== undefined ? `（之后每次 ${r.laterStays} 元）` : ''}`,
      ),
  },
  'policy.supersedes': {
    title: '全省新规定',
    lines: (v: { document: string; note?: string }[]) =>
      v.map((r) => `${r.document}${r.note ? `：${r.note}` : ''}`),
  },
};

/**
 * Any value in words, for a kind of rule without its own sentence yet: lists line by line, objects
 * as their parts, 是/否 for flags — never the raw data.
 */
export function describeAny(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.map(describeAny).filter(Boolean).join('；');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, part]) => `${label(REASON_LABELS, key)}：${describeAny(part)}`)
    .join('；');
}

/** A rule's title and sentences. */
export function ruleText(rule: CityRule, place: PlaceName): { title: string; lines: string[] } {
  const known = RULE_TEXT[rule.param];
  if (!known) return { title: '其他规定', lines: [rule.note ?? describeAny(rule.value)] };
  return { title: known.title, lines: known.lines(rule.value as never, place, rule.note) };
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
