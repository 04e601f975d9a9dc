/**
 * The shared checklist, live: it reloads each time it shows and on pull-down, and while it is on
 * screen it asks the server for the checklist's version every few seconds and reloads when someone
 * else changed it. Polling rather than the database's realtime `watch`: watch reads the collection
 * from the phone, and the security rules give clients no read (a member would otherwise see the
 * share token and everyone's OPENIDs); a version check through the function costs one small call
 * and works the same locally and in the browser preview.
 *
 * Opened by id (from 我的清单 or a reminder), by a share card (id + token: joins), or by the
 * checklist's own 小程序码 (scene, or q for the plain-QR link): joins too.
 */
import { largeText } from '../../behaviors/large-text';
import { api, type ChecklistItemView, type ChecklistView } from '../../services/api';
import { CallError } from '../../services/cloud';
import { LIVE_POLL_MS, pollDelay } from '../../services/live-poll';
import { openPage, pageBelowIs } from '../../services/nav';
import { storage } from '../../services/storage';
import { REMINDER_TEMPLATE_ID } from '../../config/env';
import { checklistSceneFromLink, decodeChecklistScene } from '../../shared/scene';
import { chineseDate, today } from '../../utils/format';
import {
  checklistText,
  conflictText,
  drawPoster,
  ENDING,
  layoutPoster,
  validityText,
  whoTicked,
  type PosterContext,
} from '../../utils/checklist-text';

type ItemRow = ChecklistItemView & { who: string; conflict: string };

const NOTE_MAX = 200;

function rows(list: ChecklistView, conflicts: Record<string, string> = {}): ItemRow[] {
  return list.items.map((item) => ({ ...item, who: whoTicked(item), conflict: conflicts[item.id] ?? '' }));
}

/** A WeChat API that takes success/fail callbacks, as a promise. */
function promised<T>(
  call: (options: { success: (r: T) => void; fail: (e: unknown) => void }) => void,
): Promise<T> {
  return new Promise((resolve, reject) => call({ success: resolve, fail: reject }));
}

function albumRefused(error: unknown): boolean {
  return /auth|authorize|permission/i.test(String((error as { errMsg?: string })?.errMsg ?? error));
}

/**
 * The checklist itself is gone for this person (deleted, left, link expired) — not one item or one
 * member of it, which the functions name in `field` and which a refresh puts right.
 */
function isGone(error: CallError): boolean {
  return (error.code === 'NOT_FOUND' && !error.field) || error.code === 'FORBIDDEN';
}

