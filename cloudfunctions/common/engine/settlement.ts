import type { Filing, SettlementDetail, Warning } from '../../../typings/contract';
import { addDays } from '../contract/dates';
import { resolve, supersessionOf, type Resolved } from '../policy/resolve';
import type { ParameterValue } from '../policy/schema';
import { factsOf, NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { careWords, chineseDay, CHRONIC_LABELS, text } from './messages';

type DiseaseList = Resolved<ParameterValue<'settlement.chronicDirectDiseases'>>;

export interface SettlementOutcome {
  settlement: SettlementDetail;
  /** A disease list that a newer national (or provincial) list probably replaced. */
  warnings: Warning[];
}

/**
 * The list of 门诊慢特病 that settle directly, as it stands on the treatment date. A 参保地's list
 * that a newer rule of a higher layer probably replaced (a `policy.supersedes` marker) is not
 * taken as fact: the newer layer's own list answers, marked verify, with a warning naming both.
 */
function diseaseList(ctx: EngineContext): {
  list?: DiseaseList;
  replaced?: DiseaseList;
  by?: string;
  byFrom?: string;
} {
  const list = resolve(ctx.chain, 'settlement.chronicDirectDiseases', ctx.date);
  if (!list) return {};
  const marker = supersessionOf(
    ctx.chain,
    'settlement.chronicDirectDiseases',
    list,
    ctx.date,
    factsOf(ctx, true),
  );
  if (!marker) return { list };
  const newer = resolve(
    ctx.chain.slice(ctx.chain.indexOf(marker.layer)),
    'settlement.chronicDirectDiseases',
    ctx.date,
  );
  return { list: newer, replaced: list, by: marker.rule.document, byFrom: marker.from };
}

/**
 * Direct settlement at a networked hospital, or a claim by hand at the 参保地. 门诊慢特病 settle
 * directly across provinces only for the diseases the national list names.
 */
export function decideSettlement(ctx: EngineContext, filing: Filing): SettlementOutcome {
  const plain = (settlement: SettlementDetail): SettlementOutcome => ({ settlement, warnings: [] });
  if (ctx.scope === 'same_city') {
    return plain({
      mode: 'direct',
      explanation: text.settlement.sameCity,
      verify: false,
      provenance: NO_PROVENANCE,
    });
  }
  if (filing.manualClaim) {
    return plain({
      mode: 'manual',
      explanation: text.settlement.manualSelfPaid,
      verify: false,
      provenance: filing.provenance,
    });
  }
  if (filing.required && ctx.situation.stage === 'admitted_unfiled' && !filing.canFileLate) {
    return plain({
      mode: 'manual',
      explanation: text.headline.admittedNoLate('备案'),
      verify: true,
      question: text.ask.lateFiling,
      provenance: NO_PROVENANCE,
    });
  }
  const { careType, chronicDisease } = ctx.situation;
  const { visit } = careWords(careType);
  if (careType === 'chronic' && chronicDisease) {
    const { list, replaced, by, byFrom } = diseaseList(ctx);
    const label = CHRONIC_LABELS[chronicDisease];
    // The older list matters only where it says otherwise for this disease.
    const disputed =
      replaced && list && replaced.value.includes(chronicDisease) !== list.value.includes(chronicDisease);
    const warnings: Warning[] = [];
    if (disputed && replaced && by && byFrom) {
      const oldSource = ctx.pack.sources[replaced.source];
      warnings.push({
        code: 'POSSIBLY_SUPERSEDED',
        message: text.warnings.POSSIBLY_SUPERSEDED(
          ctx.insured.name,
          text.settlement.listedDiseases(replaced.value.map((d) => CHRONIC_LABELS[d])),
          oldSource?.title ?? replaced.source,
          by,
          byFrom,
        ),
      });
    }
    const question = disputed ? text.ask.chronicSettlement(label, ctx.care.name) : undefined;
    const provenance = provenanceOf(list, disputed ? replaced : undefined);
    if (list?.value.includes(chronicDisease)) {
      // A disease added by a list that is only dated "by a deadline" says so; one that was on the
      // list before is simply direct.
      const added =
        list.fromIs === 'deadline' &&
        !resolve(ctx.chain, 'settlement.chronicDirectDiseases', addDays(list.from, -1))?.value.includes(
          chronicDisease,
        );
      return {
        settlement: {
          mode: 'direct',
          explanation: added
            ? text.settlement.chronicDirectBy(label, chineseDay(list.from))
            : text.settlement.chronicDirect(label),
          verify: Boolean(disputed),
          ...(question ? { question } : {}),
          provenance,
        },
        warnings,
      };
    }
    if (list && ctx.scope === 'cross_province') {
      return {
        settlement: {
          mode: 'manual',
          explanation: text.settlement.chronicNotDirect(label),
          verify: Boolean(disputed),
          ...(question ? { question } : {}),
          provenance,
        },
        warnings,
      };
    }
    return {
      settlement: {
        mode: 'manual',
        explanation: text.settlement.chronicIntraVerify(label),
        verify: true,
        question: text.ask.chronicSettlement(label, ctx.care.name),
        provenance,
      },
      warnings,
    };
  }
  if (filing.required && filing.category === null) {
    return plain({
      mode: 'manual',
      explanation:
        ctx.scope === 'intra_province'
          ? text.settlement.intraUnknown(ctx.insured.province)
          : text.filing.categoryUnknown,
      verify: true,
      question: text.ask.settlement(ctx.care.name, visit),
      provenance: NO_PROVENANCE,
    });
  }
  return plain({
    mode: 'direct',
    explanation: text.settlement.direct,
    verify: false,
    provenance: filing.provenance,
  });
}
