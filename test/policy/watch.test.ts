/**
 * The source watch as an input to the pack (policy/watch.ts) and what the engine and the city page
 * make of it. Reports are made here against the real data's own sources, so they stay valid when
 * the register changes: the value under test is looked up, not written in.
 */
import { evaluateRequest } from '../../cloudfunctions/common/engine';
import { citiesFunction, type CityDetail } from '../../cloudfunctions/common/handlers/cities';
import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';
import { applyWatch } from '../../cloudfunctions/common/policy/watch';
import type { DatedValue } from '../../cloudfunctions/common/policy/schema';
import type { WatchReport } from '../../cloudfunctions/common/watch/report';
import type { Verdict } from '../../typings/contract';
import { caller, data, testDeps } from '../support/functions';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { realPack } from '../support/policy';
import { reportFor } from '../support/watch';

const AS_OF = '2026-12-07';

const report = reportFor;

type Item = { source?: string; quote?: string | string[]; when?: { reasons?: string[]; scopes?: string[] } };
const keysOf = (quote: string | string[]) => (Array.isArray(quote) ? quote : [quote]);

/** The source and quote keys of a city's parameter in force on AS_OF (of the first item that `pick`s, for a list). */
function entryOf(pack: PolicyPack, city: string, param: string, pick?: (item: Item) => boolean) {
  const values = (pack.cities[city].params as Record<string, DatedValue<unknown>[]>)[param];
  const entry = [...values].reverse().find((v) => v.from <= AS_OF)!;
  if (!pick) return { source: entry.source, keys: keysOf(entry.quote!) };
  const item = (entry.value as Item[]).find(pick)!;
  return { source: item.source ?? entry.source, keys: keysOf(item.quote ?? entry.quote!) };
}
/** 深圳's rule for temporary trips in general (not the intra-province inpatient one). */
const temporaryTrips = (item: Item) =>
  Boolean(item.when?.reasons?.includes('temporary') && !item.when.scopes);

const shenzhenToChangsha = { ...SHENZHEN_TO_CHANGSHA, hospitalLevel: 3, localRatio: 0.9 };
const verdict = (situation: object, pack: PolicyPack): Verdict => {
  const result = evaluateRequest(situation, pack, AS_OF);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
};

describe('applyWatch', () => {
  const pack = realPack();
  const adjustment = entryOf(pack, '440300', 'reimbursement.adjustments', temporaryTrips);

  it('marks a value whose quote the watch no longer found, and only that value', () => {
    const watched = applyWatch(pack, report(pack, { [adjustment.source]: { missing: adjustment.keys } }));
    expect(entryOf(watched, '440300', 'reimbursement.adjustments', temporaryTrips)).toEqual(adjustment);
    const values = watched.cities['440300'].params['reimbursement.adjustments']!;
    const items = values.at(-1)!.value!;
    expect(items.some((i) => (i as { quoteGone?: unknown }).quoteGone)).toBe(true);
    expect(watched.checks![adjustment.source]).toEqual({
      status: 'quote_missing',
      checkedAt: '2026-12-07',
      missingQuotes: adjustment.keys,
    });
    // The pack it was given is left as it was.
    expect(JSON.stringify(pack.cities['440300'])).not.toContain('quoteGone');
  });

  it('ignores a check once a person changed the source (its url or a quote)', () => {
    const stale = report(pack, { [adjustment.source]: { missing: adjustment.keys } });
    stale.sources[0].fingerprint = 'an-older-text';
    const watched = applyWatch(pack, stale);
    expect(watched.checks).toEqual({});
    expect(JSON.stringify(watched.cities['440300'])).not.toContain('quoteGone');
  });

  it('ignores a report made while the watch had no network', () => {
    const offline = report(pack, { [adjustment.source]: 'unreachable' }, { networkDown: true });
    expect(applyWatch(pack, offline)).toMatchObject({ watch: null, checks: {} });
  });

  it('starts afresh: a later report without the gone quote clears the mark', () => {
    const gone = applyWatch(pack, report(pack, { [adjustment.source]: { missing: adjustment.keys } }));
    const again = applyWatch(gone, report(pack, { [adjustment.source]: 'ok' }));
    expect(JSON.stringify(again.cities['440300'])).not.toContain('quoteGone');
    expect(again.checks![adjustment.source].status).toBe('ok');
  });
});

