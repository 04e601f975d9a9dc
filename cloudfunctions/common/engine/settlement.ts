import type { Filing, SettlementDetail } from '../../../typings/contract';
import { resolve } from '../policy/resolve';
import { NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { CHRONIC_LABELS, text } from './messages';

/**
 * Direct settlement at a networked hospital, or a claim by hand at the 参保地. 门诊慢特病 settle
 * directly across provinces only for the diseases the national list names.
 */
export function decideSettlement(ctx: EngineContext, filing: Filing): SettlementDetail {
  if (ctx.scope === 'same_city') {
    return {
      mode: 'direct',
      explanation: text.settlement.sameCity,
      verify: false,
      provenance: NO_PROVENANCE,
    };
  }
  if (filing.manualClaim) {
    return {
      mode: 'manual',
      explanation: text.settlement.manualSelfPaid,
      verify: false,
      provenance: filing.provenance,
    };
  }
  if (filing.required && ctx.situation.stage === 'admitted_unfiled' && !filing.canFileLate) {
    return {
      mode: 'manual',
      explanation: text.headline.admittedNoLate('备案'),
      verify: true,
      provenance: NO_PROVENANCE,
    };
  }
  const { careType, chronicDisease } = ctx.situation;
  if (careType === 'chronic' && chronicDisease) {
    const direct = resolve(ctx.chain, 'settlement.chronicDirectDiseases', ctx.date);
    const label = CHRONIC_LABELS[chronicDisease];
    if (direct?.value.includes(chronicDisease)) {
      return {
        mode: 'direct',
        explanation: text.settlement.chronicDirect(label),
        verify: false,
        provenance: provenanceOf(direct),
      };
    }
    if (ctx.scope === 'cross_province') {
      return {
        mode: 'manual',
        explanation: text.settlement.chronicNotDirect(label),
        verify: false,
        provenance: provenanceOf(direct),
      };
    }
    return {
      mode: 'manual',
      explanation: text.settlement.chronicIntraVerify(label),
      verify: true,
      provenance: provenanceOf(direct),
    };
  }
  if (filing.required && filing.category === null) {
    return {
      mode: 'manual',
      explanation: text.filing.categoryUnknown,
      verify: true,
      provenance: NO_PROVENANCE,
    };
  }
  return {
    mode: 'direct',
    explanation: text.settlement.direct,
    verify: false,
    provenance: filing.provenance,
  };
}
