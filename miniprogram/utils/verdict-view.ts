/**
 * What the result page shows, derived from a verdict: only display strings, so setData stays small.
 */
import type { Verdict } from '../../typings/contract';
import { chineseDate, percentRange, yuanRange } from './format';

const DOC_NAMES: Record<string, string> = {
  household_register: '户口簿',
  residence_proof: '居住证明',
  work_proof: '工作证明',
  referral_certificate: '转诊转院证明',
  pledge: '个人承诺书',
};

const STATUS_TEXT = { exact: '有明确规定', range: '只知道范围', verify: '需向参保地核实' } as const;

export interface VerdictView {
  headline: string;
  needsFiling: boolean;
  filingSummary: string;
  documents: { id: string; name: string; hint: string; alternatives: string; verify: boolean }[];
  channels: { id: string; name: string; how: string }[];
  dates: { label: string; value: string }[];
  settlement: string;
  settlementDirect: boolean;
  reimbursement: {
    status: string;
    statusKey: string;
    summary: string;
    ratio: string;
    estimate: string;
    estimateNote: string;
  };
  warnings: { code: string; message: string }[];
  sources: {
    id: string;
    title: string;
    authority: string;
    grade: string;
    verifiedAt: string;
    url: string;
    stale: boolean;
  }[];
  freshness: string;
}

export function verdictView(v: Verdict): VerdictView {
  const dates: VerdictView['dates'] = [];
  if (v.validity) {
    // While planning the filing day is not known: the end is counted as if filed today.
    const filedToday = v.validity.basis === 'filed_today';
    if (!filedToday) dates.push({ label: '备案从这天算起', value: chineseDate(v.validity.from) });
    dates.push({
      label: filedToday ? '如今天办理，有效期至' : '有效期至',
      value: v.validity.until
        ? `${chineseDate(v.validity.until)}${v.validity.untilIsMinimum ? '（至少）' : ''}`
        : '长期有效',
    });
    if (v.validity.changeLockedUntil)
      dates.push({ label: '这天之前不能变更或取消', value: chineseDate(v.validity.changeLockedUntil) });
  }
  if (v.filing.canFileLate) dates.push({ label: '最晚补办', value: '出院结算之前' });
  const r = v.reimbursement;
  return {
    headline: v.headline,
    needsFiling: v.filing.required,
    filingSummary: v.filing.summary,
    documents: v.documents.map((d) => ({
      id: d.id,
      name: d.name,
      hint: d.hint ?? '',
      alternatives: d.alternatives.length
        ? `也可以用：${d.alternatives.map((a) => DOC_NAMES[a] ?? a).join('、')}`
        : '',
      verify: d.verify,
    })),
    channels: v.channels.map((c) => ({ id: c.id, name: c.name, how: c.how ?? '' })),
    dates,
    settlement: v.settlementDetail.explanation,
    settlementDirect: v.settlement === 'direct',
    reimbursement: {
      status: STATUS_TEXT[r.status],
      statusKey: r.status,
      summary: r.summary,
      ratio: r.ratio ? percentRange(r.ratio) : '',
      estimate: r.estimate ? yuanRange(r.estimate) : '',
      estimateNote: r.estimate?.note ?? '',
    },
    warnings: v.warnings.map(({ code, message }) => ({ code, message })),
    sources: v.sources.map((s) => ({
      id: s.id,
      title: s.title,
      authority: s.authority,
      grade: s.grade,
      verifiedAt: s.verifiedAt,
      url: s.url,
      stale: s.stale,
    })),
    freshness:
      v.dataFreshness.origin === 'live'
        ? `政策数据版本 ${v.dataFreshness.version}`
        : `${v.dataFreshness.note ?? '使用随程序发布的政策数据'}（版本 ${v.dataFreshness.version}）`,
  };
}
