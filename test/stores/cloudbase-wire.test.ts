/**
 * The CloudBase adapters as far as the SDK goes without a CloudBase: every method runs through the
 * real @cloudbase/node-sdk under CloudBase's environment, its requests land on a loopback listener,
 * and the queries and updates it builds are checked here, so a wrong operator or update path fails
 * in this test rather than in production.
 */
import {
  CloudbaseChecklistStore,
  cloudbaseDatabase,
  CloudbasePolicyStore,
  CloudbaseWatchStore,
} from '../../cloudfunctions/common/adapters/cloudbase';
import type { WatchReport } from '../../cloudfunctions/common/watch/report';
import { AppError } from '../../cloudfunctions/common/runtime/errors';
import { captureServer, defaultAnswer, docs } from '../support/capture-server';
import { cloudEnv } from '../support/cloud-env';
import { checklist } from '../support/fixtures';

const AT = '2026-11-22T08:00:00.000Z';
const saved = { ...process.env };
let server: Awaited<ReturnType<typeof captureServer>>;

beforeAll(async () => {
  server = await captureServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.answer(defaultAnswer);
  Object.assign(process.env, cloudEnv(server.url));
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const db = () => cloudbaseDatabase();
const sent = (action: string) => server.requests.filter((r) => r.action === `database.${action}`);

const commit = (pushId: string, committedAt: string) => ({
  _id: `${pushId}:commit`,
  pushId,
  key: 'commit',
  version: `v-${pushId}`,
  committedAt,
});
const policyDoc = { key: 'n', layer: null, place: null, sources: [] };

describe('CloudbasePolicyStore', () => {
  it('loads the commits and the asked keys in one query', async () => {
    server.answer((r) =>
      r.action === 'database.getDocument'
        ? docs([commit('p1', AT), { ...policyDoc, _id: 'p1:n', pushId: 'p1' }])
        : defaultAnswer(r),
    );
    const loaded = await new CloudbasePolicyStore(db()).load(['n', 'c:440300']);
    expect(loaded).toMatchObject({ pushId: 'p1', version: 'v-p1', docs: [{ key: 'n' }] });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      collectionName: 'policies',
      query: { key: { $in: ['commit', 'n', 'c:440300'] } },
      limit: 1000,
    });
  });

  it('writes the documents, then the commit, then removes only pushes older than the last two', async () => {
    server.answer((r) =>
      r.action === 'database.getDocument'
        ? docs([commit('old', '2026-01-01'), commit('prev', '2026-06-01'), commit(pushId(), AT)])
        : defaultAnswer(r),
    );
    let pushId = () => '';
    const store = new CloudbasePolicyStore(db());
    const pushed = store.push('v9', [policyDoc], AT);
    pushId = () => (sent('insertDocument')[0]?.data as { pushId: string }[])[0].pushId;
    const id = await pushed;
    const inserts = sent('insertDocument');
    expect(inserts[0].data).toEqual([{ ...policyDoc, _id: `${id}:n`, pushId: id }]);
    expect(inserts[1].data).toMatchObject([{ _id: `${id}:commit`, key: 'commit', version: 'v9' }]);
    const [remove] = sent('removeDocument');
    expect(remove).toMatchObject({ collectionName: 'policies', multi: true });
    expect((remove.query as { pushId: { $nin: string[] } }).pushId.$nin.sort()).toEqual([id, 'prev'].sort());
  });

  it('keeps the push it just committed when reading the commits back returns nothing', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const id = await new CloudbasePolicyStore(db()).push('v9', [policyDoc], AT);
    for (const remove of sent('removeDocument'))
      expect((remove.query as { pushId: { $nin: string[] } }).pushId.$nin).toContain(id);
    expect(warn.mock.calls.join(' ')).toContain(`commit ${id} not read back yet`);
    warn.mockRestore();
  });

  it('pages through every commit sorted by _id, 100 at a time', async () => {
    const page = (offset: number) =>
      Array.from({ length: offset === 0 ? 100 : 3 }, (_, i) => commit(`p${offset + i}`, AT));
    server.answer((r) => (r.action === 'database.getDocument' ? docs(page(r.offset)) : defaultAnswer(r)));
    expect(await new CloudbasePolicyStore(db()).activeVersion()).toBe('v-p99');
    const reads = sent('getDocument');
    expect(reads.map((r) => [r.offset, r.limit, r.order])).toEqual([
      [0, 100, { _id: 1 }],
      [100, 100, { _id: 1 }],
    ]);
    expect(reads[0].query).toEqual({ key: 'commit' });
  });
});