describe('the engine with the watch', () => {
  const pack = realPack();
  const adjustment = entryOf(pack, '440300', 'reimbursement.adjustments', temporaryTrips);

  it('states a rate as fact while its sentence is on its page, and says when it was checked', () => {
    const v = verdict(shenzhenToChangsha, applyWatch(pack, report(pack, { [adjustment.source]: 'ok' })));
    expect(v.reimbursement.status).toBe('exact');
    expect(v.sources.find((s) => s.id === adjustment.source)?.check).toEqual({
      status: 'ok',
      checkedAt: '2026-12-07',
    });
  });

  it('treats a rate whose sentence is gone like a superseded one: no figure, verify, and says why', () => {
    const plain = verdict(shenzhenToChangsha, pack);
    const v = verdict(
      shenzhenToChangsha,
      applyWatch(pack, report(pack, { [adjustment.source]: { missing: adjustment.keys } })),
    );
    expect(plain.reimbursement.ratio).toBeDefined();
    expect(v.reimbursement).toMatchObject({ status: 'verify', adjustment: null });
    expect(v.reimbursement.ratio).toBeUndefined();
    expect(v.reimbursement.summary).toContain('原网页上已经找不到');
    const warning = v.warnings.find((w) => w.code === 'QUOTE_GONE');
    expect(warning?.message).toContain(pack.sources[adjustment.source].title);
    expect(v.sources.find((s) => s.id === adjustment.source)?.check?.status).toBe('quote_missing');
  });

  it('answers without any other rule whose sentence is gone, and names its source', () => {
    const lock = entryOf(pack, '210300', 'validity.longTermChangeLockMonths');
    const anshan = {
      insuredCity: '鞍山',
      careCity: '北京',
      scheme: 'employee',
      retired: true,
      reason: 'retiree_relocation',
      careType: 'inpatient',
      stage: 'planning',
    };
    const plain = verdict(anshan, pack);
    const v = verdict(anshan, applyWatch(pack, report(pack, { [lock.source]: { missing: lock.keys } })));
    expect(plain.validity?.changeLockedUntil).toBeDefined();
    expect(v.validity?.changeLockedUntil ?? null).toBeNull();
    expect(v.warnings.find((w) => w.code === 'QUOTE_GONE_RULES')?.message).toContain(
      pack.sources[lock.source].title,
    );
    // Its other values still stand.
    expect(v.documents.map((d) => d.id)).toEqual(plain.documents.map((d) => d.id));
  });

  it('still uses a rule whose page could not be read, and says the page was not checked lately', () => {
    const v = verdict(
      shenzhenToChangsha,
      applyWatch(pack, report(pack, { [adjustment.source]: 'unreachable' })),
    );
    expect(v.reimbursement.status).toBe('exact');
    expect(v.sources.find((s) => s.id === adjustment.source)?.check?.status).toBe('unreachable');
  });
});

describe('the city page with the watch', () => {
  const pack = realPack();

  async function detail(code: string, watch: WatchReport | null): Promise<CityDetail> {
    const deps = await testDeps();
    if (watch) await deps.watches.record(watch);
    return data(await caller(deps)(citiesFunction, { action: 'detail', code })) as CityDetail;
  }

  it('says per rule when its sentences were last found on their pages, or that they could not be read', async () => {
    const lock = entryOf(pack, '210300', 'validity.longTermChangeLockMonths');
    const ok = await detail('210300', report(pack, { [lock.source]: 'ok' }));
    expect(ok.rules.filter((r) => r.layer === 'city').every((r) => r.check.state === 'checked')).toBe(true);
    expect(ok.rules[0].check).toEqual({ state: 'checked', date: '2026-12-07' });
    const failed = await detail('210300', report(pack, { [lock.source]: 'gone' }));
    expect(failed.rules.filter((r) => r.layer === 'city').map((r) => r.check.state)).not.toContain('checked');
    expect(failed.rules[0].check).toEqual({ state: 'failed' });
  });

  it('without a real check, gives the day a person read the source', async () => {
    const none = await detail('210300', null);
    const lock = entryOf(pack, '210300', 'validity.longTermChangeLockMonths');
    expect(none.rules[0].check).toEqual({ state: 'unchecked', date: pack.sources[lock.source].verifiedAt });
  });

  it('marks 待核实 only the rule whose sentence is gone', async () => {
    const lock = entryOf(pack, '210300', 'validity.longTermChangeLockMonths');
    const changed = await detail('210300', report(pack, { [lock.source]: { missing: lock.keys } }));
    const rule = changed.rules.find((r) => r.param === 'validity.longTermChangeLockMonths')!;
    expect(rule).toMatchObject({ quoteGone: true, check: { state: 'changed', date: '2026-12-07' } });
    expect(changed.rules.filter((r) => r.quoteGone)).toHaveLength(
      changed.rules.filter((r) =>
        r.quotes.some((q) => lock.keys.some((k) => pack.sources[lock.source].quotes[k] === q.text)),
      ).length,
    );
  });
});
