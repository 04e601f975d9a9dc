/** @jest-environment jsdom */
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import {
  $,
  $$,
  installWx,
  openPage,
  settle,
  tap,
  text,
  waitFor,
  SITUATION,
  type FakeWx,
} from '../support/mp';

let fake: FakeWx;
let list: ChecklistView;

beforeEach(async () => {
  fake = await installWx({ openid: 'parent' });
  const created = await runHandler(
    checklistFunction,
    fake.deps,
    { action: 'create', situation: SITUATION },
    { openid: 'parent' },
  );
  if (!created.ok) throw new Error(created.error.message);
  list = created.data as ChecklistView;
});

type Page = Awaited<ReturnType<typeof openPage>>;
const indexOfItem = (page: Page, label: string) => {
  const index = $$(page, '.item').findIndex((i) => text(i).includes(label));
  if (index < 0) throw new Error(`no item ${label}`);
  return index;
};

describe('checklist page', () => {
  it('shows the items to tick and the validity', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(text(page, '.title')).toBe('深圳市 → 长沙市（其他临时外出就医）');
    expect(text(page, '.progress-text')).toBe(`已完成 0 / ${list.items.length} 项`);
    expect(text(page, '.items')).toContain('办理异地就医备案');
  });

  it('ticks an item at once and shows who ticked and when', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.item-main');
    await settle(20);
    expect(text(page, '.progress-text')).toBe(`已完成 1 / ${list.items.length} 项`);
    expect(text(page, '.who')).toBe('我 11月22日 10:00 勾选');
  });

  it('undoes a tick that could not be saved and says so', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    fake.failNext = 3;
    await tap(page, '.item-main');
    expect(text(page, '.progress-text')).toBe(`已完成 1 / ${list.items.length} 项`); // shown at once
    await waitFor(() => expect(fake.toasts).toContain('网络不太好，请检查网络后点“重试”'));
    expect(text(page, '.progress-text')).toBe(`已完成 0 / ${list.items.length} 项`);
  }, 15_000);

  it("opens from a share card as family: joins with the token and sees the parent's ticks", async () => {
    await runHandler(
      checklistFunction,
      fake.deps,
      { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true },
      { openid: 'parent' },
    );
    fake.openid = 'son';
    const page = await openPage('pages/checklist/index', { id: list.id, token: list.shareToken }, fake);
    expect(text(page, '.progress-text')).toContain('已完成 1 /');
    expect(text(page, '.who')).toContain('创建者');
    expect(fake.calls[0]).toMatchObject({
      name: 'checklist',
      data: { action: 'join', id: list.id, shareToken: list.shareToken },
    });
  });

  it('refuses someone the checklist was not shared with, plainly', async () => {
    fake.openid = 'stranger';
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(text(page, '.error')).toContain('没有权限');
  });

  it('carries id and token in the share card', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    const share = (
      page.instance as unknown as { onShareAppMessage: () => { title: string; path: string } }
    ).onShareAppMessage();
    expect(share).toEqual({
      title: '一起准备：深圳市 → 长沙市（其他临时外出就医）',
      path: `/pages/checklist/index?id=${list.id}&token=${list.shareToken}`,
    });
  });

  it('adds a note, and keeps the typed note if saving fails', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    $$(page, '.add-note')[indexOfItem(page, '办理异地就医备案')].dispatchEvent('tap');
    await settle();
    $(page, '.note-input').dispatchEvent('input', { detail: { value: '用国家医保服务平台办' } });
    fake.failNext = 3;
    await tap(page, '.save-note');
    await waitFor(() => expect(fake.toasts).toHaveLength(1));
    expect((page.instance.data as { draftNote: string }).draftNote).toBe('用国家医保服务平台办');
    await tap(page, '.save-note');
    await waitFor(() => expect(text(page, '.note')).toBe('备注（我）：用国家医保服务平台办'));
  }, 15_000);

  it('copies the checklist as text for a family chat', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.copy');
    expect(fake.clipboard[0].split('\n')[0]).toBe('深圳市 → 长沙市（其他临时外出就医）');
    expect(fake.clipboard[0]).toContain('☐ 办理异地就医备案');
  });

  it('subscribes to the expiry reminder when the person accepts', async () => {
    (globalThis as unknown as { wx: Record<string, unknown> }).wx.requestSubscribeMessage = async ({
      tmplIds,
    }: {
      tmplIds: string[];
    }) => ({ [tmplIds[0]]: 'accept' });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.subscribe');
    await settle(20);
    expect(text(page, '.subscribed')).toBe('已订阅：备案到期前会提醒您');
  });
});
