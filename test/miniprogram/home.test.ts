/** @jest-environment jsdom */
import { installWx, openPage, text, tap, type FakeWx } from '../support/mp';
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

  it('presets from a plain QR link (q) with a hospital', async () => {
    const q = encodeURIComponent(
      `https://yidi.example.com/mp?scene=${encodeScene({ careCity: '610100', hospital: 'XJ01' })}`,
    );
    const page = await openPage('pages/home/index', { q }, fake);
    expect(text(page, '.preset')).toBe('扫码已为您选好：就医地 西安市，医院已选好');
    expect(fake.storage.get('draft-v1')).toMatchObject({ hospital: 'XJ01' });
  });

  it('ignores a scene that is not ours', async () => {
    const page = await openPage('pages/home/index', { scene: 'evil%3D1' }, fake);
    expect(page.querySelector('.preset')).toBeUndefined();
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

  it('turns large text on and remembers it', async () => {
    const page = await openPage('pages/home/index', {}, fake);
    expect(page.dom!.querySelector('.large')).toBeNull();
    await tap(page, '.large-toggle');
    expect(page.dom!.innerHTML).toContain('large');
    expect(fake.storage.get('settings-v1')).toEqual({ largeText: true });
  });
});
