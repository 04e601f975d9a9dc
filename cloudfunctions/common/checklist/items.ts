/**
 * Turns a verdict into checklist items: the papers to bring (`verdict.documents`) and the steps of
 * the stage plan (`verdict.plan`), in the order they are done. Labels and hints come from the
 * verdict (server-driven text); nothing here decides what a person must do.
 */
import type { DocumentItem, OpenQuestion, PlanStep, PlanStepId, Verdict } from '../../../typings/contract';
import { DOCUMENT_LABELS } from '../engine/messages';
import type { ChecklistItem } from '../ports';

/** The papers are gathered before the first of these steps, which is where they are used. */
const USES_PAPERS: PlanStepId[] = ['file', 'keep_receipts', 'claim'];

/** The item whose tick says the filing was made: it asks the day, the filing's end counts from it. */
export const FILING_ITEM_ID: PlanStepId = 'file';

function paperItem(doc: DocumentItem): ChecklistItem {
  const alternatives = doc.alternatives.map((id) => DOCUMENT_LABELS[id]?.name).filter(Boolean);
  const or = alternatives.length ? `（或${alternatives.join('、')}）` : '';
  const hint = [doc.hint, doc.verify ? '以参保地要求为准' : ''].filter(Boolean).join('；');
  return {
    id: `doc-${doc.id}`,
    label: `准备${doc.name}${or}`,
    ...(hint ? { hint } : {}),
    done: false,
    rev: 0,
  };
}

/** Something the verdict could not answer: a family member asks and writes the answer in the note. */
function questionItem(q: OpenQuestion): ChecklistItem {
  return {
    // Item ids are lower-case (the toggle and note inputs accept [a-z0-9_-]); a notice's code is not.
    id: `ask-${q.id.toLowerCase()}`,
    label: `问清：${q.question}`,
    hint: '向参保地医保经办机构问清，把答复记在备注里',
    done: false,
    rev: 0,
  };
}

function stepItem(step: PlanStep): ChecklistItem {
  return { id: step.id, label: step.label, ...(step.hint ? { hint: step.hint } : {}), done: false, rev: 0 };
}

export function itemsFromVerdict(verdict: Verdict): ChecklistItem[] {
  const papers = verdict.documents.map(paperItem);
  // Older verdicts (a checklist made before questions existed) have none.
  const questions = verdict.questions ?? [];
  const asked = new Set(questions.map((q) => q.id));
  // After a self-paid discharge the claim papers are items of their own (the 参保地's list, or one
  // item to ask which), so the plan's step that gathers them would only repeat them; a step that
  // only asks a question is the question's own item.
  const claimPapersListed = verdict.documents.some((d) => d.id === 'invoice' || d.id === 'claim_papers');
  const steps = verdict.plan.filter(
    (s) => !(s.id === 'keep_receipts' && claimPapersListed) && !(s.questionId && asked.has(s.questionId)),
  );
  // Questions first (what to ask before anything else), then papers just before the first step
  // that uses them; with none, first: bring them along.
  const at = steps.findIndex((s) => USES_PAPERS.includes(s.id));
  const split = at < 0 ? 0 : at;
  return [
    ...questions.map(questionItem),
    ...steps.slice(0, split).map(stepItem),
    ...papers,
    ...steps.slice(split).map(stepItem),
  ];
}

export function titleOf(verdict: Verdict, reasonLabel: string): string {
  return `${verdict.insuredCity.name} → ${verdict.careCity.name}（${reasonLabel}）`;
}
