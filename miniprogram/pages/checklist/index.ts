/**
 * The shared checklist: tick items together with family, see who ticked and when, add notes, copy
 * as text, save a poster, and share it (the share card carries id + token; opening it joins).
 */
import { largeText } from '../../behaviors/large-text';
import { api, type ChecklistItemView, type ChecklistView } from '../../services/api';
import { REMINDER_TEMPLATE_ID } from '../../config/env';
import { chineseDate, shortTime } from '../../utils/format';
import { checklistText, drawPoster } from '../../utils/checklist-text';

type ItemRow = ChecklistItemView & { who: string };

function rows(list: ChecklistView): ItemRow[] {
  return list.items.map((item) => ({
    ...item,
    who: item.doneBy && item.done ? `${item.doneBy} ${shortTime(item.doneAt)} 勾选` : '',
  }));
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
    list: null as Omit<ChecklistView, 'items'> | null,
    items: [] as ItemRow[],
    doneCount: 0,
    editing: '',
    draftNote: '',
    validText: '',
    busy: '',
  },
  methods: {
    onLoad(query: { id?: string; token?: string }) {
      return this.load(query.id ?? this.data.id, query.token ?? this.data.token);
    },
    async load(id: string, token?: string) {
      if (!id) {
        this.setData({ loading: false, error: '链接不完整，请让家人重新分享。' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const list = token ? await api.joinChecklist(id, token) : await api.getChecklist(id);
        this.apply(list);
      } catch (error) {
        this.setData({ loading: false, error: (error as Error).message });
      }
    },
    apply(list: ChecklistView) {
      const { items, ...rest } = list;
      this.setData({
        loading: false,
        list: rest,
        items: rows(list),
        doneCount: items.filter((i) => i.done).length,
        validText: list.validUntil ? chineseDate(list.validUntil) : '',
      });
    },
    retry() {
      return this.load(this.data.id || this.data.list?.id || '', this.data.token);
    },
    async toggle(e: WechatMiniprogram.TouchEvent) {
      const itemId = String(e.currentTarget.dataset.item);
      const index = this.data.items.findIndex((i) => i.id === itemId);
      if (index < 0 || !this.data.list) return;
      const done = !this.data.items[index].done;
      // Show the tick at once; the server's answer (with everyone's ticks) replaces it.
      this.setData({ [`items[${index}].done`]: done, doneCount: this.data.doneCount + (done ? 1 : -1) });
      try {
        this.apply(await api.toggleItem(this.data.list.id, itemId, done));
      } catch (error) {
        this.setData({ [`items[${index}].done`]: !done, doneCount: this.data.doneCount + (done ? -1 : 1) });
        wx.showToast({ title: (error as Error).message, icon: 'none' });
      }
    },
    editNote(e: WechatMiniprogram.TouchEvent) {
      const itemId = String(e.currentTarget.dataset.item);
      const item = this.data.items.find((i) => i.id === itemId);
      this.setData({ editing: itemId, draftNote: item?.note ?? '' });
    },
    onNoteInput(e: WechatMiniprogram.Input) {
      this.setData({ draftNote: e.detail.value });
    },
    async saveNote() {
      if (!this.data.list) return;
      this.setData({ busy: 'note' });
      try {
        this.apply(await api.noteItem(this.data.list.id, this.data.editing, this.data.draftNote));
        this.setData({ editing: '', busy: '' });
      } catch (error) {
        // The typed note stays in the box to try again.
        this.setData({ busy: '' });
        wx.showToast({ title: (error as Error).message, icon: 'none' });
      }
    },
    cancelNote() {
      this.setData({ editing: '', draftNote: '' });
    },
    copyText() {
      if (!this.data.list) return;
      wx.setClipboardData({
        data: checklistText({
          title: this.data.list.title,
          items: this.data.items,
          validUntil: this.data.list.validUntil,
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
    savePoster() {
      if (!this.data.list) return;
      const list = {
        title: this.data.list.title,
        items: this.data.items,
        validUntil: this.data.list.validUntil,
      };
      this.createSelectorQuery()
        .select('#poster')
        .fields({ node: true, size: true })
        .exec((res) => {
          const canvas = res?.[0]?.node as WechatMiniprogram.Canvas | undefined;
          if (!canvas) return wx.showToast({ title: '当前环境不能生成图片', icon: 'none' });
          const ctx = canvas.getContext('2d') as unknown as Parameters<typeof drawPoster>[0];
          canvas.width = 750;
          canvas.height = drawPoster(ctx, list, 750);
          wx.canvasToTempFilePath({
            canvas,
            success: ({ tempFilePath }) =>
              wx.saveImageToPhotosAlbum({
                filePath: tempFilePath,
                success: () => wx.showToast({ title: '已保存到相册' }),
              }),
            fail: () => wx.showToast({ title: '没能生成图片', icon: 'none' }),
          });
        });
    },
    onShareAppMessage() {
      const list = this.data.list;
      if (!list) return { title: '异地就医备案清单', path: '/pages/home/index' };
      return {
        title: `一起准备：${list.title}`,
        path: `/pages/checklist/index?id=${list.id}&token=${list.shareToken}`,
      };
    },
  },
});
