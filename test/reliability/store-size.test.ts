/**
 * A checklist's stored size is bounded whatever its users do: the items come from the verdict, each
 * note is at most 200 characters, at most 20 family members join, and nothing else grows. So the
 * data file is bounded by the number of checklists, and by compaction (test/stores/compaction.test.ts).
 */
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { caller, data, testDeps } from '../support/functions';

// The largest a stored checklist may be, in bytes of its data-file line (about 9 KB measured at the worst).
const MAX_STORED_BYTES = 16 * 1024;

const base = { scheme: 'employee', retired: true, stage: 'planning' };
const SITUATIONS = [
  { ...base, insuredCity: '深圳', careCity: '长沙', reason: 'temporary', careType: 'inpatient' },
  { ...base, insuredCity: '鞍山', careCity: '北京', reason: 'retiree_relocation', careType: 'inpatient' },
  {
    ...base,
    insuredCity: '沈阳',
    careCity: '北京',
    reason: 'long_term_residence',
    careType: 'chronic',
    chronicDisease: 'dialysis',
  },
  {
    ...base,
    insuredCity: '西安',
    careCity: '上海',
    reason: 'referral',
    careType: 'outpatient',
    stage: 'discharged_self_paid',
    treatmentDate: '2026-11-10',
  },
];
const openid = (n: number) => `family-member-${n}-`.padEnd(64, 'x'); // the longest OPENID the server accepts
const LONGEST_NOTE = '备'.repeat(200); // 3 bytes each in UTF-8: the widest a 200-character note can be

it.each(SITUATIONS)(
  'stays under the bound with every note full, 20 members, all subscribed ($insuredCity → $careCity, $careType)',
  async (situation) => {
    const deps = await testDeps({ env: { WRITES_PER_MINUTE: '0' } });
    const call = caller(deps);
    const owner = openid(0);
    const list = data(await call(checklistFunction, { action: 'create', situation }, owner)) as ChecklistView;
    const members = Array.from({ length: deps.config.maxMembers }, (_, i) => openid(i + 1));
    expect(members.length).toBeLessThanOrEqual(20);
    for (const member of members)
      data(
        await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, member),
      );
    expect(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, openid(99)),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    for (const [i, item] of list.items.entries()) {
      const who = members[i % members.length];
      data(
        await call(checklistFunction, { action: 'toggle', id: list.id, itemId: item.id, done: true }, who),
      );
      data(
        await call(
          checklistFunction,
          { action: 'note', id: list.id, itemId: item.id, note: LONGEST_NOTE },
          who,
        ),
      );
    }
    expect(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: list.items[0].id, note: `${LONGEST_NOTE}备` },
        owner,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'note' } });
    if (list.validUntil)
      for (const who of [owner, ...members])
        data(await call(checklistFunction, { action: 'subscribe', id: list.id, enabled: true }, who));

    const stored = (await deps.checklists.get(list.id))!;
    const bytes = Buffer.byteLength(JSON.stringify(stored));
    expect(stored.items.every((i) => i.note === LONGEST_NOTE && i.done)).toBe(true);
    expect(bytes).toBeLessThanOrEqual(MAX_STORED_BYTES);
  },
);
