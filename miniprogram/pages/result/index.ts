/**
 * Result: what to do now comes first — the verdict in one sentence, the first steps for this stage
 * and 生成清单 — then how to get paid more, papers, where to file (each tappable), dates, how the
 * bill is settled, the reimbursement with its caveat beside the number, the warnings that matter
 * (the rest behind 展开) and the sources with their sentences (原文) on tap.
 *
 * It shows the pending situation, or the case a forwarded link carries (utils/case-link.ts).
 * Opened from a checklist (checklist=<id>) it leads back to that checklist (回到这份清单) instead of
 * making a second one; going back rather than opening it again, when it is the page below.
 */
import type { Situation } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { CallError } from '../../services/cloud';
import { openPage } from '../../services/nav';
import { storage } from '../../services/storage';
import { caseFromQuery, caseQuery } from '../../utils/case-link';
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
    /** The checklist this result belongs to and the viewer is on: 回到这份清单, not 生成清单. */
    checklistId: '',
    /** 鞍山市 → 北京市, for the share card. */
    title: '',
  },
  methods: {
    /** The case on screen: what 修改, 生成清单 and sharing act on, whatever else is opened meanwhile. */
    shownCase(): Situation | null {
      return (this as unknown as { situation?: Situation }).situation ?? storage.pending();
    },
    onLoad(query: Record<string, string | undefined> = {}) {
      const linked = caseFromQuery(query);
      if (linked) storage.setPending(linked);
      this.setData({ checklistId: query.checklist ?? '' });
      return this.load();
    },
    async load() {
      const situation = this.shownCase();
      if (!situation) {
        this.setData({ loading: false, error: '没有找到要查询的情况，请回到首页重新填写。' });
        return;
      }
      (this as unknown as { situation: Situation }).situation = situation;
      this.setData({ loading: true, error: '' });
      try {
        const [verdict] = await Promise.all([api.evaluate(situation), this.checkChecklist()]);
        const title = `${verdict.insuredCity.name} → ${verdict.careCity.name}`;
        this.setData({ loading: false, view: verdictView(verdict, situation), title });
        const { checklistId } = this.data;
        storage.addRecent({
          situation,
          headline: verdict.headline,
          title,
          at: verdict.asOf,
          ...(checklistId ? { checklistId } : {}),
        });
      } catch (error) {
        const e = error as CallError;
        this.setData({ loading: false, error: e.message, errorField: e.field ?? '' });
      }
    },
    /** The checklist it came from may be gone for this person (left, removed, deleted): then 生成清单. */
    async checkChecklist() {
      const id = this.data.checklistId;
      if (!id) return;
      try {
        await api.checklistVersion(id);
      } catch (error) {
        const code = (error as CallError).code;
        if (code === 'NOT_FOUND' || code === 'FORBIDDEN') this.setData({ checklistId: '' });
      }
    },
    retry() {
      return this.load();
    },
    /** The answers summary for this case, in place of this page: editing never grows the page stack. */
    editAnswers() {
      const { checklistId } = this.data;
      this.keepCasePending();
      wx.redirectTo({
        url: `/pages/wizard/index?mode=summary${checklistId ? `&checklist=${checklistId}` : ''}`,
      });
    },
    /** After an input error: straight to the answer that was wrong. */
    editField() {
      const field = this.data.errorField;
      this.keepCasePending();
      wx.redirectTo({
        url: field ? `/pages/wizard/index?field=${field}` : '/pages/wizard/index?mode=summary',
      });
    },
    /** The answers summary reads the pending case: make it this page's, whatever was opened since. */
    keepCasePending() {
      const situation = this.shownCase();
      if (situation) storage.setPending(situation);
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
    async makeChecklist() {
      const situation = this.shownCase() as Situation;
      if (this.data.creating) return;
      this.setData({ creating: true });
      try {
        const list = await api.createChecklist(situation);
        this.setData({ creating: false });
        openPage(`/pages/checklist/index?id=${list.id}`);
      } catch (error) {
        this.setData({ creating: false });
        wx.showModal({ title: '没能生成清单', content: (error as Error).message, showCancel: false });
      }
    },
    /** Back to the checklist this result was opened from (the page below, or opened again). */
    backToChecklist() {
      openPage(`/pages/checklist/index?id=${this.data.checklistId}`);
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
    /** Forwarded to family: the same case opens on their phone (without the amounts typed). */
    onShareAppMessage() {
      const situation = this.shownCase();
      if (!situation || !this.data.view) return { title: '异地就医备案助手', path: '/pages/home/index' };
      return {
        title: `异地就医怎么办：${this.data.title}`,
        path: `/pages/result/index?${caseQuery(situation)}`,
      };
    },
  },
});