describe('CloudbaseChecklistStore', () => {
  const store = () => new CloudbaseChecklistStore(db());
  const update = () => sent('modifyDocument').at(-1)!;

  it('inserts the document as given, _openid included', async () => {
    await store().insert(checklist('list-1'));
    expect(sent('insertDocument')[0]).toMatchObject({
      collectionName: 'checklists',
      data: [{ _id: 'list-1', _openid: 'owner', version: 1 }],
    });
  });

  it('gets by _id, and null when there is none', async () => {
    expect(await store().get('list-1')).toBeNull();
    expect(sent('getDocument')[0]).toMatchObject({ query: { _id: 'list-1' }, limit: 1 });
  });

  it('patches one item by its path and bumps the version', async () => {
    expect(await store().patchItem('list-1', 3, { done: true, doneBy: 'kid', doneAt: AT }, AT)).toBe(true);
    expect(update()).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { 'items.3.id': { $exists: true } }] },
      multi: true,
      data: {
        $set: { 'items.3.done': true, 'items.3.doneBy': 'kid', 'items.3.doneAt': AT, updatedAt: AT },
        $inc: { version: 1, 'items.3.rev': 1 },
      },
    });
  });

  it("writes a member's tick only where the caller is still the owner or a member, and the item unchanged", async () => {
    await store().patchItem('list-1', 3, { done: true }, AT, { caller: 'kid', itemId: 'file', rev: 2 });
    expect(update().query).toEqual({
      $and: [
        { _id: 'list-1' },
        { 'items.3.id': 'file' },
        { $or: [{ _openid: 'kid' }, { members: 'kid' }] },
        { 'items.3.rev': 2 },
      ],
    });
  });

  it('joins only with the current token, under the member cap, in the same update', async () => {
    await store().join('list-1', 'kid', { shareToken: 'tok', maxMembers: 20, maxPeople: 60 }, AT);
    expect(update()).toMatchObject({
      query: {
        $and: [
          { _id: 'list-1' },
          { shareToken: 'tok' },
          { 'members.19': { $exists: false } },
          { $or: [{ people: 'kid' }, { 'people.59': { $exists: false } }] },
        ],
      },
      data: { $addToSet: { members: 'kid', people: 'kid' }, $inc: { version: 1 } },
    });
  });

  it('removes a member, by the owner, with a new token and no cached code', async () => {
    await store().removeMember('list-1', 'kid', AT, { owner: 'parent', shareToken: 'new-token' });
    expect(update()).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { members: 'kid' }, { _openid: 'parent' }] },
      data: {
        $pull: { members: 'kid', subscribers: 'kid', reminderFailures: { to: 'kid' } },
        $set: { shareToken: 'new-token' },
        $unset: { code: '' },
      },
    });
  });

  it("empties a leaving member's place in people only where no item was ticked or noted by them, else keeps it", async () => {
    let firstUpdate = true;
    server.answer((r) => {
      if (r.action === 'database.getDocument') return docs([{ _id: 'list-1', people: ['aunt', 'kid'] }]);
      if (r.action === 'database.modifyDocument' && firstUpdate) {
        firstUpdate = false;
        return { data: { updated: 0 } }; // kid wrote something: the first update matches nothing
      }
      return defaultAnswer(r);
    });
    expect(await store().removeMember('list-1', 'kid', AT)).toBe(true);
    expect(sent('getDocument')[0]).toMatchObject({ query: { _id: 'list-1' }, limit: 1 });
    expect(JSON.parse(sent('getDocument')[0].raw.projection as string)).toHaveProperty('people');
    const [forget, keep] = sent('modifyDocument');
    expect(forget).toMatchObject({
      query: {
        $and: [
          { _id: 'list-1' },
          { members: 'kid' },
          { 'people.1': 'kid' },
          { $nor: [{ 'items.doneBy': 'kid' }, { 'items.noteBy': 'kid' }] },
        ],
      },
      data: { $set: { 'people.1': '' }, $pull: { members: 'kid', subscribers: 'kid' } },
    });
    expect(keep).toMatchObject({ query: { $and: [{ _id: 'list-1' }, { members: 'kid' }] } });
    expect(keep.data).not.toHaveProperty(['$set', 'people.1']);
  });

  it('turns re-sharing off for the owner only, with a new token and no cached code in the same update', async () => {
    await store().setAllowReshare('list-1', 'parent', false, AT, 'new-token');
    expect(update()).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { _openid: 'parent' }] },
      data: { $set: { allowReshare: false, shareToken: 'new-token' }, $unset: { code: '' } },
    });
  });

  it('subscribes and unsubscribes a member only', async () => {
    await store().setSubscribed('list-1', 'kid', true, AT);
    expect(update()).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { $or: [{ _openid: 'kid' }, { members: 'kid' }] }] },
      data: { $addToSet: { subscribers: 'kid' } },
    });
    await store().setSubscribed('list-1', 'kid', false, AT);
    expect(update().data).toMatchObject({ $pull: { subscribers: 'kid' } });
  });

  it('lists what the caller owns or joined, newest first, from a cursor', async () => {
    await store().list('kid', 10, { createdAt: AT, id: 'list-9' });
    expect(sent('getDocument')[0]).toMatchObject({
      query: {
        $and: [
          { $or: [{ _openid: 'kid' }, { members: 'kid' }] },
          { $or: [{ createdAt: { $lt: AT } }, { createdAt: AT, _id: { $lt: 'list-9' } }] },
        ],
      },
      order: { createdAt: -1, _id: -1 },
      limit: 10,
    });
    // createdAt first, then _id as the tie-break.
    expect(Object.keys(sent('getDocument')[0].order as object)).toEqual(['createdAt', '_id']);
  });

  it('reports an update that matched nothing', async () => {
    server.answer((r) =>
      r.action === 'database.modifyDocument' ? { data: { updated: 0 } } : defaultAnswer(r),
    );
    expect(await store().patchItem('list-gone', 0, { done: true }, AT)).toBe(false);
  });

  it('removes by _id, or only as the owner', async () => {
    expect(await store().remove('list-1')).toBe(true);
    expect(sent('removeDocument')[0]).toMatchObject({ query: { _id: 'list-1' } });
    await store().remove('list-1', 'parent');
    expect(sent('removeDocument')[1]).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { _openid: 'parent' }] },
    });
  });

  it('finds what is due with one query, sorted by _id, claims each as a lease and settles it', async () => {
    await store().dueForReminder('2026-11-29');
    expect(sent('getDocument')[0]).toMatchObject({
      query: {
        $and: [{ validUntil: { $ne: null } }, { validUntil: { $lte: '2026-11-29' } }],
        remindedAt: null,
        'subscribers.0': { $exists: true },
      },
      order: { _id: 1 },
    });
    // Only the fields a reminder reads (EJSON: { _id: { $numberInt: '1' }, … }).
    expect(Object.keys(JSON.parse(String(sent('getDocument')[0].raw.projection)))).toEqual([
      '_id',
      'title',
      'validUntil',
      'subscribers',
      'reminderProgress',
      'reminderFailures',
    ]);
    const stale = '2026-11-22T07:50:00.000Z';
    expect(await store().claimReminder('list-1', '2026-11-29', AT, stale)).toBe(true);
    expect(update()).toMatchObject({
      query: {
        $and: [
          { _id: 'list-1' },
          { remindedAt: null },
          { validUntil: '2026-11-29' },
          {
            $or: [
              { reminderClaimedAt: { $exists: false } },
              { reminderClaimedAt: null },
              { reminderClaimedAt: { $lt: stale } },
            ],
          },
        ],
      },
      data: { $set: { reminderClaimedAt: AT } },
    });
    const outcome = {
      progress: { validUntil: '2026-11-29', done: ['kid'], attempts: 1 },
      failures: [{ to: 'kid', at: AT, reason: '43101' }],
      remindedAt: null,
    };
    expect(await store().settleReminder('list-1', AT, '2026-11-29', outcome)).toBe(true);
    expect(update()).toMatchObject({
      query: { $and: [{ _id: 'list-1' }, { reminderClaimedAt: AT }, { validUntil: '2026-11-29' }] },
      data: {
        $set: {
          reminderClaimedAt: null,
          reminderProgress: outcome.progress,
          reminderFailures: outcome.failures,
          remindedAt: null,
        },
      },
    });
    await store().removeIdleBefore('2025-11-22T00:00:00.000Z');
    expect(sent('removeDocument').at(-1)).toMatchObject({
      query: { updatedAt: { $lt: '2025-11-22T00:00:00.000Z' } },
    });
  });
});

