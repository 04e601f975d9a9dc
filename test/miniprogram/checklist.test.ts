/** @jest-environment jsdom */
import type { ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import type { ChecklistCodeView } from '../../typings/api';
import {
  callChecklist,
  $,
  $$,
  installWx,
  openPage,
  settle,
  tap,
  text,
  waitFor,
  within,
  SITUATION,
  type FakeWx,
} from '../support/mp';
import { chineseDate, today } from '../../miniprogram/utils/format';

let fake: FakeWx;
let list: ChecklistView;

/** A call straight to the function, as another person on another phone. */
const as = <T = ChecklistView>(openid: string, event: object) => callChecklist<T>(fake, openid, event);

beforeEach(async () => {
  fake = await installWx({ openid: 'parent' });
  list = await as('parent', { action: 'create', situation: SITUATION });
});

type Page = Awaited<ReturnType<typeof openPage>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page instance's methods
const inst = (page: Page) => page.instance as any;
const indexOfItem = (page: Page, label: string) => {
  const index = $$(page, '.item').findIndex((i) => text(i).includes(label));
  if (index < 0) throw new Error(`no item ${label}`);
  return index;
};
const itemEl = (page: Page, label: string) => $$(page, '.item')[indexOfItem(page, label)];
/** The text of `selector` inside the item labelled `label`. */
const inItem = (page: Page, label: string, selector: string) => {
  const [found] = within(page, itemEl(page, label), selector);
  if (!found) throw new Error(`no ${selector} in ${label}`);
  return found;
};
const tapIn = async (page: Page, label: string, selector: string) => {
  inItem(page, label, selector).dispatchEvent('tap');
  await settle(20);
};

describe('checklist page', () => {
  it('shows the items to tick, their hints, and how long the filing will last', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(text(page, '.title')).toBe('深圳市 → 长沙市（其他临时外出就医）');
    expect(text(page, '.progress-text')).toBe(`已完成 0 / ${list.items.length} 项`);
    expect(text(page, '.items')).toContain('办理异地就医备案');
    expect(text(inItem(page, '办理异地就医备案', '.hint'))).toContain('国家医保服务平台APP');
    expect(text(page, '.validity')).toContain('备案办好后有效');
    expect(page.querySelector('.shared-by')).toBeUndefined();
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

  it('asks which day the filing was made, and counts the filing’s end from it', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tapIn(page, '办理异地就医备案', '.item-main');
    expect(text(page, '.filed-question')).toBe('哪天办好的？');
    expect(text(page, '.picker-value')).toBe(`${chineseDate(today())} ▾`); // today by default
    $(page, '.filed-picker').dispatchEvent('change', { detail: { value: '2026-11-18' } });
    await tap(page, '.confirm-filed');
    await settle(20);
    expect(page.querySelector('.filed-on')).toBeUndefined();
    expect(text(page, '.validity')).toBe('备案至少有效到 2027年5月17日（从11月18日办好起算）');
    expect((await fake.deps.checklists.get(list.id))!.validUntil).toBe('2027-05-17');
  });

  it('takes the server’s today when the person keeps the suggested day', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tapIn(page, '办理异地就医备案', '.item-main');
    await tap(page, '.confirm-filed');
    await settle(20);
    const call = fake.calls.find((c) => c.data.action === 'toggle')!;
    expect(call.data).not.toHaveProperty('filedOn');
    expect((await fake.deps.checklists.get(list.id))!.filedOn).toBe('2026-11-22');
  });

  it('opens from a share card as family: joins, says who shared it, links to the same result, and keeps the token to the owner', async () => {
    await as('parent', { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true });
    fake.openid = 'son';
    const page = await openPage('pages/checklist/index', { id: list.id, token: list.shareToken! }, fake);
    expect(fake.calls[0]).toMatchObject({
      name: 'checklist',
      data: { action: 'join', id: list.id, shareToken: list.shareToken },
    });
    expect(text(page, '.shared-by')).toBe('由创建者分享 · 您是家人1');
    expect(text(page, '.progress-text')).toContain('已完成 1 /');
    expect(text(page, '.who')).toContain('创建者');
    expect(page.querySelector('.share')).toBeUndefined();
    expect(text(page, '.reshare-note')).toBe('想让更多家人加入？请创建者分享给他们。');
    expect(page.querySelector('.owner')).toBeUndefined();
    await tap(page, '.open-result');
    expect(fake.navigations).toEqual([`/pages/result/index?checklist=${list.id}`]);
    const { coveredCost: _c, localRatio: _r, ...withoutMoney } = SITUATION;
    expect(fake.storage.get('pending-v1')).toEqual(withoutMoney);
  });

  it('goes back to the result it was made from rather than opening it again', async () => {
    fake.stack = ['pages/home/index', 'pages/result/index', 'pages/checklist/index'];
    fake.stackQueries = [{}, {}, { id: list.id }];
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.open-result');
    expect(fake.navigations).toEqual(['back']);
    expect(fake.stack).toEqual(['pages/home/index', 'pages/result/index']);
  });

  it('offers no end date and no reminder for a stay paid in full before any filing', async () => {
    const discharged = await as('parent', {
      action: 'create',
      situation: { ...SITUATION, stage: 'discharged_self_paid', treatmentDate: '2026-11-01' },
    });
    expect(discharged).toMatchObject({ validity: null, validUntil: null, canSubscribe: false });
    const page = await openPage('pages/checklist/index', { id: discharged.id }, fake);
    expect(page.querySelector('.validity')).toBeUndefined();
    expect(page.querySelector('.subscribe')).toBeUndefined();
    expect(text(page, '.items')).toContain('补办时，备案开始日期要从2026年11月1日（入院那天）或更早算起');
  });

  it('tells someone the checklist was not shared with plainly, and offers 返回首页', async () => {
    fake.openid = 'stranger';
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(text(page, '.error-text')).toContain('还没有分享给您');
    expect(page.querySelector('.retry')).toBeUndefined();
    await tap(page, '.home');
    expect(fake.navigations).toEqual(['relaunch:/pages/home/index']);
  });

  it('carries id and token in the owner’s share card', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(inst(page).onShareAppMessage()).toEqual({
      title: '一起准备：深圳市 → 长沙市（其他临时外出就医）',
      path: `/pages/checklist/index?id=${list.id}&token=${list.shareToken}`,
    });
  });

  it('writes notes in a multi-line box with a visible count, and keeps the typed note if saving fails', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tapIn(page, '办理异地就医备案', '.add-note');
    expect($(page, '.note-input').dom!.tagName.toLowerCase()).toContain('textarea');
    expect(text(page, '.note-count')).toBe('0 / 200 字');
    const long = `用国家医保服务平台办\n网址 https://fuwu.nhsa.gov.cn/nationalHallSt/#/search/medical-ins-hall-long-link`;
    $(page, '.note-input').dispatchEvent('input', { detail: { value: long } });
    await settle();
    expect(text(page, '.note-count')).toBe(`${long.length} / 200 字`);
    $(page, '.note-input').dispatchEvent('input', { detail: { value: '长'.repeat(200) } });
    await settle();
    expect(text(page, '.note-count')).toBe('200 / 200 字，已到上限');
    $(page, '.note-input').dispatchEvent('input', { detail: { value: long } });
    fake.failNext = 3;
    await tap(page, '.save-note');
    await waitFor(() => expect(fake.toasts).toHaveLength(1));
    expect(inst(page).data.draftNote).toBe(long);
    await tap(page, '.save-note');
    await waitFor(() => expect(text(page, '.note')).toBe(`备注（我）：${long.replace(/\s+/g, ' ')}`));
  }, 15_000);

  it('when family changed a note meanwhile, theirs stands, the page says whose it is, and the draft stays', async () => {
    await as('parent', { action: 'join', id: list.id, shareToken: list.shareToken });
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tapIn(page, '办理异地就医备案', '.add-note');
    await as('kid', { action: 'note', id: list.id, itemId: 'file', note: '我周一去办' });
    $(page, '.note-input').dispatchEvent('input', { detail: { value: '爸爸自己去办' } });
    await tap(page, '.save-note');
    await settle(20);
    expect(text(inItem(page, '办理异地就医备案', '.conflict'))).toBe(
      '家人1刚刚改了这条备注，以家人1写的为准。您写的还在输入框里，看过后可以改好再保存。',
    );
    expect(text(inItem(page, '办理异地就医备案', '.note-edit .note'))).toBe(
      '现在的备注（家人1）：我周一去办',
    );
    expect(inst(page).data.draftNote).toBe('爸爸自己去办');
    // Saving again, having seen theirs, replaces it.
    await tap(page, '.save-note');
    await settle(20);
    expect(text(inItem(page, '办理异地就医备案', '.note'))).toBe('备注（我）：爸爸自己去办');
  });

  it('when family ticked the same item first, says their change stood', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    const label = list.items[0].label;
    await as('kid', { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true });
    await tapIn(page, label, '.item-main');
    expect(text(inItem(page, label, '.conflict'))).toBe('家人1刚刚已经勾选了这一项，以家人1的修改为准。');
    expect(text(inItem(page, label, '.who'))).toBe('家人1 11月22日 10:00 勾选');
  });

  it('picks up family’s ticks by itself while it is on screen, and stops looking once hidden', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    inst(page).setData({ pollMs: 30 });
    inst(page).startPolling();
    await as('kid', { action: 'toggle', id: list.id, itemId: list.items[1].id, done: true });
    await waitFor(() => expect(text(page, '.who')).toBe('家人1 11月22日 10:00 勾选'), 3000);
    expect(fake.calls.filter((c) => c.data.action === 'version').length).toBeGreaterThan(0);
    inst(page).onHide();
    const looked = fake.calls.length;
    await settle(50);
    expect(fake.calls.length).toBe(looked);
    inst(page).onUnload();
  });

  it('reloads when shown again and on pull-down', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    inst(page).onHide();
    await as('kid', { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true });
    await inst(page).onShow();
    await settle(20);
    expect(text(page, '.progress-text')).toContain('已完成 1 /');
    await as('kid', { action: 'toggle', id: list.id, itemId: list.items[1].id, done: true });
    await inst(page).onPullDownRefresh();
    expect(text(page, '.progress-text')).toContain('已完成 2 /');
    inst(page).onUnload();
  });

  it('copies the checklist as text for a family chat, hints included', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.copy');
    const lines = fake.clipboard[0].split('\n');
    expect(lines[0]).toBe('深圳市 → 长沙市（其他临时外出就医）');
    expect(lines).toContain('☐ 办理异地就医备案（临时备案）');
    const hint = lines[lines.indexOf('☐ 办理异地就医备案（临时备案）') + 1];
    expect(hint).toMatch(
      /^ {3}可以通过：粤医保小程序；国家医保服务平台APP；国家异地就医备案小程序；国务院客户端小程序；参保地医保经办机构窗口$/,
    );
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

describe('the poster', () => {
  const drawing = (call: string) => /^(fillRect|fillText|drawImage)/.test(call);

  it('says to send it only to family before saving a poster anyone could scan to join, and saves nothing if declined', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    fake.confirm = false;
    await tap(page, '.poster');
    await settle(20);
    expect(fake.modals).toEqual([
      '图片上有这份清单的小程序码，谁扫码都能加入、看到和勾选清单。请只发给家人，不要发到群里或朋友圈。',
    ]);
    expect(fake.saved).toEqual([]);
    expect(fake.canvas.calls).toEqual([]);
  });

  it('sizes the canvas first, then draws the title, progress, first steps and the checklist’s own code', async () => {
    await as('parent', { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.poster');
    await waitFor(() => expect(fake.saved).toEqual(['wxfile://tmp/poster.png']));
    const calls = fake.canvas.calls;
    const firstDraw = calls.findIndex(drawing);
    expect(firstDraw).toBeGreaterThan(calls.indexOf('width=750'));
    expect(firstDraw).toBeGreaterThan(calls.findIndex((c) => c.startsWith('height=')));
    expect(calls.slice(firstDraw).some((c) => /^(width|height)=/.test(c))).toBe(false);
    const height = Number(calls.find((c) => c.startsWith('height='))!.slice(7));
    expect(calls[firstDraw]).toBe(`fillRect 0,0,750,${height}`);
    const texts = calls.filter((c) => c.startsWith('fillText ')).map((c) => c.slice(9));
    expect(texts).toContain('深圳市 → 长沙市（其他临时外出就医）');
    expect(texts).toContain(`已完成 1 / ${list.items.length} 项`);
    expect(texts).toContain(`☐ ${list.items[1].label}`);
    expect(texts).toContain('微信扫一扫，和家人一起勾选');
    expect(texts).toContain('只发给家人：谁扫这个码都能加入清单');
    expect(fake.modals[0]).toContain('请只发给家人');
    const codeFile = `wxfile://usr/checklist-${list.id}.png`;
    expect(calls).toContain(`drawImage ${codeFile}`);
    const code = await as<ChecklistCodeView>('parent', { action: 'code', id: list.id });
    expect(fake.files.get(codeFile)).toBe(code.imageBase64);
    expect(fake.toasts).toContain('已保存到相册');
  });

  it('draws the code already shown on the page without asking the server for it again', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.show-code');
    await settle(20);
    await tap(page, '.poster');
    await waitFor(() => expect(fake.saved).toHaveLength(1));
    expect(fake.calls.filter((c) => c.data.action === 'code')).toHaveLength(1);
    expect(fake.canvas.calls).toContain(`drawImage wxfile://usr/checklist-${list.id}.png`);
  });

  it('explains how to allow the album when the permission was refused', async () => {
    fake.album = 'denied';
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.poster');
    // The first dialog is the 只发给家人 one, answered yes.
    await waitFor(() => expect(fake.modals).toHaveLength(2));
    expect(fake.modals[1]).toContain('打开“保存到相册”');
    await waitFor(() => expect(fake.settingsOpened).toBe(1));
  });

  it('has no code for a member the owner has not let pass it on: it says how to find the app', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    fake.openid = 'kid';
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.poster');
    await waitFor(() => expect(fake.saved).toHaveLength(1));
    expect(fake.canvas.calls.some((c) => c.startsWith('drawImage'))).toBe(false);
    expect(fake.canvas.calls).toContain('fillText 微信搜索「异地就医备案助手」查看和勾选');
    expect(fake.calls.some((c) => c.data.action === 'code')).toBe(false);
  });
});

