/**
 * What to do, in order, for this stage of care. The steps come from the parts of the verdict that
 * were already decided (filing, channels, settlement), so the plan never says more than they do;
 * the wording fits the care type (住院 / 门诊 / 药店) and the stage. The result page shows the first
 * steps marked `now`; the checklist is made from the whole plan plus the papers.
 */
import type {
  Channel,
  Filing,
  PlanStep,
  PlanStepId,
  Provenance,
  SettlementDetail,
  Validity,
} from '../../../typings/contract';
import { resolve } from '../policy/resolve';
import { NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { categoryLabel, careWords, text } from './messages';

interface PlanInput {
  filing: Filing;
  channels: Channel[];
  settlement: SettlementDetail;
  validity: Validity | null;
}

function step(
  id: PlanStepId,
  when: PlanStep['when'],
  label: string,
  options: { hint?: string; channels?: Channel[]; provenance?: Provenance; questionId?: string } = {},
): PlanStep {
  return {
    id,
    label,
    ...(options.hint ? { hint: options.hint } : {}),
    channelIds: (options.channels ?? []).map((c) => c.id),
    when,
    ...(options.questionId ? { questionId: options.questionId } : {}),
    provenance: options.provenance ?? NO_PROVENANCE,
  };
}

/** "可以通过：A、B" — every channel, online ones first (the order the verdict lists them in). */
function viaText(channels: Channel[]): string | undefined {
  return channels.length ? text.plan.via(channels.map((c) => c.name)) : undefined;
}

export function buildPlan(
  ctx: EngineContext,
  { filing, channels, settlement, validity }: PlanInput,
): PlanStep[] {
  if (ctx.scope === 'same_city') return [];
  const { stage, careType } = ctx.situation;
  const words = careWords(careType);
  const steps: PlanStep[] = [];

  if (careType === 'chronic' && stage !== 'discharged_self_paid')
    steps.push(
      step('chronic_eligibility', 'now', text.plan.chronicEligibility(ctx.insured.name), {
        hint: text.plan.chronicEligibilityHint,
        provenance: settlement.provenance,
      }),
    );

  if (stage === 'discharged_self_paid') {
    if (filing.required) {
      const lateRule = resolve(ctx.chain, 'filing.manualClaimAfterSelfPay', ctx.date);
      // The filing made now must reach back to the treatment, or the bill is not covered by it.
      const hint = text.plan.lateFilingFrom(ctx.date, careType);
      steps.push(
        lateRule?.value
          ? step('file_late_for_claim', 'now', text.plan.fileLateForClaim, {
              hint,
              provenance: provenanceOf(lateRule),
            })
          : step('file_late_for_claim', 'now', text.plan.askLateForClaim(ctx.insured.name), {
              hint,
              questionId: 'MANUAL_CLAIM_VERIFY',
            }),
      );
    }
    steps.push(
      step('keep_receipts', 'now', text.plan.collectPapers, { hint: text.plan.collectPapersHint(words) }),
    );
    steps.push(
      step('claim', 'now', text.plan.claim(ctx.insured.name), {
        hint: viaText(channels) ?? text.plan.claimHint,
        channels,
        provenance: filing.provenance,
      }),
    );
    return steps;
  }

  const category = categoryLabel(filing.category);
  if (stage === 'admitted_unfiled') {
    if (filing.required && filing.canFileLate) {
      steps.push(
        step('file', 'now', text.plan.fileToday(category), {
          hint: viaText(channels),
          channels,
          provenance: filing.provenance,
        }),
      );
      steps.push(step('tell_hospital', 'now', text.plan.tellHospitalFiled));
    } else if (filing.required) {
      steps.push(
        step('ask_late_filing', 'now', text.plan.askLateFiling(ctx.insured.name), {
          questionId: 'settlement',
        }),
      );
      steps.push(step('keep_receipts', 'after_care', text.plan.keepReceipts(words)));
    } else if (filing.deemedFiled) {
      steps.push(
        step('emergency_at_hospital', 'now', text.plan.emergency, { provenance: filing.provenance }),
      );
    } else {
      steps.push(
        step('tell_hospital', 'now', text.plan.tellHospitalExempt, { provenance: filing.provenance }),
      );
    }
    return steps;
  }

  // Planning: file first (unless deemed filed or exempt), then go where the bill settles directly.
  // Where no recorded rule says how to file, the first step is to ask.
  if (filing.verify) {
    steps.push(
      step('ask_rules', 'now', text.plan.askRules(ctx.insured.name, ctx.care.name, words.visit), {
        hint: viaText(channels),
        channels,
        questionId: 'filing',
      }),
    );
  } else if (filing.required) {
    steps.push(
      step('file', 'now', text.plan.file(category), {
        hint: viaText(channels),
        channels,
        provenance: filing.provenance,
      }),
    );
    steps.push(
      step('confirm_filing', 'before_care', text.plan.confirmFiling, {
        ...(validity?.until ? { hint: text.plan.confirmFilingHint } : {}),
      }),
    );
  }
  if (filing.deemedFiled)
    steps.push(
      step('emergency_at_hospital', 'at_care', text.plan.emergency, { provenance: filing.provenance }),
    );
  if (settlement.mode === 'direct') {
    steps.push(step('networked_hospital', 'before_care', text.plan.networked(words)));
    steps.push(step('bring_card', 'at_care', text.plan.bringCard(words)));
  } else {
    steps.push(step('keep_receipts', 'after_care', text.plan.keepReceipts(words)));
  }
  return steps;
}
