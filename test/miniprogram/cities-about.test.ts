/** @jest-environment jsdom */
import { $, $$, installWx, openPage, settle, tap, text, waitFor, type FakeWx } from '../support/mp';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
});

describe('cities page', () => {
  it('finds a city by initials and opens it', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    $(page, '.search').dispatchEvent('input', { detail: { value: 'dt' } });
    await settle();
    const hit = $$(page, '.result').find((r) => text(r).startsWith('大同市'));
    expect(hit).toBeDefined();
    hit!.dispatchEvent('tap');
    await settle();
    expect(fake.navigations).toEqual(['/pages/city/index?code=140200']);
  });

  it('fetches the city list once and then searches on the phone', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    for (const q of ['x', 'xa', 'xia']) {
      $(page, '.search').dispatchEvent('input', { detail: { value: q } });
      await settle();
    }
    expect(fake.calls.filter((c) => c.name === 'cities')).toHaveLength(1);
    expect(fake.storage.get('cities-v2')).toHaveLength(337);
  });

  it('says when nothing matches', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    $(page, '.search').dispatchEvent('input', { detail: { value: 'zzzq' } });
    await settle();
    expect(text(page, '.empty')).toBe('没有找到这个城市');
  });
});

describe('city page', () => {
  it("shows a city's rules in plain words with their sources", async () => {
    const page = await openPage('pages/city/index', { code: '440300' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('深圳市'));
    const rules = $$(page, '.rule').map((r) => text(r));
    expect(rules.find((r) => r.startsWith('报销比例调整'))).toContain('其他临时外出就医：本地比例的 80%');
    expect(rules.some((r) => r.includes('（全省）'))).toBe(true);
    expect(text(page)).toContain('深圳市人民政府');
    expect(page.querySelector('.no-rules')).toBeUndefined();
  });

  it('says plainly when a city has no rules of its own', async () => {
    const page = await openPage('pages/city/index', { code: '210400' }, fake);
    await waitFor(() => expect(text(page, '.no-rules')).toContain('暂未收录抚顺市自己的规定'));
  });

  it('offers a retry when the call fails', async () => {
    fake.failNext = 3;
    const page = await openPage('pages/city/index', { code: '440300' }, fake);
    await waitFor(() => expect(text(page, '.error')).toContain('网络不太好'));
    await tap(page, '.retry');
    await waitFor(() => expect(text(page, '.h1')).toBe('深圳市'));
  }, 15_000);
});

describe('about page', () => {
  it('explains the sources, freshness and what the app is not', async () => {
    fake.storage.set('recent-v1', [{ situation: {}, headline: '', title: '', at: '2026-11-22' }]);
    const page = await openPage('pages/about/index', {}, fake);
    expect(text(page)).toContain('官方网页');
    expect(text(page)).toContain('您最近一次查询是在 2026-11-22');
    expect(text(page)).toContain('不收集姓名、身份证号和手机号');
  });
});
