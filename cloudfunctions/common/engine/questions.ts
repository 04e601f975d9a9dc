/**
 * Everything a verdict could not answer, as the questions to put to the 参保地医保经办机构: gathered
 * from the parts that carry one (filing, settlement, papers, reimbursement, validity, warnings), in
 * that order — what decides whether and how to file first — each question once.
 */
import type {
  DocumentItem,
  Filing,
  OpenQuestion,
  Reimbursement,
  SettlementDetail,
  Validity,
  Warning,
} from '../../../typings/contract';

interface Parts {
  filing: Filing;
  settlement: SettlementDetail;
  documents: DocumentItem[];
  reimbursement: Reimbursement;
  validity: Validity | null;
  warnings: Warning[];
}

/** Papers for a claim by hand share one question; the category proof has its own. */
const CLAIM_DOCUMENTS: readonly string[] = [
  'claim_papers',
  'invoice',
  'expense_list',
  'discharge_summary',
  'bank_account',
];

export function collectQuestions(parts: Parts): OpenQuestion[] {
  const found: OpenQuestion[] = [];
  const add = (id: string, question: string | undefined) => {
    if (question && !found.some((q) => q.id === id || q.question === question)) found.push({ id, question });
  };
  add('filing', parts.filing.question);
  const emergency = parts.warnings.find((w) => w.code === 'EMERGENCY_VERIFY');
  add(emergency?.code ?? '', emergency?.question);
  add('settlement', parts.settlement.question);
  for (const doc of parts.documents)
    add(CLAIM_DOCUMENTS.includes(doc.id) ? 'claim_documents' : 'documents', doc.question);
  add('reimbursement', parts.reimbursement.question);
  add('validity', parts.validity?.question);
  for (const warning of parts.warnings) add(warning.code, warning.question);
  return found;
}
