import type {
  Adjustment,
  HospitalLevel,
  Provenance,
  Range,
  Reimbursement,
  Warning,
} from '../../../typings/contract';
import { HOSPITAL_LEVELS } from '../contract/vocabulary';
import { collect, findRule, goneRule, supersessionOf, type Facts, type Resolved } from '../policy/resolve';
import type { AdjustmentRule, Supersedable } from '../policy/schema';
import { factsOf, NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { careWords, percent, REASON_LABELS, text } from './messages';

/**
 * A value not to state as fact: a newer rule of a higher layer probably replaced it (`by`), or the
 * source watch no longer finds its sentence on its page (no `by`).
 */
interface Superseded {
  old: Resolved<unknown>;
  /** The old rule in words, e.g. 个人先自付 10%. */
  oldText: string;
  by?: Resolved<unknown> & { rule: { document: string } };
}

interface Deductible {
  perStay: number;
  laterStays?: number;
  provenance: Provenance;
}

interface Outcome {
  adjustment: Adjustment | null;
  local?: Range & { provenance: Provenance };
  ratio?: Range;
  deductible?: Deductible;
  superseded?: Superseded;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
/** 元 rounded down to the fen (never promise more than the rules give), and never above the bill. */
const toFen = (yuan: number, cap: number) => Math.min(cap, Math.floor(yuan * 100 + 1e-6) / 100);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Applies an adjustment to the in-city ratio range. All figures are fractions of 1. */
export function applyAdjustment(adjustment: Adjustment, local: Range): Range {
  // A range of values: the larger cut (points, self-pay share) gives the lower ratio, the larger
  // multiplier or fixed ratio the higher one.
  const small = adjustment.value ?? adjustment.min ?? 0;
  const large = adjustment.value ?? adjustment.max ?? 0;
  const range: Range = (() => {
    switch (adjustment.method) {
      case 'same':
        return { min: local.min, max: local.max };
      case 'points':
        return { min: local.min - large, max: local.max - small };
      case 'multiplier':
        return { min: local.min * small, max: local.max * large };
      case 'self_pay_first':
        return { min: local.min * (1 - large), max: local.max * (1 - small) };
      case 'fixed':
        return { min: small, max: large };
    }
  })();
  return { min: round(clamp01(range.min), 6), max: round(clamp01(range.max), 6) };
}

function describe(rule: AdjustmentRule): string {
  const value = rule.value ?? 0;
  const base =
    rule.method === 'same'
      ? text.adjustment.same
      : rule.method === 'points'
        ? text.adjustment.points(percent(value))
        : rule.method === 'multiplier'
          ? text.adjustment.multiplier(percent(value))
          : rule.method === 'self_pay_first'
            ? text.adjustment.selfPayFirst(percent(value))
            : text.adjustment.fixed(percent(value));
  return rule.note ? `${base}${rule.note}` : base;
}

function supersededCheck(
  ctx: EngineContext,
  param: Supersedable,
  found: Resolved<unknown>,
  facts: Facts,
  oldText: string,
): Superseded | undefined {
  const by = supersessionOf(ctx.chain, param, found, ctx.date, facts);
  return by ? { old: found, oldText, by } : undefined;
}

function outcomeFor(ctx: EngineContext, filed: boolean, level: HospitalLevel | undefined): Outcome {
  const facts = factsOf(ctx, filed, level);
  // A trip that was not filed gets only the rules written for that case; it never inherits a filed ratio.
  const rule = findRule(ctx.chain, 'reimbursement.adjustments', ctx.date, facts, (rules) =>
    filed ? rules : rules.filter((r) => r.when.filed === false),
  );
  let adjustment: Adjustment | null = null;
  const gone = goneRule(
    ctx.chain,
    'reimbursement.adjustments',
    ctx.date,
    facts,
    (rules) => (filed ? rules : rules.filter((r) => r.when.filed === false)),
    rule,
  );
  let superseded: Superseded | undefined = gone && { old: gone, oldText: describe(gone.rule) };
  if (rule && !superseded) {
    const explanation = describe(rule.rule);
    superseded = supersededCheck(ctx, 'reimbursement.adjustments', rule, facts, explanation);
    if (!superseded)
      adjustment = {
        method: rule.rule.method,
        ...(rule.rule.value !== undefined ? { value: rule.rule.value } : {}),
        explanation,
        provenance: provenanceOf(rule),
      };
  } else if (filed && !superseded) {
    const cap = findRule(ctx.chain, 'reimbursement.nationalCaps', ctx.date, facts, (caps) => caps);
    if (cap) {
      adjustment = {
        method: 'points',
        min: 0,
        max: cap.rule.maxCut,
        explanation: text.adjustment.nationalCap(percent(cap.rule.maxCut)),
        provenance: provenanceOf(cap),
      };
    }
  }
  const local = localRatio(ctx, facts);
  const deductible = findRule(ctx.chain, 'reimbursement.deductibles', ctx.date, facts, (rules) => rules);
  const ratio =
    adjustment && (adjustment.method === 'fixed' || local.value)
      ? applyAdjustment(adjustment, local.value ?? { min: 0, max: 0 })
      : undefined;
  return {
    adjustment,
    ...(local.value ? { local: local.value } : {}),
    ...(ratio ? { ratio } : {}),
    ...(deductible
      ? {
          deductible: {
            perStay: deductible.rule.perStay,
            ...(deductible.rule.laterStays !== undefined ? { laterStays: deductible.rule.laterStays } : {}),
            provenance: provenanceOf(deductible),
          },
        }
      : {}),
    ...((superseded ?? local.superseded) ? { superseded: superseded ?? local.superseded } : {}),
  };
}

function localRatio(
  ctx: EngineContext,
  facts: Facts,
): { value?: Range & { provenance: Provenance }; superseded?: Superseded } {
  const given = ctx.situation.localRatio;
  if (given !== undefined)
    return { value: { min: given, max: given, provenance: { layer: 'user', sourceIds: [], quotes: [] } } };
  const found = findRule(ctx.chain, 'reimbursement.localRatios', ctx.date, facts, (rules) => rules);
  const gone = goneRule(ctx.chain, 'reimbursement.localRatios', ctx.date, facts, (rules) => rules, found);
  const words = (ratio: number | Range) => {
    const range = typeof ratio === 'number' ? { min: ratio, max: ratio } : ratio;
    return text.reimbursement.localRatio(percent(range.min), percent(range.max));
  };
  if (gone) return { superseded: { old: gone, oldText: words(gone.rule.value) } };
  if (!found) return {};
  const value = found.rule.value;
  const range = typeof value === 'number' ? { min: value, max: value } : value;
  const superseded = supersededCheck(ctx, 'reimbursement.localRatios', found, facts, words(value));
  if (superseded) return { superseded };
  return { value: { ...range, provenance: provenanceOf(found) } };
}

const sameAdjustment = (a: Adjustment, b: Adjustment) =>
  a.method === b.method && a.value === b.value && a.min === b.min && a.max === b.max;

function mergeProvenance(items: Provenance[]): Provenance {
  let layer: Provenance['layer'] = 'none';
  const sourceIds: string[] = [];
  const quotes: string[] = [];
  for (const p of items) {
    if (layer === 'none' && p.layer !== 'none') layer = p.layer;
    for (const id of p.sourceIds) if (!sourceIds.includes(id)) sourceIds.push(id);
    for (const ref of p.quotes) if (!quotes.includes(ref)) quotes.push(ref);
  }
  return layer === 'none' && !sourceIds.length ? NO_PROVENANCE : { layer, sourceIds, quotes };
}

function envelope(ranges: (Range | undefined)[]): Range | undefined {
  if (ranges.some((r) => !r)) return undefined;
  const all = ranges as Range[];
  return { min: Math.min(...all.map((r) => r.min)), max: Math.max(...all.map((r) => r.max)) };
}

/** The deductible when every level has the same one; otherwise none is shown. */
function mergeDeductible(outcomes: Outcome[]): Deductible | undefined {
  const [first] = outcomes;
  if (!first.deductible) return undefined;
  const same = outcomes.every(
    (o) =>
      o.deductible?.perStay === first.deductible!.perStay &&
      o.deductible?.laterStays === first.deductible!.laterStays,
  );
  return same ? first.deductible : undefined;
}

interface Merged extends Outcome {
  levelsDiffer: boolean;
  /** Per level, the estimate's basis: what is left after the deductible, times the ratio. */
  estimates: (Range | undefined)[];
}

function estimateOf(ctx: EngineContext, outcome: Outcome): Range | undefined {
  const cost = ctx.situation.coveredCost;
  if (cost === undefined || !outcome.ratio) return undefined;
  const base = Math.max(0, cost - (outcome.deductible?.perStay ?? 0));
  return { min: toFen(base * outcome.ratio.min, cost), max: toFen(base * outcome.ratio.max, cost) };
}

/** When the hospital level is unknown, the outcomes for every level are merged into one range. */
function merge(ctx: EngineContext, outcomes: Outcome[]): Merged {
  const [first] = outcomes;
  const adjustments = outcomes.map((o) => o.adjustment);
  const local = envelope(outcomes.map((o) => o.local));
  const localMerged = local
    ? { ...local, provenance: mergeProvenance(outcomes.map((o) => o.local!.provenance)) }
    : undefined;
  const ratio = envelope(outcomes.map((o) => o.ratio));
  const deductible = mergeDeductible(outcomes);
  const superseded = outcomes.find((o) => o.superseded)?.superseded;
  const base = {
    ...(localMerged ? { local: localMerged } : {}),
    ...(ratio ? { ratio } : {}),
    ...(deductible ? { deductible } : {}),
    ...(superseded ? { superseded } : {}),
    estimates: outcomes.map((o) => estimateOf(ctx, o)),
  };
  if (adjustments.every((a) => a && first.adjustment && sameAdjustment(a, first.adjustment))) {
    return { adjustment: first.adjustment, ...base, levelsDiffer: false };
  }
  const known = adjustments.filter((a): a is Adjustment => Boolean(a));
  if (!known.length) return { adjustment: null, ...base, levelsDiffer: false };
  if (known.length !== adjustments.length || new Set(known.map((a) => a.method)).size !== 1) {
    return { adjustment: null, ...base, levelsDiffer: true };
  }
  const lows = known.map((a) => a.value ?? a.min!);
  const highs = known.map((a) => a.value ?? a.max!);
  return {
    adjustment: {
      method: first.adjustment!.method,
      min: Math.min(...lows),
      max: Math.max(...highs),
      explanation: text.adjustment.levelsDiffer,
      provenance: mergeProvenance(known.map((a) => a.provenance)),
    },
    ...base,
    levelsDiffer: true,
  };
}

function withEstimate(range: Range | undefined, deductible: Deductible | undefined) {
  if (!range) return {};
  return {
    estimate: {
      ...range,
      note: deductible
        ? text.reimbursement.estimateNoteWithDeductible(deductible.perStay)
        : text.reimbursement.estimateNote,
    },
  };
}

function summarise(explanation: string, ratio: Range | undefined): string {
  return ratio
    ? `${explanation}${text.reimbursement.withRatio(percent(ratio.min), percent(ratio.max))}`
    : explanation;
}

/** Whether any adjustment, in-city ratio or deductible of the 参保地 depends on the hospital level. */
function dependsOnLevel(ctx: EngineContext): boolean {
  const byLevel = (found: { value: { when?: { hospitalLevels?: unknown } }[] }[]) =>
    found.some((f) => f.value.some((rule) => rule.when?.hospitalLevels));
  return (
    byLevel(collect(ctx.chain, 'reimbursement.adjustments', ctx.date)) ||
    byLevel(collect(ctx.chain, 'reimbursement.deductibles', ctx.date)) ||
    (ctx.situation.localRatio === undefined &&
      byLevel(collect(ctx.chain, 'reimbursement.localRatios', ctx.date)))
  );
}

export interface ReimbursementOutcome {
  reimbursement: Reimbursement;
  warnings: Warning[];
  /** Sources behind figures that are not themselves in the reimbursement (a superseded rule). */
  provenances: Provenance[];
}

function supersededWarning(ctx: EngineContext, s: Superseded): { warning: Warning; provenance: Provenance } {
  const oldSource = ctx.pack.sources[s.old.source];
  if (!s.by)
    return {
      warning: {
        code: 'QUOTE_GONE',
        message: text.warnings.QUOTE_GONE(ctx.insured.name, s.oldText, oldSource?.title ?? s.old.source),
      },
      provenance: provenanceOf(s.old),
    };
  return {
    warning: {
      code: 'POSSIBLY_SUPERSEDED',
      message: text.warnings.POSSIBLY_SUPERSEDED(
        ctx.insured.name,
        s.oldText,
        oldSource?.title ?? s.old.source,
        s.by.rule.document,
        s.by.from,
      ),
    },
    provenance: provenanceOf(s.old, s.by),
  };
}

/**
 * How the 参保地 adjusts its in-city ratio for this trip, with the resulting ratio and an estimate
 * where the ratio is known. Unknown stays unknown: the national cap as a range, or "verify"; a
 * city rule that a newer provincial one probably replaced is never shown as fact.
 */
export function decideReimbursement(ctx: EngineContext, filed: boolean): ReimbursementOutcome {
  // An unknown level is answered for every level, merged into one range, where the level matters.
  const levels: (HospitalLevel | undefined)[] = ctx.situation.hospitalLevel
    ? [ctx.situation.hospitalLevel]
    : dependsOnLevel(ctx)
      ? [...HOSPITAL_LEVELS]
      : [undefined];
  if (ctx.scope === 'same_city') {
    const same: Adjustment = { method: 'same', explanation: text.adjustment.same, provenance: NO_PROVENANCE };
    const local = envelope(levels.map((l) => localRatio(ctx, factsOf(ctx, true, l)).value));
    const ratio = local ? applyAdjustment(same, local) : undefined;
    return {
      reimbursement: {
        status: local && local.min !== local.max ? 'range' : 'exact',
        adjustment: same,
        ...(ratio ? { ratio } : {}),
        ...withEstimate(ratio && estimateOf(ctx, { adjustment: same, ratio }), undefined),
        summary: summarise(same.explanation, ratio),
      },
      warnings: [],
      provenances: [],
    };
  }

  const filedOutcome = merge(
    ctx,
    levels.map((level) => outcomeFor(ctx, true, level)),
  );
  const outcome = filed
    ? filedOutcome
    : merge(
        ctx,
        levels.map((level) => outcomeFor(ctx, false, level)),
      );
  const local = outcome.local ?? filedOutcome.local;
  const flagged = outcome.superseded ? supersededWarning(ctx, outcome.superseded) : undefined;
  const warnings = flagged ? [flagged.warning] : [];
  const provenances = flagged ? [flagged.provenance] : [];
  const deductible = outcome.deductible;
  const shownDeductible = deductible ? { deductible } : {};
  const question = text.ask.reimbursement(
    REASON_LABELS[ctx.situation.reason],
    ctx.care.name,
    careWords(ctx.situation.careType).visit,
  );

  if (!outcome.adjustment) {
    // Nothing sourced: at best the filed ratio (or, where that is unknown too, the in-city one),
    // at worst nothing (some 参保地 pay nothing for a trip that was not filed).
    const best = filedOutcome.ratio ?? local;
    const ratio = !filed && best ? { min: 0, max: best.max } : undefined;
    const explanation = outcome.superseded
      ? outcome.superseded.by
        ? text.adjustment.superseded
        : text.adjustment.quoteGone
      : filed
        ? outcome.levelsDiffer
          ? text.adjustment.levelsDiffer
          : text.adjustment.verify
        : text.adjustment.unfiled;
    const estimate =
      ratio && !filed
        ? withEstimate(
            estimateOf(ctx, { adjustment: null, ratio, ...(deductible ? { deductible } : {}) }),
            deductible,
          )
        : {};
    return {
      reimbursement: {
        status: 'verify',
        adjustment: null,
        ...(local ? { localRatio: local } : {}),
        ...(ratio ? { ratio } : {}),
        ...shownDeductible,
        ...estimate,
        summary: summarise(explanation, ratio),
        question,
      },
      warnings,
      provenances,
    };
  }
  const adjustment = outcome.adjustment;
  const isRange =
    adjustment.min !== undefined ||
    (outcome.ratio !== undefined && outcome.ratio.min !== outcome.ratio.max) ||
    (adjustment.method !== 'fixed' && local !== undefined && local.min !== local.max);
  return {
    reimbursement: {
      status: isRange ? 'range' : 'exact',
      adjustment,
      ...(local ? { localRatio: local } : {}),
      ...(outcome.ratio ? { ratio: outcome.ratio } : {}),
      ...shownDeductible,
      ...withEstimate(envelope(outcome.estimates), deductible),
      summary: summarise(adjustment.explanation, outcome.ratio),
      // The national cap is a ceiling: the 参保地's own figure is still to ask.
      ...(adjustment.min !== undefined && adjustment.provenance.layer === 'national' ? { question } : {}),
    },
    warnings,
    provenances,
  };
}
