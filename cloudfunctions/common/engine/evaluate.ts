/**
 * evaluate(situation, policyPack, asOf) → Verdict. A pure function: no I/O, no clock, deterministic.
 * It composes the parts (filing, documents, channels, validity, settlement, reimbursement) and
 * gathers the warnings and the sources behind every figure it used.
 */
import type { Provenance, SettlementDetail, SourceRef, Verdict, Warning } from '../../../typings/contract';
import type { PolicyPack } from '../policy/pack';
import { toSourceRef } from '../policy/source-ref';
import { collect, goneValues, itemOf, matches, resolve } from '../policy/resolve';
import { listChannels } from './channels';
import { createContext, factsOf, provenanceOf, type CheckedSituation, type EngineContext } from './context';
import { listDocuments } from './documents';
import { decideFiling } from './filing';
import { categoryLabel, careWords, REASON_LABELS, text, warningRank } from './messages';
import { collectQuestions } from './questions';
import { buildPlan } from './plan';
import { findOptions } from './options';
import { decideReimbursement } from './reimbursement';
import { decideSettlement } from './settlement';
import { decideValidity } from './validity';

export type { CheckedSituation } from './context';

/** Parameters whose gone values the reimbursement answers for itself (as for a superseded rule), or that are never shown. */
const ANSWERED_IN_REIMBURSEMENT = [
  'reimbursement.adjustments',
  'reimbursement.localRatios',
  'policy.supersedes',
];

/** The end of a headline: how the bill is paid, as the settlement says (filed: once the filing is done). */
function settles(settlement: SettlementDetail, care: string, onceFiled: boolean): string {
  if (settlement.verify) return text.headline.settles.ask;
  if (settlement.mode === 'manual') return text.headline.settles.manual;
  return onceFiled ? text.headline.settles.directOnceFiled(care) : text.headline.settles.direct;
}

function headline(ctx: EngineContext, filing: Verdict['filing'], settlement: SettlementDetail): string {
  const care = ctx.care.name;
  const category = categoryLabel(filing.category);
  if (ctx.scope === 'same_city') return text.headline.sameCity;
  if (ctx.situation.stage === 'discharged_self_paid') {
    const { finished } = careWords(ctx.situation.careType);
    if (!filing.required) return text.headline.dischargedNoFiling(finished);
    return resolve(ctx.chain, 'filing.manualClaimAfterSelfPay', ctx.date)?.value
      ? text.headline.discharged(finished)
      : text.headline.dischargedAsk(finished, ctx.insured.name);
  }
  if (filing.deemedFiled) return text.headline.deemed(care, settles(settlement, care, false));
  if (filing.exempt) {
    // The exemption is the province's when its province layer says so (广西: 区内免备案).
    const rulesOf = filing.provenance.layer === 'province' ? ctx.insured.province : ctx.insured.name;
    return text.headline.exempt(rulesOf, care, settles(settlement, care, false));
  }
  if (filing.verify && ctx.scope === 'intra_province')
    return text.headline.askRules(
      ctx.insured.province,
      ctx.insured.name,
      care,
      careWords(ctx.situation.careType).visit,
    );
  if (ctx.situation.stage === 'admitted_unfiled')
    return filing.canFileLate ? text.headline.admitted(category) : text.headline.admittedNoLate(category);
  return text.headline.planning(
    category,
    REASON_LABELS[ctx.situation.reason],
    settles(settlement, care, true),
  );
}

function sourceRefs(ctx: EngineContext, provenances: Provenance[]): SourceRef[] {
  const keys = new Map<string, Set<string>>();
  const keysOf = (id: string) => {
    let set = keys.get(id);
    if (!set) keys.set(id, (set = new Set()));
    return set;
  };
  for (const p of provenances) {
    for (const id of p.sourceIds) keysOf(id);
    for (const ref of p.quotes) {
      const hash = ref.indexOf('#');
      keysOf(ref.slice(0, hash)).add(ref.slice(hash + 1));
    }
  }
  const refs: SourceRef[] = [];
  for (const id of [...keys.keys()].sort()) {
    const ref = toSourceRef(ctx.pack.sources[id], ctx.asOf, [...keys.get(id)!].sort(), ctx.pack.checks?.[id]);
    if (ref) refs.push(ref);
  }
  return refs;
}

/**
 * Where the 参保地 has no rules of its own: what the answer rests on. A trip inside the province
 * follows the province's rules (never the national 跨省 ones); where none are recorded it says so.
 */
function noCityDataMessage(ctx: EngineContext): string {
  const province = ctx.chain.find((l) => l.layer === 'province' && Object.keys(l.params).length > 0);
  // A city whose recorded rules are all for the other kind of trip (柳州's are for 广西 only).
  const other = Object.keys(ctx.pack.cities[ctx.insured.code]?.params ?? {}).length > 0;
  if (ctx.scope === 'intra_province')
    return province
      ? text.warnings.NO_CITY_DATA(ctx.insured.name, `${province.name}的规定`, other ? '对省内异地就医' : '')
      : text.warnings.NO_CITY_DATA_INTRA(ctx.insured.name, ctx.insured.province);
  return text.warnings.NO_CITY_DATA(
    ctx.insured.name,
    province ? `${province.name}和国家的规定` : '国家规定',
    other ? '对跨省异地就医' : '',
  );
}

