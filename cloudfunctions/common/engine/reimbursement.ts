import type { Adjustment, HospitalLevel, Provenance, Range, Reimbursement } from '../../../typings/contract';
import { HOSPITAL_LEVELS } from '../contract/vocabulary';
import { collect, findRule } from '../policy/resolve';
import type { AdjustmentRule } from '../policy/schema';
import { factsOf, NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { percent, text } from './messages';

interface Outcome {
  adjustment: Adjustment | null;
  local?: Range & { provenance: Provenance };
  ratio?: Range;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
/** 元 rounded down to the fen (never promise more than the rules give), and never above the bill. */
const toFen = (yuan: number, cap: number) => Math.min(cap, Math.floor(yuan * 100 + 1e-6) / 100);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Applies an adjustment to the in-city ratio range. All figures are fractions of 1. */
export function applyAdjustment(adjustment: Adjustment, local: Range): Range {
  const lo = adjustment.value ?? adjustment.max ?? 0; // the larger cut gives the lower ratio
  const hi = adjustment.value ?? adjustment.min ?? 0;
  let range: Range;
  switch (adjustment.method) {
    case 'same':
      range = { min: local.min, max: local.max };
      break;
    case 'points':
      range = { min: local.min - lo, max: local.max - hi };
      break;
    case 'multiplier':
      range = {
        min: local.min * (adjustment.value ?? adjustment.min ?? 0),
        max: local.max * (adjustment.value ?? adjustment.max ?? 0),
      };
      break;
    case 'self_pay_first':
      range = { min: local.min * (1 - lo), max: local.max * (1 - hi) };
      break;
  }
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
          : text.adjustment.selfPayFirst(percent(value));
  return rule.note ? `${base}${rule.note}` : base;
}

function outcomeFor(ctx: EngineContext, filed: boolean, level: HospitalLevel | undefined): Outcome {
  const facts = factsOf(ctx, filed, level);
  // A trip that was not filed gets only the rules written for that case; it never inherits a filed ratio.
  const rule = findRule(ctx.chain, 'reimbursement.adjustments', ctx.date, facts, (rules) =>
    filed ? rules : rules.filter((r) => r.when.filed === false),
  );
  let adjustment: Adjustment | null = null;
  if (rule) {
    adjustment = {
      method: rule.rule.method,
      ...(rule.rule.value !== undefined ? { value: rule.rule.value } : {}),
      explanation: describe(rule.rule),
      provenance: provenanceOf(rule),
    };
  } else if (filed) {
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
  const local = localRatio(ctx, filed, level);
  return {
    adjustment,
    ...(local ? { local } : {}),
    ...(adjustment && local ? { ratio: applyAdjustment(adjustment, local) } : {}),
  };
}

function localRatio(ctx: EngineContext, filed: boolean, level: HospitalLevel | undefined): Outcome['local'] {
  const given = ctx.situation.localRatio;
  if (given !== undefined) return { min: given, max: given, provenance: { layer: 'user', sourceIds: [] } };
  const found = findRule(
    ctx.chain,
    'reimbursement.localRatios',
    ctx.date,
    factsOf(ctx, filed, level),
    (rules) => rules,
  );
  if (!found) return undefined;
  const value = found.rule.value;
  return typeof value === 'number'
    ? { min: value, max: value, provenance: provenanceOf(found) }
    : { min: value.min, max: value.max, provenance: provenanceOf(found) };
}

const sameAdjustment = (a: Adjustment, b: Adjustment) =>
  a.method === b.method && a.value === b.value && a.min === b.min && a.max === b.max;

function mergeProvenance(items: Provenance[]): Provenance {
  let layer: Provenance['layer'] = 'none';
  const sourceIds: string[] = [];
  for (const p of items) {
    if (layer === 'none' && p.layer !== 'none') layer = p.layer;
    for (const id of p.sourceIds) if (!sourceIds.includes(id)) sourceIds.push(id);
  }
  return layer === 'none' && !sourceIds.length ? NO_PROVENANCE : { layer, sourceIds };
}

function envelope(ranges: (Range | undefined)[]): Range | undefined {
  if (ranges.some((r) => !r)) return undefined;
  const all = ranges as Range[];
  return { min: Math.min(...all.map((r) => r.min)), max: Math.max(...all.map((r) => r.max)) };
}

/** When the hospital level is unknown, the outcomes for every level are merged into one range. */
function merge(outcomes: Outcome[]): Outcome & { levelsDiffer: boolean } {
  const [first] = outcomes;
  const adjustments = outcomes.map((o) => o.adjustment);
  const local = envelope(outcomes.map((o) => o.local));
  const localMerged = local
    ? { ...local, provenance: mergeProvenance(outcomes.map((o) => o.local!.provenance)) }
    : undefined;
  const ratio = envelope(outcomes.map((o) => o.ratio));
  const base = { ...(localMerged ? { local: localMerged } : {}), ...(ratio ? { ratio } : {}) };
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

function withEstimate(ctx: EngineContext, ratio: Range | undefined) {
  const cost = ctx.situation.coveredCost;
  if (cost === undefined || !ratio) return {};
  return {
    estimate: {
      min: toFen(cost * ratio.min, cost),
      max: toFen(cost * ratio.max, cost),
      note: text.reimbursement.estimateNote,
    },
  };
}

function summarise(explanation: string, ratio: Range | undefined): string {
  return ratio
    ? `${explanation}${text.reimbursement.withRatio(percent(ratio.min), percent(ratio.max))}`
    : explanation;
}

/** Whether any adjustment or in-city ratio of the 参保地 depends on the hospital level. */
function dependsOnLevel(ctx: EngineContext): boolean {
  const byLevel = (found: { value: { when?: { hospitalLevels?: unknown } }[] }[]) =>
    found.some((f) => f.value.some((rule) => rule.when?.hospitalLevels));
  return (
    byLevel(collect(ctx.chain, 'reimbursement.adjustments', ctx.date)) ||
    (ctx.situation.localRatio === undefined &&
      byLevel(collect(ctx.chain, 'reimbursement.localRatios', ctx.date)))
  );
}

/**
 * How the 参保地 adjusts its in-city ratio for this trip, with the resulting ratio and an estimate
 * where the in-city ratio is known. Unknown stays unknown: the national cap as a range, or "verify".
 */
export function decideReimbursement(ctx: EngineContext, filed: boolean): Reimbursement {
  // An unknown level is answered for every level, merged into one range, where the level matters.
  const levels: (HospitalLevel | undefined)[] = ctx.situation.hospitalLevel
    ? [ctx.situation.hospitalLevel]
    : dependsOnLevel(ctx)
      ? [...HOSPITAL_LEVELS]
      : [undefined];
  if (ctx.scope === 'same_city') {
    const same: Adjustment = { method: 'same', explanation: text.adjustment.same, provenance: NO_PROVENANCE };
    const local = envelope(levels.map((l) => localRatio(ctx, true, l)));
    const ratio = local ? applyAdjustment(same, local) : undefined;
    return {
      status: local && local.min !== local.max ? 'range' : 'exact',
      adjustment: same,
      ...(ratio ? { ratio } : {}),
      ...withEstimate(ctx, ratio),
      summary: summarise(same.explanation, ratio),
    };
  }

  const filedOutcome = merge(levels.map((level) => outcomeFor(ctx, true, level)));
  const outcome = filed ? filedOutcome : merge(levels.map((level) => outcomeFor(ctx, false, level)));
  const local = outcome.local ?? filedOutcome.local;

  if (!outcome.adjustment) {
    // Nothing sourced: at best the filed ratio, at worst nothing (some 参保地 pay nothing unfiled).
    const ratio = !filed && filedOutcome.ratio ? { min: 0, max: filedOutcome.ratio.max } : undefined;
    const explanation = filed
      ? outcome.levelsDiffer
        ? text.adjustment.levelsDiffer
        : text.adjustment.verify
      : text.adjustment.unfiled;
    return {
      status: 'verify',
      adjustment: null,
      ...(local ? { localRatio: local } : {}),
      ...(ratio ? { ratio } : {}),
      ...withEstimate(ctx, ratio),
      summary: summarise(explanation, ratio),
    };
  }
  const adjustment = outcome.adjustment;
  const isRange = adjustment.min !== undefined || (local !== undefined && local.min !== local.max);
  return {
    status: isRange ? 'range' : 'exact',
    adjustment,
    ...(local ? { localRatio: local } : {}),
    ...(outcome.ratio ? { ratio: outcome.ratio } : {}),
    ...withEstimate(ctx, outcome.ratio),
    summary: summarise(adjustment.explanation, outcome.ratio),
  };
}