describe('the checklist’s own 小程序码', () => {
  it('joins the checklist it was made for when scanned', async () => {
    const code = await as<ChecklistCodeView>('parent', { action: 'code', id: list.id });
    fake.openid = 'grandson';
    const page = await openPage('pages/checklist/index', { scene: encodeURIComponent(code.scene) }, fake);
    expect(text(page, '.shared-by')).toBe('由创建者分享 · 您是家人1');
    const q = encodeURIComponent(`https://yidi.example.com/mp?scene=${code.scene}`);
    fake.openid = 'granddaughter';
    const fromLink = await openPage('pages/checklist/index', { q }, fake);
    expect(text(fromLink, '.shared-by')).toBe('由创建者分享 · 您是家人2');
  });

  it('says the code has expired once the owner made a new link, or deleted the checklist — with 返回首页', async () => {
    const code = await as<ChecklistCodeView>('parent', { action: 'code', id: list.id });
    await as('parent', { action: 'rotateToken', id: list.id });
    fake.openid = 'grandson';
    const page = await openPage('pages/checklist/index', { scene: code.scene }, fake);
    expect(text(page, '.error-text')).toContain('创建者重新生成了分享链接');
    expect(page.querySelector('.retry')).toBeUndefined();
    await tap(page, '.home');
    expect(fake.navigations).toContain('relaunch:/pages/home/index');

    const fresh = await as<ChecklistCodeView>('parent', { action: 'code', id: list.id });
    await as('parent', { action: 'delete', id: list.id });
    const gone = await openPage('pages/checklist/index', { scene: fresh.scene }, fake);
    expect(text(gone, '.error-text')).toContain('清单可能已被删除');
  });

  it('keeps the checklist when one item is no longer on it: says so and shows it as it is now', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    // As if the page still showed an item the checklist no longer has.
    inst(page).setData({ 'items[0].id': 'no-such-item' });
    await settle(20);
    await inst(page).toggle('no-such-item', true);
    await settle(20);
    expect(fake.toasts).toContain('清单里没有这一项，请刷新后再试');
    expect(inst(page).data.gone).toBe(false);
    expect(text(page, '.title')).toBe('深圳市 → 长沙市（其他临时外出就医）');
    expect(inst(page).data.items[0].id).toBe(list.items[0].id);
    inst(page).onUnload();
  });

  it('stops looking for changes once the checklist is gone, even when shown again', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await as('parent', { action: 'delete', id: list.id });
    await inst(page).refresh();
    expect(inst(page).data.gone).toBe(true);
    inst(page).onShow();
    const looked = fake.calls.length;
    await settle(50);
    expect(fake.calls.length).toBe(looked);
    expect(inst(page).pollTimer).toBeUndefined();
  });

  it('says so plainly when a scanned code is not a checklist’s', async () => {
    const page = await openPage('pages/checklist/index', { scene: 'i4403c6101' }, fake);
    expect(text(page, '.error-text')).toBe('这个小程序码无法识别。请让家人重新分享清单给您。');
    expect(fake.calls).toEqual([]);
  });

  it('shows the code on the page for someone to scan in person, from a file rather than through setData', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.show-code');
    await settle(20);
    expect(inst(page).data.codePath).toBe(`wxfile://usr/checklist-${list.id}.png`);
    expect(text(page, '.code-card')).toContain('扫码加入这份清单');
    expect(Math.max(...fake.setDataBytes)).toBeLessThan(16 * 1024);
  });
});

