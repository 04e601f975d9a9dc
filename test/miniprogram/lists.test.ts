/** @jest-environment jsdom */
/**
 * 我的清单, and getting back to a checklist: the owner leaves, family ticks, the owner comes back
 * through 我的清单 and sees it; making the checklist again opens the same one; none for the same city.
 */
import type { ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import {
  callChecklist,
  $$,
  installWx,
  within,
  openPage,
  settle,
  tap,
  text,
  waitFor,
  SITUATION,
  type FakeWx,
} from '../support/mp';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx({ openid: 'parent' });
});

/** A call straight to the function, as another person on another phone. */
const as = <T = ChecklistView>(openid: string, event: object) => callChecklist<T>(fake, openid, event);

const openFrom = async (route: string) => {
  const [path, query] = route.replace(/^\//, '').split('?');
  return openPage(path, Object.fromEntries(new URLSearchParams(query)), fake);
};

describe('我的清单', () => {
  it('brings the owner back to a checklist family ticked meanwhile, showing who ticked', async () => {
    const list = await as('parent', { action: 'create', situation: SITUATION });
    const first = await openPage('pages/checklist/index', { id: list.id }, fake);
    (first.instance as unknown as { onUnload: () => void }).onUnload(); // the owner leaves the page
    await as('son', { action: 'join', id: list.id, shareToken: list.shareToken });
    await as('son', { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true });

    const home = await openPage('pages/home/index', {}, fake);
    expect(text(home, '.lists-link')).toBe('我的清单1 份 ›');
    await tap(home, '.lists-link');
    expect(fake.navigations).toEqual(['/pages/lists/index']);
    fake.navigations.length = 0;
    const lists = await openPage('pages/lists/index', {}, fake);
    expect(text(lists, '.list-row')).toContain('已完成 1/7');
    expect(text(lists, '.cities')).toBe('深圳市 → 长沙市');
    // The line under the cities says what kind of trip, without repeating the cities.
    expect(text(lists, '.row-title')).toBe('其他临时外出就医');
    await tap(lists, '.row-main');
    expect(fake.navigations).toEqual([`/pages/checklist/index?id=${list.id}`]);
    const again = await openFrom(fake.navigations[0]);
    expect(text(again, '.progress-text')).toContain('已完成 1 /');
    expect(text(again, '.who')).toBe('家人1 11月22日 10:00 勾选');
  });

  it('lists the checklists I made and those shared with me, newest first, a page at a time', async () => {
    const times = Array.from({ length: 22 }, (_, i) => new Date(Date.UTC(2026, 10, 1, 2, i)));
    const made: ChecklistView[] = [];
    for (const [i, at] of times.entries()) {
      fake.deps.now = () => at;
      const owner = i === 21 ? 'aunt' : 'parent';
      const day = String((i % 28) + 1).padStart(2, '0');
      made.push(
        await as(owner, { action: 'create', situation: { ...SITUATION, treatmentDate: `2026-12-${day}` } }),
      );
    }
    await as('parent', { action: 'join', id: made[21].id, shareToken: made[21].shareToken });
    const page = await openPage('pages/lists/index', {}, fake);
    const rows = () => $$(page, '.list-row');
    expect(rows()).toHaveLength(20);
    const tag = (row: number) => text(within(page, rows()[row], '.tag')[0]);
    expect(tag(0)).toBe('家人分享的');
    expect(tag(1)).toBe('我创建的');
    await tap(page, '.more');
    await waitFor(() => expect(rows()).toHaveLength(22));
    expect(page.querySelector('.more')).toBeUndefined();
    expect(text(page, '.retention')).toBe('一年没有改动的清单会自动删除。');
  });

  it('deletes my checklist and leaves a shared one, after asking', async () => {
    const mine = await as('parent', { action: 'create', situation: SITUATION });
    fake.deps.now = () => new Date('2026-11-22T03:00:00.000Z'); // shared later: listed first
    const theirs = await as('aunt', { action: 'create', situation: SITUATION });
    await as('parent', { action: 'join', id: theirs.id, shareToken: theirs.shareToken });
    const page = await openPage('pages/lists/index', {}, fake);
    const removeButtons = () => $$(page, '.remove').map((b) => text(b));
    expect(removeButtons()).toEqual(['退出', '删除']);
    fake.confirm = false;
    await tap(page, '.remove');
    expect(removeButtons()).toHaveLength(2);
    fake.confirm = true;
    await tap(page, '.remove');
    await waitFor(() => expect(removeButtons()).toEqual(['删除']));
    expect((await fake.deps.checklists.get(theirs.id))!.members).toEqual([]);
    await tap(page, '.remove');
    await waitFor(() => expect(page.querySelector('.empty')).toBeDefined());
    expect(await fake.deps.checklists.get(mine.id)).toBeNull();
    expect(fake.modals[2]).toContain('删除后您和家人都看不到它了');
  });

  it('says what to do when there is none yet, and offers 返回首页', async () => {
    const page = await openPage('pages/lists/index', {}, fake);
    expect(text(page, '.empty')).toContain('还没有清单');
    await tap(page, '.empty .home');
    expect(fake.navigations).toEqual(['relaunch:/pages/home/index']);
  });

  it('offers 重试 and 返回首页 when the list cannot be read', async () => {
    fake.failNext = 3;
    const page = await openPage('pages/lists/index', {}, fake);
    await waitFor(() => expect(text(page, '.error-text')).toBe('网络不太好，请检查网络后点“重试”'), 10_000);
    await as('parent', { action: 'create', situation: SITUATION });
    await tap(page, '.retry');
    await settle(20);
    expect($$(page, '.list-row')).toHaveLength(1);
    expect(page.querySelector('.error-text')).toBeUndefined();
  }, 15_000);
});

describe('making a checklist from the result', () => {
  it('opens the same checklist when 生成清单 is tapped twice', async () => {
    fake.storage.set('pending-v1', SITUATION);
    const page = await openPage('pages/result/index', {}, fake);
    await tap(page, '.make-checklist');
    await settle(20);
    await tap(page, '.make-checklist');
    await settle(20);
    expect(fake.navigations).toHaveLength(2);
    expect(fake.navigations[0]).toMatch(/^\/pages\/checklist\/index\?id=[\w-]{16}$/);
    expect(fake.navigations[1]).toBe(fake.navigations[0]);
    expect(await fake.deps.checklists.list('parent', 10)).toHaveLength(1);
  });

  it('makes none for treatment in the same city, and says why', async () => {
    fake.storage.set('pending-v1', { ...SITUATION, careCity: SITUATION.insuredCity });
    const page = await openPage('pages/result/index', {}, fake);
    // The result says so instead of offering a button the function would refuse.
    expect(page.querySelector('.make-checklist')).toBeUndefined();
    expect(text(page, '.no-checklist')).toBe('这种情况不用准备什么，所以不需要清单。');
    expect(await fake.deps.checklists.list('parent', 10)).toEqual([]);
  });
});
