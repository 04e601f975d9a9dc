/** @jest-environment jsdom */
import {
  $$,
  callChecklist,
  installWx,
  openPage,
  SITUATION,
  text,
  tap,
  tapEl,
  type FakeWx,
} from '../support/mp';
import { encodeScene } from '../../miniprogram/shared/scene';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
});

describe('home page', () => {
  it('starts with one clear button, and nothing preset', async () => {
    const page = await openPage('pages/home/index', {}, fake);
    expect(text(page, '.start')).toBe('开始');
    expect(page.querySelector('.preset')).toBeUndefined();
    await tap(page, '.start');
    expect(fake.navigations).toEqual(['/pages/wizard/index']);
  });

  it('presets the cities from a scanned 小程序码 and says so', async () => {
    const scene = encodeURIComponent(encodeScene({ insuredCity: '440300', careCity: '610100' }));
    const page = await openPage('pages/home/index', { scene }, fake);
    expect(text(page, '.preset')).toBe('扫码已为您选好：参保地 深圳市，就医地 西安市');
    expect(fake.storage.get('draft-v1')).toMatchObject({
      answers: { insuredCity: '440300', careCity: '610100' },
      step: 0,
    });
  });

  it('presets from a plain QR link (q), and does not promise a hospital nothing uses', async () => {
    const q = encodeURIComponent(
      `https://yidi.example.com/mp?scene=${encodeScene({ careCity: '610100', hospital: 'XJ01' })}`,
    );
    const page = await openPage('pages/home/index', { q }, fake);
    expect(text(page, '.preset')).toBe('扫码已为您选好：就医地 西安市');
    expect(text(page, '.preset')).not.toContain('医院');
  });

  it('takes a scan with no network for the city list, saying the names cannot be read yet', async () => {
    fake.failNext = 3; // the list call and its two retries
    const scene = encodeURIComponent(encodeScene({ insuredCity: '440300', careCity: '610100' }));
    const page = await openPage('pages/home/index', { scene }, fake);
    expect(text(page, '.preset')).toBe(
      '扫码已为您选好：参保地 （城市名暂时读不出来），就医地 （城市名暂时读不出来）',
    );
    expect(fake.storage.get('draft-v1')).toMatchObject({
      answers: { insuredCity: '440300', careCity: '610100' },
    });
  });

  it('refuses a code that is not ours, or names no city, on the home page and with a message', async () => {
    const bad = await openPage('pages/home/index', { scene: 'evil%3D1' }, fake);
    expect(text(bad, '.scan-error')).toContain('这个二维码没有认出来');
    expect(bad.querySelector('.preset')).toBeUndefined();
    const unknown = await openPage('pages/home/index', { scene: 'c9999' }, fake);
    expect(text(unknown, '.scan-error')).toContain('这个二维码没有认出来');
    expect(fake.storage.get('draft-v1')).toBeUndefined();
  });

  it('names the button that is really there when it refuses a code', async () => {
    const fresh = await openPage('pages/home/index', { scene: 'evil%3D1' }, fake);
    expect(text(fresh, '.scan-error')).toContain('请点下面的“开始”');
    expect(text(fresh, '.start')).toBe('开始');
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300' }, step: 1 });
    const withDraft = await openPage('pages/home/index', { scene: 'evil%3D1' }, fake);
    expect(text(withDraft, '.scan-error')).toContain('请点下面的“继续上次的填写”');
    expect(text(withDraft, '.start')).toBe('继续上次的填写');
  });

  it('refuses a code whose 参保地 and 就医地 are the same city', async () => {
    const page = await openPage('pages/home/index', { scene: encodeURIComponent('i2103c2103') }, fake);
    expect(text(page, '.scan-error')).toContain('参保地和就医地是同一个城市');
    expect(page.querySelector('.preset')).toBeUndefined();
    expect(fake.storage.get('draft-v1')).toBeUndefined();
  });

  it('asks before resuming earlier answers when the same code is scanned again', async () => {
    const answers = { insuredCity: '440300', careCity: '610100', scheme: 'employee', retired: true };
    fake.storage.set('draft-v1', { answers, step: 4 });
    const scene = encodeURIComponent(encodeScene({ insuredCity: '440300', careCity: '610100' }));
    const page = await openPage('pages/home/index', { scene }, fake);
    expect(text(page, '.conflict')).toContain('上次填的也是参保地 深圳市，就医地 西安市，已经回答了几个问题');
    expect(page.querySelector('.start')).toBeUndefined();
    await tap(page, '.use-scan');
    expect(fake.storage.get('draft-v1')).toEqual({
      answers: { insuredCity: '440300', careCity: '610100' },
      step: 0,
    });
    fake.storage.set('draft-v1', { answers, step: 4 });
    const again = await openPage('pages/home/index', { scene }, fake);
    await tap(again, '.keep-draft');
    expect(fake.storage.get('draft-v1')).toEqual({ answers, step: 4 });
    expect(text(again, '.start')).toBe('继续上次的填写');
  });

  it("asks which to keep when a scan meets someone's unfinished answers for other cities", async () => {
    fake.storage.set('draft-v1', {
      answers: { insuredCity: '210300', careCity: '110000', scheme: 'employee', retired: true },
      step: 4,
    });
    const scene = encodeURIComponent(encodeScene({ insuredCity: '610100', careCity: '310000' }));
    const page = await openPage('pages/home/index', { scene }, fake);
    expect(text(page, '.conflict')).toContain('上次填到一半的是：参保地 鞍山市，就医地 北京市');
    expect(text(page, '.conflict')).toContain('刚扫的码是：参保地 西安市，就医地 上海市');
    // Nothing is replaced until the person chooses.
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '210300' } });
    await tap(page, '.use-scan');
    expect(fake.storage.get('draft-v1')).toEqual({
      answers: { insuredCity: '610100', careCity: '310000' },
      step: 0,
    });
    expect(text(page, '.preset')).toBe('扫码已为您选好：参保地 西安市，就医地 上海市');
  });

  it('offers to continue an unfinished wizard, and lists recent results', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300' }, step: 1 });
    fake.storage.set('recent-v1', [
      {
        situation: { insuredCity: '440300' },
        headline: '需要办理临时备案',
        title: '深圳市 → 长沙市',
        at: '2026-11-22',
      },
    ]);
    const page = await openPage('pages/home/index', {}, fake);
    expect(text(page, '.start')).toBe('继续上次的填写');
    expect(text(page, '.recent')).toContain('深圳市 → 长沙市');
    await tap(page, '.recent-item');
    expect(fake.navigations).toEqual(['/pages/result/index']);
    expect(fake.storage.get('pending-v1')).toEqual({ insuredCity: '440300' });
  });

  it('keeps 我的清单 near the top, with how many there are, above the recent results', async () => {
    for (const careCity of ['430100', '610100'])
      await callChecklist(fake, 'parent', { action: 'create', situation: { ...SITUATION, careCity } });
    fake.storage.set(
      'recent-v1',
      Array.from({ length: 5 }, (_, i) => ({
        situation: SITUATION,
        headline: '',
        title: `第${i}个`,
        at: '2026-11-22',
      })),
    );
    const page = await openPage('pages/home/index', {}, fake);
    expect(text(page, '.lists-link')).toBe('我的清单2 份 ›');
    const html = page.dom!.innerHTML;
    expect(html.indexOf('lists-link')).toBeLessThan(html.indexOf('recent-item'));
    await tap(page, '.lists-link');
    expect(fake.navigations).toEqual(['/pages/lists/index']);
  });

  it('tells apart two recent results for the same cities', async () => {
    fake.storage.set('recent-v1', [
      { situation: SITUATION, headline: '需要办理临时备案', title: '深圳市 → 长沙市', at: '2026-11-22' },
      {
        situation: {
          ...SITUATION,
          reason: 'referral',
          careType: 'outpatient',
          stage: 'discharged_self_paid',
        },
        headline: '已经自费看完病',
        title: '深圳市 → 长沙市',
        at: '2026-11-20',
      },
    ]);
    const page = await openPage('pages/home/index', {}, fake);
    const items = $$(page, '.recent-item').map((r) => text(r));
    expect(items).toEqual([
      '深圳市 → 长沙市11月22日其他临时外出就医 · 住院 · 还没去看病需要办理临时备案',
      '深圳市 → 长沙市11月20日异地转诊 · 普通门诊 · 已经看过病已经自费看完病',
    ]);
    await tapEl($$(page, '.recent-item')[1]);
    expect(fake.storage.get('pending-v1')).toMatchObject({ reason: 'referral' });
  });

  it('turns large text on and remembers it', async () => {
    const page = await openPage('pages/home/index', {}, fake);
    expect(page.dom!.querySelector('.large')).toBeNull();
    await tap(page, '.large-toggle');
    expect(page.dom!.innerHTML).toContain('large');
    expect(fake.storage.get('settings-v1')).toEqual({ largeText: true });
  });
});
