/**
 * One city's sourced rules in force today: each in plain words, with since when (or that the date
 * is not stated), the source's own sentence on tap (原文), copies marked 转载, and rules a newer
 * provincial one probably replaced marked 待核实. A city with nothing of its own says what the
 * answers then rest on, and offers to start a question from it.
 */
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { storage } from '../../services/storage';
import { PARAM_LABELS, ruleLines, ruleSince } from '../../utils/rule-text';

interface RuleView {
  key: string;
  title: string;
  lines: string[];
  since: string;
  fromProvince: boolean;
  superseded: string;
  quotes: string[];
}

Component({
  behaviors: [largeText],
  properties: { code: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    cityCode: '',
    name: '',
    province: '',
    hasOwnRules: false,
    rules: [] as RuleView[],
    openRule: '',
    sources: [] as {
      id: string;
      title: string;
      authority: string;
      kind: string;
      verifiedAt: string;
      url: string;
    }[],
    version: '',
  },
  methods: {
    onLoad(query: { code?: string }) {
      return this.load(query.code ?? this.data.code);
    },
    async load(code: string) {
      this.setData({ loading: true, error: '', cityCode: code });
      try {
        const detail = await api.cityDetail(code);
        this.setData({
          loading: false,
          name: detail.place.name,
          province: detail.place.province,
          hasOwnRules: detail.hasOwnRules,
          rules: detail.rules.map((r, i) => ({
            key: `${r.param}-${i}`,
            title: PARAM_LABELS[r.param] ?? r.param,
            lines: ruleLines(r),
            since: ruleSince(r),
            fromProvince: r.layer === 'province',
            superseded: r.supersededBy
              ? `可能已被${r.supersededBy.document}（${r.supersededBy.from.slice(0, 4)}年${Number(r.supersededBy.from.slice(5, 7))}月起）取代，查询时不按这条计算，请向参保地核实`
              : '',
            quotes: r.quotes.map((q) => q.text),
          })),
          sources: detail.sources.map(({ id, title, authority, grade, copy, verifiedAt, url }) => ({
            id,
            title,
            authority,
            kind: copy ? '转载' : grade === 'A' ? '官方网页' : '媒体或机构转述',
            verifiedAt,
            url,
          })),
          version: detail.dataVersion,
        });
      } catch (error) {
        this.setData({ loading: false, error: (error as Error).message });
      }
    },
    retry() {
      return this.load(this.data.cityCode);
    },
    toggleRule(e: WechatMiniprogram.TouchEvent) {
      const key = String(e.currentTarget.dataset.key);
      this.setData({ openRule: this.data.openRule === key ? '' : key });
    },
    copy(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.url) });
    },
    /** Start a question with this city as the 参保地: a fresh start, nothing else carried over. */
    askAbout() {
      storage.saveDraft({ answers: { insuredCity: this.data.cityCode }, step: 0 });
      wx.navigateTo({ url: '/pages/wizard/index' });
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
  },
});
