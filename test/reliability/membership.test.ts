/**
 * Membership under concurrency, through the real handler on the embedded database on disk (what
 * `npm start` runs), each store call a few milliseconds late as over a network: the join cap holds
 * however many join at once, nothing a member sends lands after their leave was acknowledged —
 * over many random interleavings — labels never move, and a rotated token lets nobody new in.
 */
import fc from 'fast-check';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import type { Deps } from '../../cloudfunctions/common/runtime/deps';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { caller, data, testDeps } from '../support/functions';
import { tempDir, withLatency } from '../support/stores';

jest.setTimeout(120_000);

const situation = SHENZHEN_TO_CHANGSHA;

let deps: Deps;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  // Hundreds of writes by one member in a second: the per-caller write limit is not what is tested.
  deps = await testDeps({ env: { DATA_DIR: tempDir(), WRITES_PER_MINUTE: '0' } });
  deps.checklists = withLatency(deps.checklists, 4);
  call = caller(deps);
});

let trip = 0;
/** A fresh checklist for the parent: each one a different situation, so a different checklist. */
async function newList(): Promise<ChecklistView> {
  const treatmentDate = `2026-12-${String((trip++ % 28) + 1).padStart(2, '0')}`;
  return data(
    await call(
      checklistFunction,
      { action: 'create', situation: { ...situation, treatmentDate } },
      `parent-${trip}`,
    ),
  ) as ChecklistView;
}
const ownerOf = () => `parent-${trip}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('never lets more than 20 join, when 60 join at once with a valid token', async () => {
  const list = await newList();
  const results = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, `joiner-${i}`),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(20);
  for (const refused of results.filter((r) => !r.ok))
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('已满') },
    });
  const final = data(
    await call(checklistFunction, { action: 'get', id: list.id }, ownerOf()),
  ) as ChecklistView;
  expect(final.memberCount).toBe(20);
  expect(final.members!.map((m) => m.no).sort((a, b) => a - b)).toEqual(
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
});

it('lets nothing a member sends land after their leave was acknowledged, however the calls interleave', async () => {
  let landedAfterLeave = 0;
  let acceptedBefore = 0;
  await fc.assert(
    fc.asyncProperty(
      // Delays (ms) before each of the member's writes, and before the leave.
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 24 }),
      fc.integer({ min: 0, max: 12 }),
      async (gaps, leaveAfter) => {
        const list = await newList();
        const id = list.id;
        data(await call(checklistFunction, { action: 'join', id, shareToken: list.shareToken }, 'kid'));
        let acknowledged = false;
        let versionAtLeave = 0;
        const accepted = new Set<string>();
        const writes = gaps.map(async (gap, n) => {
          await sleep(gap + n);
          const sentAfterLeave = acknowledged;
          const text = `第${n}次`;
          const item = list.items[n % list.items.length].id;
          const event =
            n % 2
              ? { action: 'note', id, itemId: item, note: text }
              : { action: 'toggle', id, itemId: item, done: true };
          const result = await call(checklistFunction, event, 'kid');
          if (result.ok) {
            accepted.add(text);
            acceptedBefore++;
          }
          if (sentAfterLeave) expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        });
        const leave = (async () => {
          await sleep(leaveAfter);
          data(await call(checklistFunction, { action: 'leave', id }, 'kid'));
          acknowledged = true;
          versionAtLeave = (await deps.checklists.get(id))!.version;
        })();
        await Promise.all([...writes, leave]);
        const stored = (await deps.checklists.get(id))!;
        landedAfterLeave += stored.version - versionAtLeave;
        // What was stored was answered as accepted: a refused write never shows up later.
        for (const note of stored.items.map((i) => i.note).filter(Boolean)) expect(accepted).toContain(note);
        expect(stored.members).toEqual([]);
      },
    ),
    { numRuns: 40 },
  );
  expect(landedAfterLeave).toBe(0);
  // The interleavings did race writes against the leave, not only refuse them.
  expect(acceptedBefore).toBeGreaterThan(0);
});

it('keeps every label as it was when members leave and others join', async () => {
  const list = await newList();
  const owner = ownerOf();
  const members = ['a', 'b', 'c', 'd'];
  for (const m of members)
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
  await Promise.all(
    members.map((m, i) =>
      call(checklistFunction, { action: 'toggle', id: list.id, itemId: list.items[i].id, done: true }, m),
    ),
  );
  const labels = (v: ChecklistView) => v.items.map((i) => i.doneBy ?? '');
  const before = data(await call(checklistFunction, { action: 'get', id: list.id }, owner)) as ChecklistView;
  expect(labels(before).slice(0, 4)).toEqual(['家人1', '家人2', '家人3', '家人4']);
  await Promise.all([
    call(checklistFunction, { action: 'leave', id: list.id }, 'a'),
    call(checklistFunction, { action: 'removeMember', id: list.id, member: 3 }, owner),
  ]);
  const after = data(await call(checklistFunction, { action: 'get', id: list.id }, owner)) as ChecklistView;
  data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: after.shareToken }, 'e'));
  const later = data(await call(checklistFunction, { action: 'get', id: list.id }, 'd')) as ChecklistView;
  expect(labels(later).slice(0, 4)).toEqual(['家人1', '家人2', '家人3', '我']);
  expect(later.me).toBe('家人4');
  expect((data(await call(checklistFunction, { action: 'get', id: list.id }, 'e')) as ChecklistView).me).toBe(
    '家人5',
  );
});

it('lets nobody new in with a token the owner has replaced, even racing the rotation', async () => {
  const list = await newList();
  const owner = ownerOf();
  const joiners = Array.from({ length: 10 }, (_, i) => `late-${i}`);
  const [rotated, ...joins] = await Promise.all([
    call(checklistFunction, { action: 'rotateToken', id: list.id }, owner),
    ...joiners.map((j) =>
      call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, j),
    ),
  ]);
  const fresh = data(rotated) as ChecklistView;
  expect(fresh.shareToken).not.toBe(list.shareToken);
  const joinedEarly = joins.filter((r) => r.ok).length;
  for (const j of joiners.filter((_, i) => !joins[i].ok))
    expect(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, j),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已失效') } });
  const final = data(await call(checklistFunction, { action: 'get', id: list.id }, owner)) as ChecklistView;
  expect(final.memberCount).toBe(joinedEarly);
});
