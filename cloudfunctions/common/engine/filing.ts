import type { Filing, FilingCategory } from '../../../typings/contract';
import { findRule, resolve } from '../policy/resolve';
import { factsOf, NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { CATEGORY_LABELS, careWords, REASON_LABELS, text } from './messages';

export function categoryOf(ctx: EngineContext): {
  category: FilingCategory | null;
  provenance: Filing['provenance'];
} {
  const categories = resolve(ctx.chain, 'filing.categories', ctx.date);
  if (!categories) return { category: null, provenance: NO_PROVENANCE };
  const { reason } = ctx.situation;
  const category = categories.value.long_term.includes(reason)
    ? 'long_term'
    : categories.value.temporary.includes(reason)
      ? 'temporary'
      : null;
  return { category, provenance: provenanceOf(categories) };
}

/** Must this person file, in which category, and can it still be done after admission? */
export function decideFiling(ctx: EngineContext): Filing {
  const { stage, reason } = ctx.situation;
  if (ctx.scope === 'same_city') {
    return {
      required: false,
      deemedFiled: false,
      category: null,
      exempt: false,
      canFileLate: false,
      manualClaim: false,
      verify: false,
      summary: text.filing.sameCity,
      provenance: NO_PROVENANCE,
    };
  }
  const { category, provenance } = categoryOf(ctx);
  const emergencyRule =
    reason === 'emergency' ? resolve(ctx.chain, 'filing.emergencyDeemedFiled', ctx.date) : undefined;
  const deemedFiled = emergencyRule?.value === true;
  const exemption = deemedFiled
    ? undefined
    : findRule(ctx.chain, 'filing.exemptions', ctx.date, factsOf(ctx, true), (rules) => rules);
  const exempt = Boolean(exemption);
  const required = !deemedFiled && !exempt;
  const lateRule = resolve(ctx.chain, 'filing.lateBeforeDischarge', ctx.date);
  const canFileLate = required && stage === 'admitted_unfiled' && lateRule?.value === true;
  const manualClaim = stage === 'discharged_self_paid';

  // No recorded rule says how this trip is filed (a trip inside a province whose rules are not
  // recorded): filing is the safe assumption, and the person is told what to ask.
  const verify = required && !category;
  const { visit } = careWords(ctx.situation.careType);
  let summary: string;
  if (deemedFiled) summary = text.filing.deemed;
  else if (exemption) summary = text.filing.exempt(exemption.rule.note);
  else if (category) summary = text.filing.required(CATEGORY_LABELS[category], REASON_LABELS[reason]);
  else if (ctx.scope === 'intra_province') summary = text.filing.intraUnknown(ctx.insured.province);
  else summary = text.filing.categoryUnknown;

  return {
    required,
    deemedFiled,
    category,
    exempt,
    canFileLate,
    manualClaim,
    verify,
    ...(verify ? { question: text.ask.filing(ctx.scope, ctx.care.name, visit) } : {}),
    summary,
    provenance: provenanceOf(
      ...(provenance.sourceIds.length ? [resolve(ctx.chain, 'filing.categories', ctx.date)] : []),
      emergencyRule,
      exemption,
      canFileLate ? lateRule : undefined,
    ),
  };
}
