import { evaluateRequest } from '../../cloudfunctions/common/engine';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { citiesFunction, type CityDetail } from '../../cloudfunctions/common/handlers/cities';
import { PolicySource } from '../../cloudfunctions/common/policy/live';
import { AppError } from '../../cloudfunctions/common/runtime/errors';
import type { PolicyStore } from '../../cloudfunctions/common/ports';
import { caller, data, testDeps } from '../support/functions';
import { realPack } from '../support/policy';

const situation = {
  insuredCity: '深圳',
  careCity: '长沙',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
  treatmentDate: '2026-12-01',
  localRatio: 0.9,
};

describe('evaluate function', () => {
  it('answers from the live store, in one round trip cold and none warm', async () => {
    const deps = await testDeps();
    const call = caller(deps);
    const first = data(await call(evaluateFunction, { situation }));
    expect(first.dataFreshness).toEqual({ origin: 'live', version: realPack().version });
    expect(first.reimbursement).toMatchObject({
      adjustment: { method: 'multiplier', value: 0.8 },
      ratio: { min: 0.72 },
    });
    expect(deps.policies.roundTrips).toBe(1);
    await call(evaluateFunction, { situation });
    await call(evaluateFunction, { situation: { ...situation, careType: 'outpatient' } });
    expect(deps.policies.roundTrips).toBe(1);
  });

  it('gives the verdict the engine gives on the files, but for where the data came from', async () => {
    const deps = await testDeps();
    const datong = {
      ...situation,
      insuredCity: '大同',
      careCity: '北京',
      hospitalLevel: 2,
      reason: 'emergency',
      localRatio: undefined,
    };
    const live = data(await caller(deps)(evaluateFunction, { situation: datong }));
    const files = evaluateRequest(datong, realPack(), '2026-11-22');
    expect({ ...live, dataFreshness: null }).toEqual({ ...data(files), dataFreshness: null });
    expect(live.reimbursement).toMatchObject({
      status: 'exact',
      adjustment: { method: 'points', value: 0.05 },
      ratio: { min: 0.8, max: 0.8 },
    });
  });

  it('falls back to the bundled snapshot when the store is down, and says so', async () => {
    const deps = await testDeps({ seed: false });
    const down: PolicyStore = {
      load: async () => Promise.reject(new AppError('UNAVAILABLE')),
      push: async () => Promise.reject(new AppError('UNAVAILABLE')),
      activeVersion: async () => Promise.reject(new AppError('UNAVAILABLE')),
    };
    deps.policies = new PolicySource(down, { ...realPack(), origin: 'snapshot' });
    const verdict = data(await caller(deps)(evaluateFunction, { situation }));
    expect(verdict.dataFreshness).toMatchObject({
      origin: 'snapshot',
      version: realPack().version,
      note: expect.stringContaining('连不上'),
    });
    expect(verdict.reimbursement.adjustment).toMatchObject({ method: 'multiplier', value: 0.8 });
  });

  it('uses the snapshot while the store is still empty', async () => {
    const deps = await testDeps({ seed: false });
    const verdict = data(await caller(deps)(evaluateFunction, { situation }));
    expect(verdict.dataFreshness).toMatchObject({
      origin: 'snapshot',
      note: expect.stringContaining('还没有数据'),
    });
  });

  it('answers UNAVAILABLE, naming the cause in the log, where no snapshot is bundled and the store is empty', async () => {
    const deps = await testDeps({ seed: false });
    deps.policies = new PolicySource(deps.policyStore, null); // a checklist or qrcode bundle
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await caller(deps)(evaluateFunction, { situation })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(errors.mock.calls.flat().join(' ')).toMatch(/store is empty .*bundles no snapshot/);
    errors.mockRestore();
  });

  it('reloads after the cache expires', async () => {
    const deps = await testDeps();
    let clock = 0;
    deps.policies = new PolicySource(deps.policyStore, realPack(), () => clock, 60_000);
    const call = caller(deps);
    await call(evaluateFunction, { situation });
    clock = 59_000;
    await call(evaluateFunction, { situation });
    expect(deps.policies.roundTrips).toBe(1);
    clock = 61_000;
    await call(evaluateFunction, { situation });
    expect(deps.policies.roundTrips).toBe(2);
  });

  it.each([
    ['no situation', {}, 'INVALID_INPUT'],
    ['an unknown city', { situation: { ...situation, careCity: '火星' } }, 'UNKNOWN_CITY'],
    ['an identity field in the body', { situation, openid: 'someone-else' }, 'INVALID_INPUT'],
    ['a string', 'evaluate please', 'INVALID_INPUT'],
  ])('refuses %s with a stable code', async (_label, event, code) => {
    const result = await caller(await testDeps())(evaluateFunction, event);
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
  });

  it('ignores the userInfo that wx.cloud.callFunction adds', async () => {
    const result = await caller(await testDeps())(evaluateFunction, {
      situation,
      userInfo: { appId: 'wx1', openId: 'o1' },
    });
    expect(result.ok).toBe(true);
  });
});

describe('cities function', () => {
  it('lists all 337 cities with pinyin', async () => {
    const { cities } = data(await caller(await testDeps())(citiesFunction, { action: 'list' })) as {
      cities: { pinyin: string }[];
    };
    expect(cities).toHaveLength(337);
  });

  it('searches by initials', async () => {
    const { cities } = data(
      await caller(await testDeps())(citiesFunction, { action: 'search', query: 'xa' }),
    ) as { cities: { name: string }[] };
    expect(cities.map((c) => c.name)).toContain('西安市');
  });

  it('finds a city by its former name, saying which name matched', async () => {
    const { cities } = data(
      await caller(await testDeps())(citiesFunction, { action: 'search', query: '襄樊' }),
    ) as { cities: { name: string; via?: string }[] };
    expect(cities).toEqual([expect.objectContaining({ name: '襄阳市', via: '襄樊' })]);
  });

  it("shows a city's sourced rules in force today, with their sources", async () => {
    const detail = data(
      await caller(await testDeps())(citiesFunction, { action: 'detail', code: '440300' }),
    ) as CityDetail;
    expect(detail.hasOwnRules).toBe(true);
    expect(detail.rules.map((r) => r.param)).toEqual(
      expect.arrayContaining(['reimbursement.adjustments', 'channels']),
    );
    expect(detail.rules.some((r) => r.layer === 'province')).toBe(true);
    expect(detail.sources.map((s) => s.id)).toContain('shenzhen-358-reply');
    expect(detail.origin).toBe('live');
  });

  it('says when a city has no rules of its own, and never shows a lead', async () => {
    const detail = data(
      await caller(await testDeps())(citiesFunction, { action: 'detail', code: '330100' }),
    ) as CityDetail;
    expect(detail.hasOwnRules).toBe(false);
    expect(detail.sources.every((s) => s.grade === 'A' || s.grade === 'B')).toBe(true);
  });

  it('refuses an unknown code and an unknown action', async () => {
    const call = caller(await testDeps());
    expect(await call(citiesFunction, { action: 'detail', code: '999900' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CITY' },
    });
    expect(await call(citiesFunction, { action: 'drop' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