export function evaluate(situation: CheckedSituation, pack: PolicyPack, asOf: string): Verdict {
  const ctx = createContext(situation, pack, asOf);
  const filing = decideFiling(ctx);
  const docs = listDocuments(ctx, filing);
  const channels = listChannels(ctx, filing);
  const { validity, warnings: validityWarnings } = decideValidity(ctx, filing, docs.pledgeUsed);
  const { settlement, warnings: settlementWarnings } = decideSettlement(ctx, filing);
  // A trip paid in full without a filing (and not deemed filed or exempt) is judged as unfiled.
  const filed = !(filing.manualClaim && filing.required);
  const {
    reimbursement,
    warnings: reimbursementWarnings,
    provenances: reimbursementProvenances,
  } = decideReimbursement(ctx, filed);

  const warnings: Warning[] = [];
  if (ctx.scope !== 'same_city') {
    if (!ctx.hasCityData) warnings.push({ code: 'NO_CITY_DATA', message: noCityDataMessage(ctx) });
    if (ctx.situation.reason === 'emergency' && !filing.deemedFiled && !filing.exempt)
      warnings.push({
        code: 'EMERGENCY_VERIFY',
        message: text.warnings.EMERGENCY_VERIFY,
        question: text.ask.emergency,
      });
    // Choosing the 就医地 city when filing is how the national 跨省 filing works; an in-province trip
    // whose rules are unknown is not told how its filing works.
    if (filing.required && !filing.manualClaim && !filing.verify)
      warnings.push({ code: 'FILE_TO_CITY_LEVEL', message: text.warnings.FILE_TO_CITY_LEVEL(ctx.care.name) });
    if (settlement.mode === 'direct')
      warnings.push({ code: 'NETWORKED_HOSPITAL', message: text.warnings.NETWORKED_HOSPITAL });
    if (
      filing.manualClaim &&
      filing.required &&
      !resolve(ctx.chain, 'filing.manualClaimAfterSelfPay', ctx.date)
    )
      warnings.push({
        code: 'MANUAL_CLAIM_VERIFY',
        message: text.warnings.MANUAL_CLAIM_VERIFY,
        question: text.ask.manualClaim(careWords(ctx.situation.careType).finished),
      });
  }
  warnings.push(...settlementWarnings, ...reimbursementWarnings, ...docs.warnings, ...validityWarnings);
  // Rules whose sentence the source watch no longer finds were answered without: say so, and cite them.
  const gone =
    ctx.scope === 'same_city'
      ? []
      : goneValues(ctx.chain, ctx.date, factsOf(ctx, filed), ANSWERED_IN_REIMBURSEMENT);
  const goneProvenance = gone.map((value) => provenanceOf(value));
  if (gone.length) {
    const titles = [...new Set(gone.map((v) => ctx.pack.sources[v.source]?.title ?? v.source))];
    warnings.push({
      code: 'QUOTE_GONE_RULES',
      message: text.warnings.QUOTE_GONE_RULES(ctx.insured.name, titles),
    });
  }
  if (reimbursement.estimate) warnings.push({ code: 'ESTIMATE_ONLY', message: text.warnings.ESTIMATE_ONLY });

  // Server-driven notices from the data: every layer adds its own, most specific first.
  const noticeFacts = factsOf(ctx, filed, undefined, filing.exempt);
  const notices = ctx.scope === 'same_city' ? [] : collect(ctx.chain, 'notices', ctx.date);
  const noticeProvenance: Provenance[] = [];
  for (const found of notices) {
    for (const notice of found.value) {
      if (!matches(notice.when, noticeFacts) || warnings.some((w) => w.code === notice.code)) continue;
      warnings.push({
        code: notice.code,
        message: notice.message,
        ...(notice.ask ? { question: notice.ask } : {}),
      });
      noticeProvenance.push(provenanceOf(itemOf(found, notice)));
    }
  }

  const plan = buildPlan(ctx, { filing, channels, settlement, validity });
  const options = findOptions(
    ctx,
    reimbursement,
    docs.documents.map((d) => d.id),
  );
  const provenances: Provenance[] = [
    ...plan.map((p) => p.provenance),
    ...options.map((o) => o.provenance),
    filing.provenance,
    ...docs.documents.map((d) => d.provenance),
    ...channels.map((c) => c.provenance),
    settlement.provenance,
    ...(validity ? [validity.provenance] : []),
    ...(reimbursement.adjustment ? [reimbursement.adjustment.provenance] : []),
    ...(reimbursement.localRatio ? [reimbursement.localRatio.provenance] : []),
    ...(reimbursement.deductible ? [reimbursement.deductible.provenance] : []),
    ...reimbursementProvenances,
    ...noticeProvenance,
    ...goneProvenance,
  ];
  const sources = sourceRefs(ctx, provenances);
  const staleCount = sources.filter((s) => s.stale).length;
  if (staleCount) warnings.push({ code: 'STALE_SOURCES', message: text.warnings.STALE_SOURCES(staleCount) });

  // Most important first: the page shows the first few and folds the rest.
  warnings.sort((a, b) => warningRank(a.code) - warningRank(b.code));

  const place = (p: typeof ctx.insured) => ({ code: p.code, name: p.name, province: p.province });
  return {
    contractVersion: 1,
    asOf,
    treatmentDate: ctx.date,
    insuredCity: place(ctx.insured),
    careCity: place(ctx.care),
    scope: ctx.scope,
    headline: headline(ctx, filing, settlement),
    filing,
    documents: docs.documents,
    channels,
    settlement: settlement.mode,
    settlementDetail: settlement,
    validity,
    reimbursement,
    plan,
    options,
    warnings,
    questions: collectQuestions({
      filing,
      settlement,
      documents: docs.documents,
      reimbursement,
      validity,
      warnings,
    }),
    sources,
    dataFreshness: { origin: pack.origin, version: pack.version, ...(pack.note ? { note: pack.note } : {}) },
  };
}
