/**
 * What the result page shows, derived from a verdict: only display strings, so setData stays small.
 * The page leads with what to do now; the details follow, each with its source's sentence on tap.
 */
import type { Channel, Situation, SourceRef, Verdict } from '../../typings/contract';
import { DOCUMENT_LABELS } from '../shared/labels';
import { chineseDate, percent, percentRange, yuan, yuanRange } from './format';

const STATUS_TEXT = { exact: '有明确规定', range: '只知道范围', verify: '需向参保地核实' } as const;
/** Shown before 展开: the rest of the warnings are one tap away. */
export const WARNINGS_SHOWN = 3;

export interface ChannelView {
  id: string;
  name: string;
  how: string;
  /** copy: copy the name to search for it in WeChat or an app store. */
  action: 'copy' | 'none';
  actionText: string;
}

export interface VerdictView {
  headline: string;
  /** 暂未收录 …: shown inside the top card, never below the fold. */
  noData: string;
  firstSteps: { id: string; label: string; hint: string }[];
  /** A checklist is offered only when there is something to do. */
  canMakeChecklist: boolean;
  options: { reason: string; label: string; condition: string; change: string; papers: string }[];
  documents: { id: string; name: string; hint: string; alternatives: string; verify: boolean }[];
  channels: ChannelView[];
  dates: { label: string; value: string }[];
  dateNote: string;
  settlement: string;
  settlementDirect: boolean;
  reimbursement: {
    status: string;
    statusKey: string;
    summary: string;
    ratio: string;
    deductible: string;
    estimate: string;
    estimateNote: string;
    /** Why a 费用 or 本地比例 the person typed does not show in an estimate ('' when it does). */
    unusedInputs: string;
  };
  warnings: { code: string; message: string }[];
  moreWarnings: number;
  /** What to ask the 参保地: one sentence each, copyable. */
  questions: { id: string; question: string }[];
  sources: {
    id: string;
    title: string;
    authority: string;
    kind: string;
    verifiedAt: string;
    checked: string;
    url: string;
    stale: boolean;
    quotes: string[];
  }[];
  freshness: string;
}

/**
 * When a source's page was last checked, in words: by the weekly re-read of every page
 * (原文核对于 / 原文近期无法核对 / 原文有变化), or else the day a person read it (人工查阅于).
 */
export function checkedText(s: Pick<SourceRef, 'verifiedAt' | 'check'>): string {
  switch (s.check?.status) {
    case 'ok':
      return `原文核对于${chineseDate(s.check.checkedAt)}`;
    case 'quote_missing':
      return `原文有变化（${chineseDate(s.check.checkedAt)}核对）`;
    case 'gone':
    case 'unreachable':
      return '原文近期无法核对';
    default:
      return `人工查阅于${chineseDate(s.verifiedAt)}`;
  }
}

/** A source as both pages list it: what kind of page it is, in words, and when it was checked. */
export function sourceView(
  s: Pick<SourceRef, 'id' | 'title' | 'authority' | 'grade' | 'copy' | 'verifiedAt' | 'check' | 'url'>,
) {
  return {
    id: s.id,
    title: s.title,
    authority: s.authority,
    kind: s.copy ? '转载' : s.grade === 'A' ? '官方网页' : '媒体或机构转述',
    verifiedAt: chineseDate(s.verifiedAt),
    checked: checkedText(s),
    url: s.url,
  };
}

function channelView(c: Channel): ChannelView {
  const copyable = c.kind !== 'counter';
  return {
    id: c.id,
    name: c.name,
    how: c.how ?? (c.kind === 'mini_program' ? `在微信里搜索“${c.name.replace(/（.*）$/, '')}”` : ''),
    action: copyable ? 'copy' : 'none',
    actionText: copyable ? '复制名称' : '',
  };
}

/**
 * What became of the 费用 and 本地比例 the person typed, when no estimate uses them: typed numbers
 * never just vanish.
 */
function unusedInputs(v: Verdict, situation: Partial<Situation>): string {
  const r = v.reimbursement;
  const { coveredCost, localRatio } = situation;
  const fixed = r.adjustment?.method === 'fixed';
  const notes: string[] = [];
  if (coveredCost !== undefined && !r.estimate) {
    notes.push(
      r.adjustment && !fixed && !r.ratio && localRatio === undefined
        ? `您填了费用 ${yuan(coveredCost)}，但还不知道您在${v.insuredCity.name}看病一般能报多少，所以没法估算。在“修改填写内容”的最后一步填上本地报销比例，就能估算。`
        : `您填了费用 ${yuan(coveredCost)}，但${v.insuredCity.name}对这种情况能报多少还没有明确的规定，所以没法估算能报多少钱。`,
    );
  }
  if (localRatio !== undefined && (fixed || !r.ratio)) {
    notes.push(
      fixed
        ? `这种情况按${v.insuredCity.name}公布的报销比例计算，用不上您填的本地报销比例（${percent(localRatio)}）。`
        : `您填的本地报销比例（${percent(localRatio)}）这次没有用上：还不知道${v.insuredCity.name}对这种情况怎么调整报销比例。`,
    );
  }
  return notes.join('');
}

