/**
 * One contract for every store implementation: what the handlers rely on, asserted the same way
 * against NeDB (always) and CloudBase (when configured).
 */
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { realPack } from '../support/policy';
import { checklist } from '../support/fixtures';
import { storeKits } from '../support/stores';

const { kits, skipped } = storeKits();
for (const reason of skipped) console.warn(reason);

const AT = '2026-11-22T08:00:00.000Z';

describe.each(kits)('$name', (kit) => {
  jest.setTimeout(60_000);
  beforeAll(async () => kit.setUp?.());
  afterAll(async () => kit.tearDown?.());

  describe('PolicyStore', () => {
    const docs = packToDocs(realPack());

    it('has nothing before the first push', async () => {
      const store = kit.policies();
      expect(await store.load(['n'])).toBeNull();
      expect(await store.activeVersion()).toBeNull();
    });

    it('loads the asked keys of the committed push, including every layer param', async () => {
      const store = kit.policies();
      await store.push('v1', docs, AT);
      const loaded = await store.load(['n', 'p:440000', 'c:440300', 'c:430100', 'p:430000']);
      expect(loaded?.version).toBe('v1');
      expect(loaded!.docs.map((d) => d.key).sort()).toEqual([
        'c:430100',
        'c:440300',
        'n',
        'p:430000',
        'p:440000',
      ]);
      const shenzhen = loaded!.docs.find((d) => d.key === 'c:440300')!;
      expect(shenzhen.layer!.params.map((p) => p.key)).toContain('reimbursement.adjustments');
      expect(shenzhen.sources.map((s) => s.id)).toContain('shenzhen-358-reply');
      expect(await store.activeVersion()).toBe('v1');
    });

    it('switches to a new push only once it is committed, and keeps one push back', async () => {
      const store = kit.policies();
      await store.push('v1', docs, AT);
      await store.push('v2', docs, '2026-11-22T09:00:00.000Z');
      expect((await store.load(['n']))?.version).toBe('v2');
      await store.push('v3', docs, '2026-11-22T10:00:00.000Z');
      const loaded = await store.load(['n']);
      expect(loaded?.version).toBe('v3');
      expect(loaded?.docs).toHaveLength(1);
    });
  });

  describe('ChecklistStore', () => {
    it('stores and reads a checklist; a missing one is null', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-aaaaaaaa'));
      expect(await store.get('list-aaaaaaaa')).toMatchObject({
        _openid: 'owner',
        items: expect.any(Array),
        version: 1,
      });
      expect(await store.get('list-missing')).toBeNull();
    });

    it('keeps every tick when 8 members tick 50 items at once', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-concurrent'));
      const members = Array.from({ length: 8 }, (_, m) => `member-${m}`);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.patchItem('list-concurrent', i, { done: true, doneBy: members[i % 8], doneAt: AT }, AT),
        ),
      );
      const doc = (await store.get('list-concurrent'))!;
      expect(doc.items.filter((i) => i.done)).toHaveLength(50);
      expect(doc.items.map((i) => i.doneBy)).toEqual(Array.from({ length: 50 }, (_, i) => members[i % 8]));
      expect(doc.version).toBe(51);
      expect(doc.items[0].label).toBe('第1项');
    });

    it('patches one item without touching its other fields', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-patch'));
      await store.patchItem('list-patch', 3, { note: '在抽屉里', noteBy: 'owner', noteAt: AT }, AT);
      await store.patchItem('list-patch', 3, { done: true, doneBy: 'member-1', doneAt: AT }, AT);
      const item = (await store.get('list-patch'))!.items[3];
      expect(item).toMatchObject({
        id: 'item-3',
        label: '第4项',
        done: true,
        doneBy: 'member-1',
        note: '在抽屉里',
      });
    });

    it('reports a patch on a missing checklist', async () => {
      expect(await kit.checklists().patchItem('list-gone', 0, { done: true }, AT)).toBe(false);
    });

    it('adds a member once, removes them with their subscription', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-members'));
      await Promise.all([
        store.addMember('list-members', 'kid', AT),
        store.addMember('list-members', 'kid', AT),
      ]);
      await store.setSubscribed('list-members', 'kid', true, AT);
      expect(await store.get('list-members')).toMatchObject({ members: ['kid'], subscribers: ['kid'] });
      await store.removeMember('list-members', 'kid', AT);
      expect(await store.get('list-members')).toMatchObject({ members: [], subscribers: [] });
    });

    it('finds checklists due for a reminder, once', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-due', { subscribers: ['owner'], validUntil: '2026-11-25' }));
      await store.insert(checklist('list-later', { subscribers: ['owner'], validUntil: '2027-05-31' }));
      await store.insert(checklist('list-nosub', { validUntil: '2026-11-24' }));
      await store.insert(checklist('list-open', { subscribers: ['owner'], validUntil: null }));
      expect((await store.dueForReminder('2026-11-29')).map((d) => d._id)).toEqual(['list-due']);
      await store.markReminded('list-due', AT);
      expect(await store.dueForReminder('2026-11-29')).toEqual([]);
    });

    it('removes a checklist', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-remove'));
      expect(await store.remove('list-remove')).toBe(true);
      expect(await store.get('list-remove')).toBeNull();
      expect(await store.remove('list-remove')).toBe(false);
    });
  });
});
