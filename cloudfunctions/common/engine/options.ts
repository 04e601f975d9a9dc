/**
 * 怎样报得更多: the same trip evaluated under the other reasons the person could truthfully file
 * under (a 转诊 certificate instead of 其他临时外出; a long-term filing for someone who will live
 * there), kept only where the 参保地's sourced rules show that it pays more. Nothing is compared
 * where either side is unknown, so no difference is ever invented.
 */
import type { Adjustment, BetterOption, Range, Reason, Reimbursement } from '../../../typings/contract';
import { createContext, type EngineContext } from './context';
import { listDocuments } from './documents';
import { decideFiling } from './filing';
import { percent, REASON_LABELS, text } from './messages';
import { decideReimbursement } from './reimbursement';

/** The reasons worth trying instead of `reason`, for this person. */
function alternativesTo(ctx: EngineContext): Reason[] {
  const { reason, scheme, retired } = ctx.situation;
  const longTerm: Reason = scheme === 'employee' && retired ? 'retiree_relocation' : 'long_term_residence';
  if (reason === 'temporary') return ['referral', longTerm];
  if (reason === 'referral') return [longTerm];
  return [];
}

/** How much of the in-city ratio an adjustment keeps, where it can be said without the ratio. */
function betterAdjustment(alt: Adjustment, current: Adjustment): boolean | undefined {
  const value = (a: Adjustment) => a.value;
  if (alt.min !== undefined || current.min !== undefined) return undefined; // ranges: no claim
  if (alt.method === 'same' && current.method !== 'same')
    return current.method === 'fixed' ? undefined : (value(current) ?? 0) > 0;
  if (alt.method !== current.method) return undefined;
  const a = value(alt) ?? 0;
  const c = value(current) ?? 0;
  if (alt.method === 'points' || alt.method === 'self_pay_first') return a < c;
  if (alt.method === 'multiplier' || alt.method === 'fixed') return a > c;
  return undefined;
}

function betterRatio(alt: Range, current: Range): boolean {
  return alt.min >= current.min && alt.max >= current.max && (alt.min > current.min || alt.max > current.max);
}

function ratioText(r: Range): string {
  return r.min === r.max ? `${percent(r.min)}%` : `${percent(r.min)}%～${percent(r.max)}%`;
}

function changeText(current: Reimbursement, alt: Reimbursement, altAdjustment: Adjustment): string {
  if (current.ratio && alt.ratio)
    return text.options.ratioChange(ratioText(current.ratio), ratioText(alt.ratio));
  return text.options.adjustmentChange(
    text.options.short(current.adjustment!),
    text.options.short(altAdjustment),
  );
}

/** `currentDocuments`: the ids of the documents the current verdict already asks for. */
export function findOptions(
  ctx: EngineContext,
  current: Reimbursement,
  currentDocuments: readonly string[],
): BetterOption[] {
  if (ctx.scope === 'same_city' || ctx.situation.stage !== 'planning' || !current.adjustment) return [];
  const currentIds = new Set(currentDocuments);
  const options: BetterOption[] = [];
  for (const reason of alternativesTo(ctx)) {
    const alt = createContext({ ...ctx.situation, reason }, ctx.pack, ctx.asOf);
    const filing = decideFiling(alt);
    if (!filing.required && !filing.exempt) continue;
    const { reimbursement } = decideReimbursement(alt, true);
    const adjustment = reimbursement.adjustment;
    // A ceiling (the national cap) is not a rate: no difference is claimed from one.
    if (!adjustment || adjustment.min !== undefined || current.adjustment.min !== undefined) continue;
    const better =
      current.ratio && reimbursement.ratio
        ? betterRatio(reimbursement.ratio, current.ratio)
        : betterAdjustment(adjustment, current.adjustment);
    if (!better) continue;
    const extra = listDocuments(alt, filing).documents.filter((d) => !currentIds.has(d.id));
    options.push({
      reason,
      label: text.options.label(REASON_LABELS[reason], reason === 'referral'),
      condition: reason === 'referral' ? text.options.ifReferral : text.options.ifLongTerm,
      change: changeText(current, reimbursement, adjustment),
      adjustment,
      ...(reimbursement.ratio ? { ratio: reimbursement.ratio } : {}),
      ...(reimbursement.estimate
        ? { estimate: { min: reimbursement.estimate.min, max: reimbursement.estimate.max } }
        : {}),
      extraDocuments: extra.map((d) => ({ id: d.id, name: d.name, ...(d.hint ? { hint: d.hint } : {}) })),
      provenance: adjustment.provenance,
    });
  }
  return options;
}
