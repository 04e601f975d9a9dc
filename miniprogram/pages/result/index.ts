/**
 * Result: what to do now comes first — the verdict in one sentence, the first steps for this stage
 * and 生成清单 — then how to get paid more, papers, where to file (each tappable), dates, how the
 * bill is settled, the reimbursement with its caveat beside the number, the warnings that matter
 * (the rest behind 展开) and the sources with their sentences (原文) on tap.
 */
import type { Situation, Verdict } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { CallError } from '../../services/cloud';
import { storage } from '../../services/storage';
import { verdictView, WARNINGS_SHOWN, type VerdictView } from '../../utils/verdict-view';

Component({
  behaviors: [largeText],
  data: {
    loading: true,
    error: '',
    errorField: '',
    view: null as VerdictView | null,
    creating: false,
    shownWarnings: WARNINGS_SHOWN,
    openSource: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      const situation = storage.pending();
      if (!situation) {
        this.setData({ loading: false, error: '没有找到要查询的情况，请回到首页重新填写。' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const verdict: Verdict = await api.evaluate(situation);
        this.setData({ loading: false, view: verdictView(verdict) });
        storage.addRecent({
          situation,
          headline: verdict.headline,
          title: `${verdict.insuredCity.name} → ${verdict.careCity.name}`,
          at: verdict.asOf,
        });
      } catch (error) {
        const e = error as CallError;
        this.setData({ loading: false, error: e.message, errorField: e.field ?? '' });
      }
    },
    retry() {
      return this.load();
    },
    /** The answers summary, in place of this page: editing never grows the page stack. */
    editAnswers() {
      wx.redirectTo({ url: '/pages/wizard/index?mode=summary' });
    },
    /** After an input error: straight to the answer that was wrong. */
    editField() {
      const field = this.data.errorField;
      wx.redirectTo({
        url: field ? `/pages/wizard/index?field=${field}` : '/pages/wizard/index?mode=summary',
      });
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
    async makeChecklist() {
      const situation = storage.pending() as Situation;
      if (this.data.creating) return;
      this.setData({ creating: true });
      try {
        const list = await api.createChecklist(situation);
        this.setData({ creating: false });
        wx.navigateTo({ url: `/pages/checklist/index?id=${list.id}` });
      } catch (error) {
        this.setData({ creating: false });
        wx.showModal({ title: '没能生成清单', content: (error as Error).message, showCancel: false });
      }
    },
    showAllWarnings() {
      this.setData({ shownWarnings: this.data.view?.warnings.length ?? WARNINGS_SHOWN });
    },
    toggleSource(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      this.setData({ openSource: this.data.openSource === id ? '' : id });
    },
    copySource(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.url) });
    },
    copyQuestion(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({
        data: String(e.currentTarget.dataset.question),
        success: () => wx.showToast({ title: '已复制，可以发给参保地医保经办机构', icon: 'none' }),
      });
    },
    copyChannel(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({
        data: String(e.currentTarget.dataset.name),
        success: () => wx.showToast({ title: '已复制，去微信或应用商店里搜索', icon: 'none' }),
      });
    },
  },
});