describe('a misconfigured environment fails loudly, never exits', () => {
  const logged = () => errors.mock.calls.map((c) => c.join(' ')).join('\n');
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it.each([
    ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETID'],
    ['TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SECRETKEY'],
    ['TCB_ENV', 'TCB_ENV'],
  ])('inside CloudBase without %s', (missing, named) => {
    delete process.env[missing];
    if (missing === 'TCB_ENV') delete process.env.SCF_NAMESPACE;
    expect(() => cloudbaseDatabase()).toThrow(AppError);
    expect(logged()).toContain(named);
  });

  it('outside CloudBase without an environment id or keys', () => {
    delete process.env.TENCENTCLOUD_RUNENV;
    expect(() => cloudbaseDatabase({ env: 'prod-1', secretId: 'AKID' })).toThrow(AppError);
    expect(logged()).toContain('TENCENTCLOUD_SECRETKEY');
    expect(() => cloudbaseDatabase()).toThrow(AppError);
    expect(logged()).toContain('CLOUDBASE_ENV');
  });

  it('a missing collection is named in the log and answered as UNAVAILABLE', async () => {
    server.answer(() => ({
      code: 'DATABASE_COLLECTION_NOT_EXIST',
      message: 'database collection not exists',
    }));
    await expect(store_get()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(logged()).toMatch(/checklists.*DATABASE_COLLECTION_NOT_EXIST/);
    expect(logged()).toContain('npm run deploy');
  });
  const store_get = () => new CloudbaseChecklistStore(db()).get('list-1');
});

describe('CloudbaseWatchStore', () => {
  const report: WatchReport = {
    checkedAt: '2026-12-06T19:00:00.000Z',
    origin: 'network',
    networkDown: false,
    sources: [{ id: 'a', url: 'http://a.gov.cn/1', status: 'ok', missingQuotes: [], fingerprint: 'f' }],
  };

  it('writes one document per run (a second write of the run replaces it), then drops all but the newest 26', async () => {
    server.answer((r) =>
      r.action === 'database.getDocument'
        ? docs([{ _id: 'watch-1', checkedAt: '2026-06-01T19:00:00.000Z' }])
        : defaultAnswer(r),
    );
    await new CloudbaseWatchStore(db()).record(report);
    const [write] = sent('modifyDocument');
    expect(write).toMatchObject({
      collectionName: 'watch',
      query: { _id: `watch-${Date.parse(report.checkedAt)}` },
      data: report,
      raw: expect.objectContaining({ upsert: true, merge: false }),
    });
    expect(sent('getDocument')[0]).toMatchObject({ order: { checkedAt: -1 }, offset: 26, limit: 1 });
    expect(sent('removeDocument')[0]).toMatchObject({
      collectionName: 'watch',
      query: { checkedAt: { $lte: '2026-06-01T19:00:00.000Z' } },
      multi: true,
    });
  });

  it('reads the newest report in one query, and refuses a document that is not a report', async () => {
    server.answer((r) =>
      r.action === 'database.getDocument' ? docs([{ _id: 'watch-1', ...report }]) : defaultAnswer(r),
    );
    expect(await new CloudbaseWatchStore(db()).latest()).toEqual(report);
    expect(sent('getDocument')).toEqual([expect.objectContaining({ order: { checkedAt: -1 }, limit: 1 })]);
    server.answer((r) =>
      r.action === 'database.getDocument'
        ? docs([{ _id: 'watch-2', checkedAt: 'yesterday' }])
        : defaultAnswer(r),
    );
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await new CloudbaseWatchStore(db()).latest()).toBeNull();
    error.mockRestore();
  });

  it('answers UNAVAILABLE when the database is down', async () => {
    server.answer(() => ({ code: 'DATABASE_COLLECTION_NOT_EXIST', message: 'no collection' }));
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(new CloudbaseWatchStore(db()).latest()).rejects.toEqual(new AppError('UNAVAILABLE'));
    error.mockRestore();
  });
});
