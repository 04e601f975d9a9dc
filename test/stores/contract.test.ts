/**
 * One contract for every store implementation: what the handlers rely on, asserted the same way
 * against NeDB (always) and CloudBase (when configured).
 */
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { realPack } from '../support/policy';
import { checklist } from '../support/fixtures';
import { storeKits } from '../support/stores';
import type { WatchReport } from '../../cloudfunctions/common/watch/report';
import { WATCH_REPORTS_KEPT } from '../../cloudfunctions/common/adapters/watch-docs';

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

    it('stores a checklist once: inserting an id that exists writes nothing', async () => {
      const store = kit.checklists();
      expect(await store.insert(checklist('list-once', { title: 'first' }))).toBe(true);
      expect(await store.insert(checklist('list-once', { title: 'second' }))).toBe(false);
      expect((await store.get('list-once'))!.title).toBe('first');
      const both = await Promise.all([
        store.insert(checklist('list-race', { title: 'a' })),
        store.insert(checklist('list-race', { title: 'b' })),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
    });

    it('writes an item only for the owner or a member, and only if it is as it was read', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-guard', { members: ['kid'], people: ['kid'] }));
      const tick = { done: true, doneBy: 'x', doneAt: AT };
      expect(
        await store.patchItem('list-guard', 0, tick, AT, { caller: 'stranger', itemId: 'item-0', rev: 0 }),
      ).toBe(false);
      expect(
        await store.patchItem('list-guard', 0, tick, AT, { caller: 'kid', itemId: 'item-1', rev: 0 }),
      ).toBe(false);
      expect(
        await store.patchItem('list-guard', 0, tick, AT, { caller: 'kid', itemId: 'item-0', rev: 0 }),
      ).toBe(true);
      // The item is at rev 1 now: a writer who read rev 0 lost the race.
      expect(
        await store.patchItem('list-guard', 0, tick, AT, { caller: 'owner', itemId: 'item-0', rev: 0 }),
      ).toBe(false);
      expect(
        await store.patchItem('list-guard', 0, { done: false }, AT, {
          caller: 'owner',
          itemId: 'item-0',
          rev: 1,
          also: { filedOn: null, validUntil: null, remindedAt: null },
        }),
      ).toBe(true);
      const doc = (await store.get('list-guard'))!;
      expect(doc.items[0]).toMatchObject({ done: false, rev: 2 });
      expect(doc.items[1]).toMatchObject({ done: false, rev: 0 });
      expect(doc).toMatchObject({ filedOn: null, validUntil: null, version: 3 });
    });

    it('never lets more than the cap join, however many try at once', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-cap'));
      const limits = { shareToken: 'token-1', maxMembers: 20, maxPeople: 60 };
      const joiners = Array.from({ length: 60 }, (_, i) => `joiner-${i}`);
      const joined = await Promise.all(joiners.map((j) => store.join('list-cap', j, limits, AT)));
      const doc = (await store.get('list-cap'))!;
      expect(joined.filter(Boolean)).toHaveLength(20);
      expect(doc.members).toHaveLength(20);
      expect(doc.people).toEqual(doc.members);
      expect(joiners.filter((_, i) => joined[i]).sort()).toEqual([...doc.members].sort());
    });

    it('joins only with the current token; joining twice adds nobody twice', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-join'));
      const limits = { shareToken: 'token-1', maxMembers: 20, maxPeople: 60 };
      expect(await store.join('list-join', 'kid', { ...limits, shareToken: 'token-2' }, AT)).toBe(false);
      await Promise.all([
        store.join('list-join', 'kid', limits, AT),
        store.join('list-join', 'kid', limits, AT),
      ]);
      expect(await store.get('list-join')).toMatchObject({ members: ['kid'], people: ['kid'] });
      expect(await store.join('list-missing', 'kid', limits, AT)).toBe(false);
    });

    it('keeps everyone who ever joined and wrote, in order, and lets a past member back in when no newcomer may', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-people'));
      const limits = { shareToken: 'token-1', maxMembers: 2, maxPeople: 3 };
      for (const who of ['a', 'b']) expect(await store.join('list-people', who, limits, AT)).toBe(true);
      for (const [index, who] of [
        [0, 'a'],
        [1, 'b'],
      ] as const)
        await store.patchItem('list-people', index, { done: true, doneBy: who, doneAt: AT }, AT);
      expect(await store.removeMember('list-people', 'a', AT)).toBe(true);
      expect(await store.join('list-people', 'c', limits, AT)).toBe(true);
      expect(await store.removeMember('list-people', 'b', AT)).toBe(true);
      expect(await store.join('list-people', 'd', limits, AT)).toBe(false); // three people have joined
      expect(await store.join('list-people', 'a', limits, AT)).toBe(true); // a joined before
      expect(await store.get('list-people')).toMatchObject({ members: ['c', 'a'], people: ['a', 'b', 'c'] });
    });

    it('keeps no trace of someone who leaves or is removed without having written anything', async () => {
      const store = kit.checklists();
      const joined = ['joined-and-ticked', 'joined-and-noted', 'never-wrote-left', 'never-wrote-removed'];
      await store.insert(
        checklist('list-forget', {
          members: joined,
          people: joined,
          subscribers: ['never-wrote-left'],
          reminderFailures: [{ to: 'never-wrote-left', at: AT, reason: 'refused' }],
        }),
      );
      await store.patchItem('list-forget', 0, { done: true, doneBy: 'joined-and-ticked', doneAt: AT }, AT);
      await store.patchItem(
        'list-forget',
        1,
        { note: '在抽屉里', noteBy: 'joined-and-noted', noteAt: AT },
        AT,
      );
      for (const who of joined.slice(0, 3))
        expect(await store.removeMember('list-forget', who, AT)).toBe(true);
      const by = { owner: 'owner', shareToken: 'token-2' };
      expect(await store.removeMember('list-forget', 'never-wrote-removed', AT, by)).toBe(true);
      expect(await store.removeMember('list-forget', 'never-wrote-removed', AT, by)).toBe(false);

      const doc = (await store.get('list-forget'))!;
      expect(doc).toMatchObject({
        members: [],
        subscribers: [],
        reminderFailures: [],
        people: ['joined-and-ticked', 'joined-and-noted', '', ''], // others' 家人N unchanged
        shareToken: 'token-2',
        version: 7,
      });
      expect(JSON.stringify(doc)).not.toContain('never-wrote');
      // A forgotten person who comes back is a newcomer.
      const limits = { shareToken: 'token-2', maxMembers: 20, maxPeople: 60 };
      expect(await store.join('list-forget', 'never-wrote-left', limits, AT)).toBe(true);
      expect((await store.get('list-forget'))!.people).toEqual([
        ...joined.slice(0, 2),
        '',
        '',
        'never-wrote-left',
      ]);
    });

    it('once a member has left, none of their writes is accepted', async () => {
      const store = kit.checklists();
      await store.insert(
        checklist('list-leave', { members: ['kid'], people: ['kid'], subscribers: ['kid'] }),
      );
      expect(await store.removeMember('list-leave', 'kid', AT)).toBe(true);
      expect(await store.removeMember('list-leave', 'kid', AT)).toBe(false);
      expect(
        await store.patchItem('list-leave', 0, { note: 'late' }, AT, { caller: 'kid', itemId: 'item-0' }),
      ).toBe(false);
      expect(await store.setSubscribed('list-leave', 'kid', true, AT)).toBe(false);
      expect(await store.version('list-leave', 'kid')).toBeNull();
      const doc = (await store.get('list-leave'))!;
      expect(doc).toMatchObject({ members: [], subscribers: [], people: [''], version: 2 });
      expect(doc.items[0].note).toBeUndefined();
    });

    it('lets only the owner remove a member, and changes the share token in the same write', async () => {
      const store = kit.checklists();
      await store.insert(
        checklist('list-remove-member', { members: ['kid', 'aunt'], people: ['kid', 'aunt'] }),
      );
      const by = { owner: 'kid', shareToken: 'token-2' };
      expect(await store.removeMember('list-remove-member', 'aunt', AT, by)).toBe(false);
      expect(await store.removeMember('list-remove-member', 'aunt', AT, { ...by, owner: 'owner' })).toBe(
        true,
      );
      expect(await store.get('list-remove-member')).toMatchObject({
        members: ['kid'],
        people: ['kid', ''],
        shareToken: 'token-2',
      });
    });

    it('rotates the token for the owner only, and drops the code made for the old one', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-rotate'));
      const code = {
        token: 'token-1',
        scene: 's',
        kind: 'link_qr' as const,
        contentType: 'image/png',
        imageBase64: 'AA==',
      };
      expect(await store.saveCode('list-rotate', code)).toBe(true);
      expect(await store.code('list-rotate')).toEqual(code);
      expect(await store.get('list-rotate')).not.toHaveProperty('code');
      expect(await store.rotateToken('list-rotate', 'kid', 'token-2', AT)).toBe(false);
      expect(await store.rotateToken('list-rotate', 'owner', 'token-2', AT)).toBe(true);
      expect(await store.code('list-rotate')).toBeNull();
      expect(await store.saveCode('list-rotate', code)).toBe(false); // made for the old token
      expect((await store.get('list-rotate'))!.shareToken).toBe('token-2');
      expect(await store.setAllowReshare('list-rotate', 'kid', true, AT)).toBe(false);
      expect(await store.setAllowReshare('list-rotate', 'owner', true, AT)).toBe(true);
      expect((await store.get('list-rotate'))!.allowReshare).toBe(true);
      // Turning re-sharing off with a new token: the token and its code change in the same write.
      expect(await store.saveCode('list-rotate', { ...code, token: 'token-2' })).toBe(true);
      expect(await store.setAllowReshare('list-rotate', 'kid', false, AT, 'token-3')).toBe(false);
      expect(await store.setAllowReshare('list-rotate', 'owner', false, AT, 'token-3')).toBe(true);
      expect(await store.get('list-rotate')).toMatchObject({ allowReshare: false, shareToken: 'token-3' });
      expect(await store.code('list-rotate')).toBeNull();
    });

    it('tells the version to the owner and members only', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-version', { members: ['kid'], version: 7 }));
      expect(await store.version('list-version', 'owner')).toBe(7);
      expect(await store.version('list-version', 'kid')).toBe(7);
      expect(await store.version('list-version', 'stranger')).toBeNull();
      expect(await store.version('list-nothing', 'owner')).toBeNull();
    });

    it("lists a caller's checklists, owned or joined, newest first, a page at a time", async () => {
      const store = kit.checklists();
      const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`;
      await store.insert(checklist('list-p1', { _openid: 'me', createdAt: at(1) }));
      await store.insert(checklist('list-p2', { _openid: 'someone', members: ['me'], createdAt: at(2) }));
      await store.insert(checklist('list-p3a', { _openid: 'me', createdAt: at(3) }));
      await store.insert(checklist('list-p3b', { _openid: 'me', createdAt: at(3) }));
      await store.insert(checklist('list-p4', { _openid: 'someone', createdAt: at(4) }));
      await store.saveCode('list-p1', {
        token: 'token-1',
        scene: 's',
        kind: 'link_qr',
        contentType: 'image/png',
        imageBase64: 'AA==',
      });
      const first = await store.list('me', 2);
      expect(first.map((d) => d._id)).toEqual(['list-p3b', 'list-p3a']);
      const last = first[first.length - 1];
      const second = await store.list('me', 2, { createdAt: last.createdAt, id: last._id });
      expect(second.map((d) => d._id)).toEqual(['list-p2', 'list-p1']);
      expect(second[1]).not.toHaveProperty('code');
      expect(await store.list('me', 2, { createdAt: at(1), id: 'list-p1' })).toEqual([]);
      expect(await store.list('nobody', 10)).toEqual([]);
    });

    it('finds checklists due for a reminder (only the fields a reminder reads), and lets one run claim each', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-due', { subscribers: ['owner'], validUntil: '2026-11-25' }));
      await store.insert(checklist('list-later', { subscribers: ['owner'], validUntil: '2027-05-31' }));
      await store.insert(checklist('list-nosub', { validUntil: '2026-11-24' }));
      await store.insert(checklist('list-open', { subscribers: ['owner'], validUntil: null }));
      const due = await store.dueForReminder('2026-11-29');
      expect(due.map((d) => d._id)).toEqual(['list-due']);
      expect(Object.keys(due[0]).sort()).toEqual(
        ['_id', 'reminderFailures', 'subscribers', 'title', 'validUntil'].sort(),
      );
      const stale = '2026-11-22T07:50:00.000Z';
      expect(await store.claimReminder('list-due', '2026-11-26', AT, stale)).toBe(false); // its date changed
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => store.claimReminder('list-due', '2026-11-25', AT, stale)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      // A claim is a lease: a later run takes it over only once it is older than `staleBefore`.
      const later = '2026-11-22T09:00:00.000Z';
      expect(await store.claimReminder('list-due', '2026-11-25', later, '2026-11-22T07:59:00.000Z')).toBe(
        false,
      );
      expect(await store.claimReminder('list-due', '2026-11-25', later, '2026-11-22T08:30:00.000Z')).toBe(
        true,
      );
    });

    it('settles a claimed reminder: the outcome while the date holds, only the claim dropped otherwise', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-due', { subscribers: ['owner', 'kid'], validUntil: '2026-11-25' }));
      const stale = '2026-11-22T07:50:00.000Z';
      const progress = { validUntil: '2026-11-25', done: ['owner'], attempts: 1 };
      const failures = [{ to: 'owner', at: AT, reason: '43101' }];
      // Not ours: another run's claim time.
      expect(await store.claimReminder('list-due', '2026-11-25', AT, stale)).toBe(true);
      expect(
        await store.settleReminder('list-due', '2026-11-22T07:00:00.000Z', '2026-11-25', {
          progress,
          failures,
          remindedAt: null,
        }),
      ).toBe(false);
      expect(
        await store.settleReminder('list-due', AT, '2026-11-25', { progress, failures, remindedAt: null }),
      ).toBe(true);
      let stored = (await store.get('list-due'))!;
      expect(stored).toMatchObject({
        reminderProgress: progress,
        reminderFailures: failures,
        remindedAt: null,
      });
      expect(stored.reminderClaimedAt ?? null).toBeNull();
      // Released: the next run claims it at once, and it is still due.
      expect((await store.dueForReminder('2026-11-29')).map((d) => d._id)).toEqual(['list-due']);
      expect(await store.claimReminder('list-due', '2026-11-25', '2026-11-23T01:00:00.000Z', stale)).toBe(
        true,
      );
      // The filing day changed meanwhile: nothing is written but the claim, which is dropped.
      await store.patchItem('list-due', 0, { done: true }, AT, {
        caller: 'owner',
        itemId: 'item-0',
        also: { validUntil: '2026-12-20', remindedAt: null },
      });
      expect(
        await store.settleReminder('list-due', '2026-11-23T01:00:00.000Z', '2026-11-25', {
          progress: { ...progress, done: ['owner', 'kid'] },
          failures,
          remindedAt: '2026-11-23T01:00:00.000Z',
        }),
      ).toBe(false);
      stored = (await store.get('list-due'))!;
      expect(stored).toMatchObject({
        validUntil: '2026-12-20',
        remindedAt: null,
        reminderProgress: progress,
      });
      expect(stored.reminderClaimedAt ?? null).toBeNull();
    });

    it('removes a checklist, for its owner when one is named', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-remove', { members: ['kid'] }));
      expect(await store.remove('list-remove', 'kid')).toBe(false);
      expect(await store.remove('list-remove', 'owner')).toBe(true);
      expect(await store.get('list-remove')).toBeNull();
      expect(await store.remove('list-remove')).toBe(false);
    });

    it('deletes the checklists nobody changed since a day', async () => {
      const store = kit.checklists();
      await store.insert(checklist('list-idle', { updatedAt: '2025-11-01T00:00:00.000Z' }));
      await store.insert(checklist('list-busy', { updatedAt: '2026-11-01T00:00:00.000Z' }));
      expect(await store.removeIdleBefore('2025-11-22T00:00:00.000Z')).toBe(1);
      expect(await store.get('list-idle')).toBeNull();
      expect(await store.get('list-busy')).not.toBeNull();
    });
  });

  describe('WatchStore', () => {
    const report = (checkedAt: string, status: 'ok' | 'gone' = 'ok'): WatchReport => ({
      checkedAt,
      origin: 'network',
      networkDown: false,
      sources: [
        {
          id: 'shenzhen-358-reply',
          url: 'http://www.sz.gov.cn/x',
          status,
          missingQuotes: [],
          fingerprint: 'f1',
        },
        {
          id: 'anshan-2025-filing',
          url: 'http://ybj.anshan.gov.cn/y',
          status: 'quote_missing',
          missingQuotes: ['pledge-term'],
          fingerprint: 'f2',
        },
      ],
    });
    // Each test records reports newer than the ones before it (a CloudBase run shares one collection).

    it('has no report before the first run', async () => {
      expect(await kit.watches().latest()).toBeNull();
    });

    it('gives back the newest report, field for field, whatever order they were recorded in', async () => {
      const store = kit.watches();
      await store.record(report('2026-12-14T19:00:00.000Z'));
      await store.record(report('2026-12-07T19:00:00.000Z', 'gone'));
      expect(await store.latest()).toEqual(report('2026-12-14T19:00:00.000Z'));
    });

    it('records the same run once, however often it is recorded', async () => {
      const store = kit.watches();
      await store.record(report('2026-12-21T19:00:00.000Z', 'gone'));
      await store.record(report('2026-12-21T19:00:00.000Z'));
      expect(await store.latest()).toEqual(report('2026-12-21T19:00:00.000Z'));
    });

    it(`still gives the newest after more than ${WATCH_REPORTS_KEPT} runs (older ones are dropped)`, async () => {
      const store = kit.watches();
      const weeks = Array.from({ length: WATCH_REPORTS_KEPT + 2 }, (_, i) =>
        new Date(Date.UTC(2027, 0, 4) + i * 7 * 86_400_000).toISOString(),
      );
      for (const at of weeks) await store.record(report(at));
      expect(await store.latest()).toEqual(report(weeks.at(-1)!));
    });
  });
});
