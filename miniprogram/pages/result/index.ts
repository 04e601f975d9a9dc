/**
 * Result: the verdict first in one sentence, then papers, where to file, dates, how the bill is
 * settled, the reimbursement, warnings and sources. From here a checklist is made to share.
 */
import type { Situation, Verdict } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { CallError } from '../../services/cloud';
import { storage } from '../../services/storage';
import { verdictView, type VerdictView } from '../../utils/verdict-view';

Component({
  behaviors: [largeText],
  data: {
    loading: true,
    error: '',
    errorField: '',
    view: null as VerdictView | null,
    creating: false,
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
    editAnswers() {
      wx.navigateTo({ url: '/pages/wizard/index' });
    },
    async makeChecklist() {
      const situation = storage.pending() as Situation;
      this.setData({ creating: true, error: '' });
      try {
        const list = await api.createChecklist(situation);
        this.setData({ creating: false });
        wx.navigateTo({ url: `/pages/checklist/index?id=${list.id}` });
      } catch (error) {
        this.setData({ creating: false });
        wx.showModal({ title: '没能生成清单', content: (error as Error).message, showCancel: false });
      }
    },
    copySource(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.url) });
    },
  },
});