/** The day a source's sentences were last seen on its page: the weekly re-read's, or a person's. */
export const lastSeen = (s: Pick<SourceRef, 'verifiedAt' | 'check'>): string =>
  s.check?.status === 'ok' && s.check.checkedAt > s.verifiedAt ? s.check.checkedAt : s.verifiedAt;

/** When the sources were last checked, in words (the newest of them). */
export function lastCheckedText(sources: Pick<SourceRef, 'verifiedAt' | 'check'>[]): string {
  const latest = sources.map(lastSeen).sort().pop();
  return latest ? `以上政策依据最近一次核对在${chineseDate(latest)}` : '';
}

/** When the policies behind this answer were last checked, in words. */
function freshnessText(v: Verdict): string {
  if (v.dataFreshness.origin !== 'live') return v.dataFreshness.note ?? '使用随程序发布的政策数据';
  return lastCheckedText(v.sources);
}

/** `situation`: what the person answered, to say what became of the numbers they typed. */
export function verdictView(v: Verdict, situation: Partial<Situation> = {}): VerdictView {
  const dates: VerdictView['dates'] = [];
  let dateNote = '';
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
      dates.push({ label: '到这天为止不能变更或取消', value: chineseDate(v.validity.changeLockedUntil) });
    if (filedToday && v.validity.until)
      dateNote = '实际从哪天算起，以办好备案那天为准；在清单里勾选“办理备案”时可以填上那天。';
  } else if (v.filing.required && v.filing.manualClaim) {
    // Paid in full without a filing: none exists yet, so no end date — only where a 补办 must start.
    dates.push({ label: '补办备案要从这天起', value: chineseDate(v.treatmentDate) });
  }
  if (v.filing.canFileLate) dates.push({ label: '最晚补办', value: '出院结算之前' });
  const r = v.reimbursement;
  const noData = v.warnings.find((w) => w.code === 'NO_CITY_DATA')?.message ?? '';
  const warnings = v.warnings.filter((w) => w.code !== 'NO_CITY_DATA');
  const now = v.plan.filter((s) => s.when === 'now');
  const first = (now.length ? now : v.plan).slice(0, 3);
  return {
    headline: v.headline,
    noData,
    firstSteps: first.map((s) => ({ id: s.id, label: s.label, hint: s.hint ?? '' })),
    canMakeChecklist: v.plan.length > 0,
    options: v.options.map((o) => ({
      reason: o.reason,
      label: o.label,
      condition: o.condition,
      change: o.change,
      papers: o.extraDocuments.length ? `还需要：${o.extraDocuments.map((d) => d.name).join('、')}` : '',
    })),
    documents: v.documents.map((d) => ({
      id: d.id,
      name: d.name,
      hint: d.hint ?? '',
      alternatives: d.alternatives.length
        ? `也可以用：${d.alternatives.map((a) => DOCUMENT_LABELS[a]?.name ?? a).join('、')}`
        : '',
      verify: d.verify,
    })),
    channels: v.channels.map(channelView),
    dates,
    dateNote,
    settlement: v.settlementDetail.explanation,
    settlementDirect: v.settlement === 'direct',
    reimbursement: {
      status: STATUS_TEXT[r.status],
      statusKey: r.status,
      summary: r.summary,
      ratio: r.ratio ? percentRange(r.ratio) : '',
      deductible: r.deductible
        ? `${yuan(r.deductible.perStay)}/次${r.deductible.laterStays !== undefined ? `（同一年再住院 ${yuan(r.deductible.laterStays)}）` : ''}`
        : '',
      estimate: r.estimate ? yuanRange(r.estimate) : '',
      estimateNote: r.estimate?.note ?? '',
      unusedInputs: unusedInputs(v, situation),
    },
    warnings,
    moreWarnings: Math.max(0, warnings.length - WARNINGS_SHOWN),
    questions: (v.questions ?? []).map((q) => ({ id: q.id, question: q.question })),
    sources: v.sources.map((s) => ({
      ...sourceView(s),
      stale: s.stale,
      quotes: s.quotes.map((q) => q.text),
    })),
    freshness: freshnessText(v),
  };
}
