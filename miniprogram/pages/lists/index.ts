/**
 * 我的清单: the checklists I made and those family shared with me, newest first, with how far
 * along each is and its two cities. Read again every time the page shows (coming back from a
 * checklist, the progress has moved), on pull-down, and a page more at a time.
 */
import { largeText } from '../../behaviors/large-text';
import { api, type ChecklistRow } from '../../services/api';
import type { CallError } from '../../services/cloud';
import { openPage } from '../../services/nav';
import { REASON_LABELS } from '../../shared/labels';
import { ENDING } from '../../utils/checklist-text';
import { shortTime } from '../../utils/format';

type Row = ChecklistRow & { when: string; reasonText: string };

// The cities are the row's heading; the line under them says why the person is away.
const rows = (lists: ChecklistRow[]): Row[] =>
  lists.map((r) => ({ ...r, when: shortTime(r.updatedAt), reasonText: REASON_LABELS[r.reason] ?? '' }));

Component({
  behaviors: [largeText],
  data: {
    loading: true,
    error: '',
    lists: [] as Row[],
    next: null as string | null,
    more: false,
  },
  methods: {
    onShow() {
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.setData({ loading: !this.data.lists.length, error: '' });
      try {
        const page = await api.listChecklists();
        this.setData({ loading: false, lists: rows(page.lists), next: page.next });
      } catch (error) {
        this.setData({ loading: false, error: (error as CallError).message });
      }
    },
    async loadMore() {
      if (!this.data.next || this.data.more) return;
      this.setData({ more: true });
      try {
        const page = await api.listChecklists(this.data.next);
        this.setData({ lists: [...this.data.lists, ...rows(page.lists)], next: page.next });
      } catch (error) {
        wx.showToast({ title: (error as Error).message, icon: 'none' });
      }
      this.setData({ more: false });
    },
    onReachBottom() {
      return this.loadMore();
    },
    open(e: WechatMiniprogram.TouchEvent) {
      openPage(`/pages/checklist/index?id=${String(e.currentTarget.dataset.id)}`);
    },
    /** Leave (a shared one) or delete (mine), after asking. */
    remove(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.lists.find((r) => r.id === String(e.currentTarget.dataset.id));
      if (!row) return;
      const words = ENDING[row.role];
      wx.showModal({
        title: words.title,
        content: `${row.title}\n${words.content}`,
        confirmText: words.confirm,
        cancelText: '不了',
        success: async (res) => {
          if (!res.confirm) return;
          try {
            await api.endChecklist(row.id, row.role);
            this.setData({ lists: this.data.lists.filter((r) => r.id !== row.id) });
            wx.showToast({ title: words.done, icon: 'none' });
          } catch (error) {
            wx.showToast({ title: (error as Error).message, icon: 'none' });
          }
        },
      });
    },
    startQuery() {
      openPage('/pages/wizard/index');
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
  },
});