describe('owner and member controls', () => {
  it('lets the owner remove a member, after asking', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    await as('aunt', { action: 'join', id: list.id, shareToken: list.shareToken });
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect($$(page, '.member').map((m) => text(m))).toEqual(['家人1移出', '家人2移出']);
    fake.confirm = false;
    await tap(page, '.remove-member');
    expect($$(page, '.member')).toHaveLength(2);
    fake.confirm = true;
    await tap(page, '.remove-member');
    await waitFor(() => expect($$(page, '.member').map((m) => text(m))).toEqual(['家人2移出']));
    expect(fake.modals[1]).toContain('旧的分享链接和小程序码会失效');
    expect(fake.toasts).toContain('已移出家人1');
  });

  it('lets the owner make a new share link and allow family to pass it on', async () => {
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(page, '.rotate-token');
    await waitFor(() => expect(inst(page).data.list.shareToken).not.toBe(list.shareToken));
    expect(inst(page).onShareAppMessage().path).toContain(inst(page).data.list.shareToken);
    expect(text(page, '.reshare-toggle')).toBe('允许家人再转发给别人不允许');
    await tap(page, '.reshare-toggle');
    await settle(20);
    expect(text(page, '.reshare-toggle')).toBe('允许家人再转发给别人已允许');
    // Taking it back makes a new link: the owner is told first that the links sent so far stop working.
    const token = inst(page).data.list.shareToken;
    await tap(page, '.reshare-toggle');
    await waitFor(() => expect(text(page, '.reshare-toggle')).toBe('允许家人再转发给别人不允许'));
    expect(fake.modals.at(-1)).toContain('之前发出的分享链接和小程序码都会失效');
    expect(inst(page).data.list.shareToken).not.toBe(token);
    expect(fake.toasts).toContain('只有您可以分享了，旧链接已失效');
  });

  it('lets the owner delete it and a member leave it, then shows 我的清单', async () => {
    await as('kid', { action: 'join', id: list.id, shareToken: list.shareToken });
    fake.openid = 'kid';
    const asKid = await openPage('pages/checklist/index', { id: list.id }, fake);
    expect(asKid.querySelector('.delete-list')).toBeUndefined();
    await tap(asKid, '.leave-list');
    await waitFor(() => expect(fake.navigations).toEqual(['redirect:/pages/lists/index']));
    expect((await fake.deps.checklists.get(list.id))!.members).toEqual([]);

    fake.openid = 'parent';
    const asOwner = await openPage('pages/checklist/index', { id: list.id }, fake);
    await tap(asOwner, '.delete-list');
    await waitFor(() => expect(fake.navigations).toHaveLength(2));
    expect(await fake.deps.checklists.get(list.id)).toBeNull();
  });
});
