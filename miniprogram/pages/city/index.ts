/**
 * One city's sourced rules in force today: each in plain words, with since when (or that the date
 * is not stated), the source's own sentence on tap (原文), copies marked 转载, and rules a newer
 * provincial one probably replaced, or whose sentence is no longer on its page, marked 待核实; each
 * says when its sentences were last found on their pages (原文核对于) or that they could not be read
 * lately (原文近期无法核对). A city with nothing of its own says what the answers then rest on, and
 * offers to start a question from it.
 */
import { largeText } from '../../behaviors/large-text';
import { api, type CityRow } from '../../services/api';
import { allCities } from '../../services/cities';
import { openPage } from '../../services/nav';
import { storage } from '../../services/storage';
import { ruleCheckText, ruleSince, ruleText, type PlaceName } from '../../utils/rule-text';
import { yearMonth } from '../../utils/format';
import { lastCheckedText, sourceView } from '../../utils/verdict-view';

/** Names for the places rules mention (去湖北省看病): a city by its code, a province by any of its cities. */
function placeNames(cities: CityRow[]): PlaceName {
  const byCode = new Map(cities.map((c) => [c.code, c.name]));
  return (code) =>
    byCode.get(code) ??
    (code.endsWith('0000') ? cities.find((c) => c.code.startsWith(code.slice(0, 2)))?.province : undefined) ??
    code;
}

interface RuleView {
  key: string;
  title: string;
  lines: string[];
  since: string;
  fromProvince: boolean;
  superseded: string;
  /** The source watch no longer finds its sentence: 待核实. */
  quoteGone: string;
  /** 原文核对于… / 原文近期无法核对 / 人工查阅于… */
  checked: string;
  checkFailed: boolean;
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
      checked: string;
      url: string;
    }[],
    /** When the sources shown were last checked. */
    checkedText: '',
  },
  methods: {
    onLoad(query: { code?: string }) {
      return this.load(query.code ?? this.data.code);
    },
    async load(code: string) {
      this.setData({ loading: true, error: '', cityCode: code });
      try {
        const [detail, cities] = await Promise.all([
          api.cityDetail(code),
          allCities().catch(() => [] as CityRow[]),
        ]);
        const place = placeNames(cities);
        this.setData({
          loading: false,
          name: detail.place.name,
          province: detail.place.province,
          hasOwnRules: detail.hasOwnRules,
          rules: detail.rules.map((r, i) => ({
            key: `${r.param}-${i}`,
            ...ruleText(r, place),
            since: ruleSince(r),
            fromProvince: r.layer === 'province',
            superseded: r.supersededBy
              ? `可能已被${r.supersededBy.document}（${yearMonth(r.supersededBy.from)}起）取代，查询时不按这条计算，请向参保地核实`
              : '',
            quoteGone: r.quoteGone
              ? '待核实：这条规定的原文在网页上已经找不到，可能已经修改，查询时不按这条计算，请向参保地核实'
              : '',
            checked: ruleCheckText(r.check),
            checkFailed: r.check.state === 'failed',
            quotes: r.quotes.map((q) => q.text),
          })),
          sources: detail.sources.map(sourceView),
          checkedText: lastCheckedText(detail.sources),
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
    /**
     * Start a question with this city as the 参保地: a fresh start, nothing else carried over. Answers
     * half given for another 参保地 are replaced only once the person says so.
     */
    askAbout() {
      const start = () => {
        storage.saveDraft({ answers: { insuredCity: this.data.cityCode }, step: 0 });
        openPage('/pages/wizard/index');
      };
      const { answers } = storage.draft();
      const started = Object.keys(answers).some((k) => k !== 'insuredCity' && k !== 'careCity');
      if (!started || answers.insuredCity === this.data.cityCode) return start();
      wx.showModal({
        title: '重新开始填写？',
        content: `上次填到一半的答案会被换掉，参保地改为${this.data.name}。`,
        confirmText: '重新开始',
        cancelText: '不了',
        success: (res) => {
          if (res.confirm) start();
        },
      });
    },
    goHome() {
      wx.reLaunch({ url: '/pages/home/index' });
    },
    /** Forwarded, it opens this city's page. */
    onShareAppMessage() {
      const { name, cityCode } = this.data;
      return {
        title: name ? `${name}的异地就医规定` : '各城市的异地就医规定',
        path: `/pages/city/index?code=${cityCode}`,
      };
    },
  },
});
