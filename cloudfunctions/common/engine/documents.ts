import type { DocumentId, DocumentItem, Filing, Provenance, Warning } from '../../../typings/contract';
import { PROOF_NAMED_BY_REASON } from '../contract/vocabulary';
import { collect, itemOf, resolve } from '../policy/resolve';
import { NO_PROVENANCE, provenanceOf, type EngineContext } from './context';
import { categoryLabel, DOCUMENT_LABELS, REASON_LABELS, text } from './messages';

export interface DocumentsOutcome {
  documents: DocumentItem[];
  /** True when a 个人承诺书 stands in for the category proof. */
  pledgeUsed: boolean;
  warnings: Warning[];
}

function item(
  id: DocumentId,
  required: boolean,
  alternatives: DocumentId[],
  provenance: Provenance,
  verify: boolean,
  hint?: string,
  question?: string,
): DocumentItem {
  const label = DOCUMENT_LABELS[id];
  const shownHint = hint ?? label.hint;
  return {
    id,
    name: label.name,
    ...(shownHint ? { hint: shownHint } : {}),
    required,
    alternatives,
    verify,
    ...(verify && question ? { question } : {}),
    provenance,
  };
}

/** The category proof for this reason from the most specific layer that names one. */
function proofFor(ctx: EngineContext) {
  return collect(ctx.chain, 'documents.proofs', ctx.date).find(
    (found) => found.value[ctx.situation.reason] !== undefined,
  );
}

/**
 * The papers to bring: identity; the category proof (any one of several) or a 个人承诺书 where the
 * 参保地 allows one and the person has no proof; for a claim by hand, the bills and a bank account.
 */
export function listDocuments(ctx: EngineContext, filing: Filing): DocumentsOutcome {
  if (ctx.scope === 'same_city') return { documents: [], pledgeUsed: false, warnings: [] };
  const warnings: Warning[] = [];
  const documents: DocumentItem[] = [item('identity', true, [], NO_PROVENANCE, false)];
  let pledgeUsed = false;

  const proofs = filing.required ? proofFor(ctx) : undefined;
  const proofIds = proofs?.value[ctx.situation.reason] ?? [];
  const proofQuestion = text.ask.documents(
    categoryLabel(filing.category),
    REASON_LABELS[ctx.situation.reason],
  );
  if (filing.required && !proofs) {
    // No layer names the proof for this reason: say so as an item to ask about, never a guess.
    const pledgeRule = resolve(ctx.chain, 'pledge.allowedFor', ctx.date);
    if (ctx.situation.hasProof === false && pledgeRule?.value.includes(ctx.situation.reason)) {
      pledgeUsed = true;
      documents.push(
        item('pledge', true, [], provenanceOf(pledgeRule), true, text.documents.pledgeHint, proofQuestion),
      );
    } else {
      const named = PROOF_NAMED_BY_REASON[ctx.situation.reason];
      documents.push(
        named
          ? item(
              named,
              true,
              [],
              NO_PROVENANCE,
              true,
              text.documents.namedProofHint(named),
              text.ask.namedProof(named),
            )
          : item('category_proof', true, [], NO_PROVENANCE, true, undefined, proofQuestion),
      );
    }
    warnings.push({ code: 'DOCUMENTS_UNKNOWN', message: text.warnings.DOCUMENTS_UNKNOWN });
  } else if (proofs && proofIds.length) {
    const generalRule = proofs.layer.layer === 'national';
    const pledgeRule = resolve(ctx.chain, 'pledge.allowedFor', ctx.date);
    const pledgeAllowed = pledgeRule?.value.includes(ctx.situation.reason) ?? false;
    const [first, ...rest] = proofIds;
    if (ctx.situation.hasProof === false && pledgeAllowed) {
      pledgeUsed = true;
      documents.push(
        item(
          'pledge',
          true,
          proofIds,
          provenanceOf(pledgeRule),
          generalRule,
          text.documents.pledgeHint,
          proofQuestion,
        ),
      );
    } else {
      const alternatives: DocumentId[] = pledgeAllowed ? [...rest, 'pledge'] : rest;
      documents.push(
        item(
          first,
          true,
          alternatives,
          provenanceOf(proofs, pledgeAllowed ? pledgeRule : undefined),
          generalRule,
          undefined,
          proofQuestion,
        ),
      );
      if (ctx.situation.hasProof === false)
        warnings.push({ code: 'NO_PROOF', message: text.warnings.NO_PROOF(DOCUMENT_LABELS[first].name) });
    }
    if (generalRule) warnings.push({ code: 'DOCUMENTS_VERIFY', message: text.warnings.DOCUMENTS_VERIFY });
  }

  if (filing.manualClaim) {
    const claim = resolve(ctx.chain, 'documents.manualClaim', ctx.date);
    // Only a 参保地's own list is firm; the general list is shown for the person to confirm.
    const verify = claim?.layer.layer !== 'city';
    const claimQuestion = text.ask.claimDocuments;
    if (!claim) documents.push(item('claim_papers', true, [], NO_PROVENANCE, true, undefined, claimQuestion));
    for (const entry of claim?.value ?? []) {
      if (entry.careTypes && !entry.careTypes.includes(ctx.situation.careType)) continue;
      documents.push(
        item(entry.id, true, [], provenanceOf(itemOf(claim!, entry)), verify, undefined, claimQuestion),
      );
    }
    if (verify)
      warnings.push({ code: 'CLAIM_DOCUMENTS_VERIFY', message: text.warnings.CLAIM_DOCUMENTS_VERIFY });
  }
  return { documents, pledgeUsed, warnings };
}
