/**
 * @jest-environment jsdom
 *
 * Getting from page to page: every page opens another through services/nav.ts, which goes back to a
 * page already open below rather than stacking it again, replaces the top page when WeChat refuses
 * an eleventh, and opens one page for a double tap. And the look every page shares: no text under
 * 15px in normal mode.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  $,
  doubleTap,
  installWx,
  openPage,
  PAGE_STACK_LIMIT,
  ROOT,
  settle,
  SITUATION,
  tap,
  text,
  type FakeWx,
} from '../support/mp';

/** The mini-program's own files (not the packed npm components). */
function ownFiles(ext: string, dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'miniprogram_npm') return [];
    if (statSync(path).isDirectory()) return ownFiles(ext, path);
    return path.endsWith(ext) ? [path] : [];
  });
}

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
});

/** A stack WeChat will not grow: ten pages, this one on top. */
function fullStack(route: string) {
  fake.stack = [...Array.from({ length: PAGE_STACK_LIMIT - 1 }, () => 'pages/home/index'), route];
  fake.stackQueries = fake.stack.map(() => ({}));
}

describe('opening pages', () => {
  it('goes through services/nav.ts everywhere: no page calls wx.navigateTo or uses <navigator> itself', () => {
    const callers = ownFiles('.ts')
      .filter((f) => /wx\.navigateTo\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(callers).toEqual(['services/nav.ts']);
    const navigators = ownFiles('.wxml').filter((f) => /<navigator\b/.test(readFileSync(f, 'utf8')));
    expect(navigators).toEqual([]);
  });

  it('still gets there when the stack is full: the top page is replaced instead', async () => {
    fullStack('pages/home/index');
    const home = await openPage('pages/home/index', {}, fake);
    await tap(home, '.lists-link');
    expect(fake.navigations.slice(-2)).toEqual(['/pages/lists/index', 'redirect:/pages/lists/index']);
    expect(fake.stack.at(-1)).toBe('pages/lists/index');
    expect(fake.stack).toHaveLength(PAGE_STACK_LIMIT);

    fullStack('pages/cities/index');
    const cities = await openPage('pages/cities/index', {}, fake);
    $(cities, '.search').dispatchEvent('input', { detail: { value: '深圳' } });
    await settle();
    await tap(cities, '.result');
    expect(fake.stack.at(-1)).toBe('pages/city/index');

    fullStack('pages/result/index');
    fake.storage.set('pending-v1', SITUATION);
    const result = await openPage('pages/result/index', {}, fake);
    await tap(result, '.make-checklist');
    await settle(20);
    expect(fake.navigations.at(-1)).toMatch(/^redirect:\/pages\/checklist\/index\?id=/);
  });

  it('says so when a page cannot be opened at all', async () => {
    const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    w.navigateTo = (o: { fail: () => void }) => o.fail();
    w.redirectTo = (o: { fail: () => void }) => o.fail();
    const home = await openPage('pages/home/index', {}, fake);
    await tap(home, '.about-link');
    expect(fake.toasts).toEqual(['页面没能打开，请返回首页再试']);
  });

  it('opens one wizard for a double tap on 开始', async () => {
    const home = await openPage('pages/home/index', {}, fake);
    await doubleTap($(home, '.start'), () => $(home, '.start'));
    expect(fake.navigations).toEqual(['/pages/wizard/index']);
    expect(fake.stack).toEqual(['pages/home/index', 'pages/wizard/index']);
  });
});

describe('the look', () => {
  it('has no text under 30rpx (15px) in normal mode, TDesign tags included', () => {
    const sizes = ownFiles('.wxss').flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /font-size:\s*(\d+)rpx|--td-[\w-]*font:\s*(?:\d+\s+)?(\d+)rpx/g,
        ),
      ].map((m) => ({ file: relative(ROOT, file), rpx: Number(m[1] ?? m[2]) })),
    );
    expect(sizes.length).toBeGreaterThan(5);
    expect(sizes.filter((s) => s.rpx < 30)).toEqual([]);
    expect(readFileSync(join(ROOT, 'app.wxss'), 'utf8')).toMatch(/--td-tag-medium-font:\s*30rpx/);
  });

  it('keeps stacked buttons apart: the gap sits on a wrapper, since a TDesign button takes no outer class', () => {
    // On a <t-button> the class reaches no element that is laid out, so full-width buttons touched
    // each other (checklist: 订阅 / 复制 / 保存 / 小程序码) and invited a tap on the wrong one.
    const misplaced = ownFiles('.wxml').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/<t-button\b[^>]*class="[^"]*\bbtn-gap\b[^>]*>/g)].map(
        (m) => `${relative(ROOT, file)}: ${m[0]}`,
      ),
    );
    expect(misplaced).toEqual([]);
    expect(readFileSync(join(ROOT, 'pages/checklist/index.wxml'), 'utf8')).toContain(
      '<view class="btn-gap"><t-button class="copy"',
    );
  });

  it('can be forwarded from the home page', async () => {
    const home = await openPage('pages/home/index', {}, fake);
    const card = (
      home.instance as unknown as { onShareAppMessage(): { title: string; path: string } }
    ).onShareAppMessage();
    expect(card.path).toBe('/pages/home/index');
    expect(text(home, '.start')).toBe('开始');
  });
});