Component({
  behaviors: [largeText],
  properties: {
    id: { type: String, value: '' },
    token: { type: String, value: '' },
  },
  data: {
    loading: true,
    error: '',
    /** The checklist is gone for this person (deleted, left, link expired): no 重试, only 返回首页. */
    gone: false,
    list: null as Omit<ChecklistView, 'items'> | null,
    items: [] as ItemRow[],
    doneCount: 0,
    validText: '',
    editing: '',
    draftNote: '',
    /** The note as it was when editing began, sent back so a change made meanwhile is not lost. */
    draftBase: '',
    noteMax: NOTE_MAX,
    noteLength: 0,
    askingDay: '',
    filedOn: '',
    filedOnText: '',
    /** The person chose a day; otherwise none is sent and the server counts from its own today. */
    filedOnPicked: false,
    today: '',
    busy: '',
    codePath: '',
    pollMs: LIVE_POLL_MS,
  },
  lifetimes: {
    detached() {
      this.stopPolling();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const scanned = decodeChecklistScene(query.scene) ?? checklistSceneFromLink(query.q);
      const id = scanned?.checklistId ?? query.id ?? this.data.id;
      const token = scanned?.shareToken ?? query.token ?? this.data.token;
      this.setData({ id: id ?? '', token: token ?? '', today: today() });
      if ((query.scene || query.q) && !scanned) {
        this.setData({
          loading: false,
          gone: true,
          error: '这个小程序码无法识别。请让家人重新分享清单给您。',
        });
        return;
      }
      return this.load();
    },
    onShow() {
      // The first show follows onLoad, which loads; every later one (back from another page, or
      // from the background) reloads, so what family ticked meanwhile is there.
      const page = this as unknown as { shown?: boolean };
      if (page.shown) void this.refresh();
      page.shown = true;
      this.startPolling();
    },
    onHide() {
      this.stopPolling();
    },
    onUnload() {
      this.stopPolling();
    },
    async onPullDownRefresh() {
      await (this.data.list ? this.refresh() : this.load());
      wx.stopPullDownRefresh();
    },

    async load() {
      const { id, token } = this.data;
      if (!id) {
        this.setData({ loading: false, gone: true, error: '链接不完整，请让家人重新分享。' });
        return;
      }
      this.setData({ loading: true, error: '', gone: false });
      try {
        const list = token ? await api.joinChecklist(id, token) : await api.getChecklist(id);
        // Joined: from now on it is simply ours to read.
        this.setData({ token: '' });
        this.apply(list);
      } catch (error) {
        this.fail(error as CallError);
      }
    },
    /** Reads the checklist again; quietly, unless it is gone. */
    async refresh() {
      if (!this.data.list) return;
      try {
        this.apply(await api.getChecklist(this.data.list.id));
      } catch (error) {
        if (isGone(error as CallError)) this.fail(error as CallError);
      }
    },
    fail(error: CallError) {
      const gone = isGone(error);
      this.stopPolling();
      this.setData({ loading: false, error: error.message, gone, list: gone ? null : this.data.list });
    },
    apply(list: ChecklistView, conflicts: Record<string, string> = {}) {
      (this as unknown as { changedAt: number }).changedAt = Date.now(); // polling is quick again
      const { items, ...rest } = list;
      this.setData({
        loading: false,
        error: '',
        list: rest,
        items: rows(list, conflicts),
        doneCount: items.filter((i) => i.done).length,
        validText: validityText(list.validity),
      });
    },

    startPolling() {
      this.stopPolling();
      if (this.data.gone) return; // nothing left to watch
      const timers = this as unknown as { pollTimer?: number };
      const quietFor = Date.now() - ((this as unknown as { changedAt?: number }).changedAt ?? Date.now());
      timers.pollTimer = setTimeout(
        async () => {
          await this.poll();
          if (timers.pollTimer !== undefined) this.startPolling();
        },
        pollDelay(quietFor, this.data.pollMs),
      ) as unknown as number;
    },
    stopPolling() {
      const timers = this as unknown as { pollTimer?: number };
      if (timers.pollTimer !== undefined) clearTimeout(timers.pollTimer);
      timers.pollTimer = undefined;
    },
    /** One look at the version; a reload only when someone changed something. */
    async poll() {
      const list = this.data.list;
      if (!list || this.data.busy) return;
      try {
        const { version } = await api.checklistVersion(list.id);
        if (version !== this.data.list?.version && !this.data.busy) await this.refresh();
      } catch (error) {
        if (isGone(error as CallError)) this.fail(error as CallError);
        // A dropped network: the next look will do.
      }
    },

    tapItem(e: WechatMiniprogram.TouchEvent) {
      const item = this.data.items.find((i) => i.id === String(e.currentTarget.dataset.item));
      if (!item || !this.data.list || this.data.busy) return;
      if (item.asksFilingDay && !item.done) {
        const day = this.data.today;
        this.setData({
          askingDay: item.id,
          filedOn: day,
          filedOnText: chineseDate(day),
          filedOnPicked: false,
        });
        return;
      }
      return this.toggle(item.id, !item.done);
    },
    onFiledOn(e: WechatMiniprogram.PickerChange) {
      const day = String(e.detail.value);
      this.setData({ filedOn: day, filedOnText: chineseDate(day), filedOnPicked: true });
    },
    confirmFiledOn() {
      const itemId = this.data.askingDay;
      this.setData({ askingDay: '' });
      return this.toggle(itemId, true, this.data.filedOnPicked ? this.data.filedOn : undefined);
    },
    cancelFiledOn() {
      this.setData({ askingDay: '' });
    },
    async toggle(itemId: string, done: boolean, filedOn?: string) {
      const index = this.data.items.findIndex((i) => i.id === itemId);
      if (index < 0 || !this.data.list) return;
      // Show the tick at once; the server's answer (with everyone's ticks) replaces it.
      this.setData({
        busy: 'toggle',
        [`items[${index}].done`]: done,
        [`items[${index}].conflict`]: '',
        doneCount: this.data.doneCount + (done ? 1 : -1),
      });
      try {
        const list = await api.toggleItem(this.data.list.id, itemId, done, filedOn);
        this.setData({ busy: '' });
        this.applyWithConflict(list);
      } catch (error) {
        this.setData({
          busy: '',
          [`items[${index}].done`]: !done,
          doneCount: this.data.doneCount + (done ? -1 : 1),
        });
        if (isGone(error as CallError)) return this.fail(error as CallError);
        wx.showToast({ title: (error as Error).message, icon: 'none' });
        // The item was taken off meanwhile: show the checklist as it is now.
        if ((error as CallError).field === 'itemId') void this.refresh();
      }
    },
    /** Applies an answer; when someone else's change stood, says so under that item. */
    applyWithConflict(list: ChecklistView) {
      const c = list.conflict;
      const text = c
        ? conflictText(
            c,
            list.items.find((i) => i.id === c.itemId),
          )
        : '';
      this.apply(list, c ? { [c.itemId]: text } : {});
      return text;
    },

    editNote(e: WechatMiniprogram.TouchEvent) {
      const itemId = String(e.currentTarget.dataset.item);
      const note = this.data.items.find((i) => i.id === itemId)?.note ?? '';
      this.setData({ editing: itemId, draftNote: note, draftBase: note, noteLength: note.length });
    },
    onNoteInput(e: WechatMiniprogram.Input) {
      this.setData({ draftNote: e.detail.value, noteLength: e.detail.value.length });
    },
    async saveNote() {
      if (!this.data.list) return;
      this.setData({ busy: 'note' });
      try {
        const { editing, draftNote, draftBase } = this.data;
        const list = await api.noteItem(this.data.list.id, editing, draftNote, draftBase);
        const conflict = this.applyWithConflict(list);
        if (conflict && list.conflict?.what === 'note') {
          // Theirs stands; ours stays in the box, to read theirs and save again.
          const theirs = list.items.find((i) => i.id === editing)?.note ?? '';
          this.setData({ busy: '', draftBase: theirs });
        } else this.setData({ editing: '', busy: '' });
      } catch (error) {
        // The typed note stays in the box to try again.
        this.setData({ busy: '' });
        if (isGone(error as CallError)) return this.fail(error as CallError);
        wx.showToast({ title: (error as Error).message, icon: 'none' });
      }
    },
    cancelNote() {
      this.setData({ editing: '', draftNote: '', draftBase: '', noteLength: 0 });
    },

    copyText() {
      if (!this.data.list) return;
      wx.setClipboardData({
        data: checklistText({
          title: this.data.list.title,
          items: this.data.items,
          validity: this.data.list.validity,
        }),
      });
    },
    async subscribe() {
      if (!this.data.list) return;
      try {
        const res = await wx.requestSubscribeMessage({
          tmplIds: [REMINDER_TEMPLATE_ID],
        } as WechatMiniprogram.RequestSubscribeMessageOption);
        if ((res as Record<string, string>)[REMINDER_TEMPLATE_ID] !== 'accept') return;
        this.apply(await api.subscribe(this.data.list.id, true));
        wx.showToast({ title: '到期前会提醒您', icon: 'success' });
      } catch (error) {
        wx.showToast({ title: (error as Error).message || '没能订阅提醒', icon: 'none' });
      }
    },
    /**
     * 查看完整结果: back to the result this checklist was made from when it is the page below;
     * otherwise the same situation, evaluated again (the checklist keeps it without amounts), as
     * this checklist's result — which leads back here rather than making another checklist.
     */
    openResult() {
      if (!this.data.list) return;
      if (pageBelowIs('pages/result/index')) {
        wx.navigateBack({});
        return;
      }
      storage.setPending(this.data.list.situation);
      openPage(`/pages/result/index?checklist=${this.data.list.id}`);
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },

    /** Asks first; runs `action` only when the person confirms. */
    confirm(title: string, content: string, confirmText: string, action: () => Promise<void>) {
      wx.showModal({
        title,
        content,
        confirmText,
        cancelText: '不了',
        success: (res) => {
          if (res.confirm) void action();
        },
      });
    },
    async ownerAction(run: () => Promise<ChecklistView>, done: string) {
      this.setData({ busy: 'owner' });
      try {
        this.apply(await run());
        this.setData({ codePath: '' });
        wx.showToast({ title: done, icon: 'none' });
      } catch (error) {
        wx.showToast({ title: (error as Error).message, icon: 'none' });
      }
      this.setData({ busy: '' });
    },
    removeMember(e: WechatMiniprogram.TouchEvent) {
      const list = this.data.list;
      const no = Number(e.currentTarget.dataset.no);
      const label = String(e.currentTarget.dataset.label);
      if (!list) return;
      this.confirm(
        `移出${label}？`,
        `${label}将看不到这份清单，也不能再勾选。旧的分享链接和小程序码会失效，其他家人不受影响。`,
        '移出',
        () => this.ownerAction(() => api.removeMember(list.id, no), `已移出${label}`),
      );
    },
    rotateToken() {
      const list = this.data.list;
      if (!list) return;
      this.confirm(
        '重新生成分享链接？',
        '之前发出的分享链接和小程序码都会失效，已经加入的家人不受影响。需要时请重新分享。',
        '重新生成',
        () => this.ownerAction(() => api.rotateShareToken(list.id), '已重新生成，旧链接已失效'),
      );
    },
    /**
     * Letting family pass it on is one tap; taking that back makes a new share link (the one family
     * saw must stop working), so the owner's own earlier links stop too: asked first, as for 重新生成.
     */
    toggleReshare() {
      const list = this.data.list;
      if (!list) return;
      if (!list.allowReshare)
        return this.ownerAction(() => api.allowReshare(list.id, true), '家人也可以转发了');
      this.confirm(
        '不再允许家人转发？',
        '会同时生成新的分享链接：之前发出的分享链接和小程序码都会失效，已经加入的家人不受影响。需要时请重新分享。',
        '不再允许',
        () => this.ownerAction(() => api.allowReshare(list.id, false), '只有您可以分享了，旧链接已失效'),
      );
    },
    /** 删除 (owner) or 退出 (member), after asking; then 我的清单. */
    endList() {
      const list = this.data.list;
      if (!list) return;
      const words = ENDING[list.role];
      this.confirm(words.title, words.content, words.confirm, async () => {
        try {
          await api.endChecklist(list.id, list.role);
          wx.showToast({ title: words.done, icon: 'none' });
          wx.redirectTo({ url: '/pages/lists/index' });
        } catch (error) {
          wx.showToast({ title: (error as Error).message, icon: 'none' });
        }
      });
    },

    /** The checklist's own 小程序码 as a local file (never base64 through setData: it is large). */
    async codeFile(): Promise<string> {
      const list = this.data.list!;
      const code = await api.checklistCode(list.id);
      const fs = wx.getFileSystemManager?.();
      if (!fs) return `data:${code.contentType};base64,${code.imageBase64}`;
      const filePath = `${wx.env.USER_DATA_PATH}/checklist-${list.id}.png`;
      await promised<unknown>((cb) =>
        fs.writeFile({ filePath, data: code.imageBase64, encoding: 'base64', ...cb }),
      );
      return filePath;
    },
    async showCode() {
      if (!this.data.list?.shareToken) return;
      this.setData({ busy: 'code' });
      try {
        this.setData({ codePath: await this.codeFile() });
      } catch (error) {
        wx.showToast({ title: (error as Error).message || '暂时无法生成小程序码', icon: 'none' });
      }
      this.setData({ busy: '' });
    },
    canvasNode(): Promise<WechatMiniprogram.Canvas | undefined> {
      return new Promise((resolve) =>
        wx
          .createSelectorQuery()
          .in(this)
          .select('#poster')
          .fields({ node: true, size: true })
          .exec((res) => resolve(res?.[0]?.node as WechatMiniprogram.Canvas | undefined)),
      );
    },
    /** The code drawn on the poster; null when it cannot be had (the poster says how to find the app). */
    async codeImage(canvas: WechatMiniprogram.Canvas): Promise<unknown | null> {
      if (!this.data.list?.shareToken) return null;
      try {
        // The code shown a moment ago is still this checklist's (a new token clears it).
        const src = this.data.codePath || (await this.codeFile());
        const image = canvas.createImage();
        await new Promise((resolve, reject) => {
          image.onload = resolve;
          image.onerror = reject;
          image.src = src;
        });
        return image;
      } catch {
        return null;
      }
    },
    /**
     * 保存成图片: the poster carries the checklist's own code, and anyone who scans it joins — so the
     * person is told, before saving, to send it only to family.
     */
    savePoster() {
      const list = this.data.list;
      if (!list || this.data.busy) return;
      if (!list.shareToken) return this.drawAndSavePoster();
      this.confirm(
        '图片只发给家人',
        '图片上有这份清单的小程序码，谁扫码都能加入、看到和勾选清单。请只发给家人，不要发到群里或朋友圈。',
        '知道了，保存',
        () => this.drawAndSavePoster(),
      );
    },
    async drawAndSavePoster() {
      const list = this.data.list;
      if (!list || this.data.busy) return;
      this.setData({ busy: 'poster' });
      try {
        const canvas = await this.canvasNode();
        if (!canvas) {
          wx.showToast({ title: '当前环境不能生成图片', icon: 'none' });
          return;
        }
        const ctx = canvas.getContext('2d') as unknown as PosterContext & {
          measureText(text: string): { width: number };
        };
        const code = await this.codeImage(canvas);
        const layout = layoutPoster(
          {
            title: list.title,
            done: this.data.doneCount,
            total: this.data.items.length,
            nextSteps: this.data.items.filter((i) => !i.done).map((i) => i.label),
            validity: validityText(list.validity, true),
            withCode: code !== null,
          },
          (text, font) => {
            ctx.font = font;
            return ctx.measureText(text).width;
          },
        );
        // Size first: setting a 2D canvas's size clears it, so every drawing call comes after.
        canvas.width = layout.width;
        canvas.height = layout.height;
        drawPoster(ctx, layout, code);
        const { tempFilePath } = await promised<{ tempFilePath: string }>((cb) =>
          wx.canvasToTempFilePath({ canvas, ...cb } as WechatMiniprogram.CanvasToTempFilePathOption),
        );
        await promised((cb) => wx.saveImageToPhotosAlbum({ filePath: tempFilePath, ...cb }));
        wx.showToast({ title: '已保存到相册', icon: 'success' });
      } catch (error) {
        if (albumRefused(error))
          wx.showModal({
            title: '需要您允许保存到相册',
            content: '请点“去设置”，打开“保存到相册”（或“添加到相册”），再回来点一次“保存成图片”。',
            confirmText: '去设置',
            cancelText: '不了',
            success: (res) => {
              if (res.confirm) wx.openSetting({});
            },
          });
        else wx.showToast({ title: '没能生成图片，请稍后再试', icon: 'none' });
      } finally {
        this.setData({ busy: '' });
      }
    },
    onShareAppMessage() {
      const list = this.data.list;
      if (!list?.shareToken) return { title: '异地就医备案助手', path: '/pages/home/index' };
      return {
        title: `一起准备：${list.title}`,
        path: `/pages/checklist/index?id=${list.id}&token=${list.shareToken}`,
      };
    },
  },
});
