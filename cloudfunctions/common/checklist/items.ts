/**
 * Turns a verdict into checklist items: the papers to bring and the steps to take. Labels come from
 * the verdict (server-driven text); nothing about the person is stored beyond the situation.
 */
import type { Verdict } from '../../../typings/contract';
import type { ChecklistItem } from '../ports';

export function itemsFromVerdict(verdict: Verdict): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const add = (id: string, label: string, hint?: string) =>
    items.push({ id, label, ...(hint ? { hint } : {}), done: false });

  for (const doc of verdict.documents) {
    const or = doc.alternatives.length ? '（或替代材料）' : '';
    add(`doc-${doc.id}`, `准备${doc.name}${or}`, doc.hint);
  }
  const { filing } = verdict;
  const firstChannel = verdict.channels.find((c) => c.kind !== 'counter') ?? verdict.channels[0];
  if (filing.required && !filing.manualClaim) {
    add(
      'file',
      filing.canFileLate ? '出院结算前补办备案' : '办理异地就医备案',
      firstChannel ? `可以通过：${firstChannel.name}` : undefined,
    );
    add(
      'confirm-filing',
      '确认备案成功，记下有效期',
      verdict.validity?.until ? `有效期至 ${verdict.validity.until}` : undefined,
    );
  }
  if (verdict.settlement === 'direct' && verdict.scope !== 'same_city') {
    add('networked-hospital', '确认医院已开通异地联网结算');
    add('bring-card', '就医时带上医保电子凭证或社保卡');
  }
  if (filing.manualClaim) {
    if (filing.required) add('file-late', '按参保地规定补办备案');
    add('claim', '回参保地申请手工报销', firstChannel ? `可以通过：${firstChannel.name}` : undefined);
  } else if (verdict.settlement === 'manual') {
    add('keep-receipts', '保留好发票、费用清单等票据，回参保地报销');
  }
  return items;
}

export function titleOf(verdict: Verdict, reasonLabel: string): string {
  return `${verdict.insuredCity.name} → ${verdict.careCity.name}（${reasonLabel}）`;
}
