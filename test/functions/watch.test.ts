/**
 * The weekly `watch` function: only its timer runs it; it reads every bundled source through the
 * page port and records the report, unless its own network was down; evaluate and cities read the
 * newest report through the policy cache.
 */
import { join } from 'node:path';
import { SavedPageFetcher } from '../../cloudfunctions/common/adapters/saved-pages';
import { NedbWatchStore, openCollection } from '../../cloudfunctions/common/adapters/nedb';
import { WATCH_REPORTS_KEPT } from '../../cloudfunctions/common/adapters/watch-docs';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { watchFunction } from '../../cloudfunctions/common/handlers/watch';
import { PolicySource } from '../../cloudfunctions/common/policy/live';
import { AppError } from '../../cloudfunctions/common/runtime/errors';
import type { PageFetcher, WatchStore } from '../../cloudfunctions/common/ports';
import type { WatchReport } from '../../cloudfunctions/common/watch/report';
import { readSources } from '../../scripts/data/watch';
import { caller, data, NOW, testDeps, timer } from '../support/functions';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { realPack } from '../support/policy';
import { memoryDir } from '../support/stores';

const ROOT = join(__dirname, '../..');
const TIMER_EVENT = {
  Type: 'Timer',
  TriggerName: 'weekly-mon-3am',
  Time: '2026-11-23T19:00:00Z',
  Message: '',
};

async function watchDeps(pages: PageFetcher) {
  const deps = await testDeps({ env: { WATCH_DELAY_MS: '0' } });
  deps.sources = Object.fromEntries(
    readSources(join(ROOT, 'test/fixtures/watch-sources.yaml')).map((s) => [s.id, s]),
  );
  deps.pages = pages;
  return deps;
}
const saved = new SavedPageFetcher(join(ROOT, 'test/fixtures/pages'));
const offline: PageFetcher = { fetch: async () => ({ kind: 'failed', reason: 'network error: ENOTFOUND' }) };

describe('watch function', () => {
  it('runs only for its timer', async () => {
    const deps = await watchDeps(saved);
    for (const openid of ['o-someone', null])
      expect(await caller(deps)(watchFunction, TIMER_EVENT, openid)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(await deps.watches.latest()).toBeNull();
  });

  it('re-reads every bundled source and records the report', async () => {
    const deps = await watchDeps(saved);
    const result = data(await timer(deps)(watchFunction, TIMER_EVENT));
    expect(result).toEqual({
      checkedAt: NOW.toISOString(),
      recorded: true,
      networkDown: false,
      counts: { ok: 2, quote_missing: 1, gone: 3, unreachable: 2 },
    });
    const latest = (await deps.watches.latest())!;
    expect(latest.sources.map((s) => s.id)).toEqual(Object.keys(deps.sources));
    expect(latest.sources.find((s) => s.id === 'anshan-2025-filing')).toMatchObject({
      status: 'quote_missing',
      missingQuotes: ['pledge-term'],
    });
  });

  it('records nothing when its own network is down, so the pages keep the last real check', async () => {
    const deps = await watchDeps(offline);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = data(await timer(deps)(watchFunction, TIMER_EVENT));
    error.mockRestore();
    expect(result).toMatchObject({ recorded: false, networkDown: true, counts: { unreachable: 8 } });
    expect(await deps.watches.latest()).toBeNull();
  });

  it(`keeps the newest ${WATCH_REPORTS_KEPT} reports in the embedded store`, async () => {
    const dir = memoryDir();
    const store = new NedbWatchStore(dir);
    for (let week = 0; week < WATCH_REPORTS_KEPT + 3; week++)
      await store.record({
        checkedAt: new Date(Date.UTC(2027, 0, 4) + week * 7 * 86_400_000).toISOString(),
        origin: 'network',
        networkDown: false,
        sources: [],
      });
    expect(await openCollection(dir, 'watch').countAsync({})).toBe(WATCH_REPORTS_KEPT);
  });
});

describe('the newest report, read with the policies', () => {
  const pack = realPack();
  const reportAt = (checkedAt: string): WatchReport => ({
    checkedAt,
    origin: 'network',
    networkDown: false,
    sources: [],
  });
  const situation = SHENZHEN_TO_CHANGSHA;

  it('is read once a minute per instance, beside the policies, not once per call', async () => {
    const deps = await testDeps();
    let clock = 0;
    deps.policies = new PolicySource(deps.policyStore, pack, () => clock, 60_000, deps.watches);
    const call = caller(deps);
    await call(evaluateFunction, { situation });
    await call(evaluateFunction, { situation: { ...situation, careType: 'outpatient' } });
    expect([deps.policies.roundTrips, deps.policies.watchReads]).toEqual([1, 1]);
    clock = 61_000;
    await call(evaluateFunction, { situation });
    expect([deps.policies.roundTrips, deps.policies.watchReads]).toEqual([2, 2]);
  });

  it('is the newer of the stored one and the one bundled from data/watch.json', async () => {
    const deps = await testDeps();
    const older = reportAt('2026-11-30T19:00:00.000Z');
    const newer = reportAt('2026-12-07T19:00:00.000Z');
    await deps.watches.record(newer);
    const bundledOlder = new PolicySource(
      deps.policyStore,
      { ...pack, watch: older },
      Date.now,
      60_000,
      deps.watches,
    );
    expect((await bundledOlder.packFor(['n'])).watch).toEqual(newer);
    const bundledNewer = new PolicySource(
      deps.policyStore,
      { ...pack, watch: reportAt('2026-12-14T19:00:00.000Z') },
      Date.now,
      60_000,
      deps.watches,
    );
    expect((await bundledNewer.packFor(['n'])).watch?.checkedAt).toBe('2026-12-14T19:00:00.000Z');
  });

  it('falls back to the bundled report when the watch store is down, and the answer still comes', async () => {
    const deps = await testDeps();
    const down: WatchStore = {
      record: async () => Promise.reject(new AppError('UNAVAILABLE')),
      latest: async () => Promise.reject(new AppError('UNAVAILABLE')),
    };
    const bundled = reportAt('2026-11-30T19:00:00.000Z');
    deps.policies = new PolicySource(deps.policyStore, { ...pack, watch: bundled }, Date.now, 60_000, down);
    const verdict = data(await caller(deps)(evaluateFunction, { situation }));
    expect(verdict.dataFreshness.origin).toBe('live');
    expect((await deps.policies.packFor(['n'])).watch).toEqual(bundled);
  });
});
