/** One city's sourced rules in force today, with their sources, or a plain statement that none are on file. */
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { PARAM_LABELS, ruleLines } from '../../utils/rule-text';

Component({
  behaviors: [largeText],
  properties: { code: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    name: '',
    province: '',
    hasOwnRules: false,
    rules: [] as { key: string; title: string; lines: string[]; from: string; fromProvince: boolean }[],
    sources: [] as {
      id: string;
      title: string;
      authority: string;
      grade: string;
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
      this.setData({ loading: true, error: '' });
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
            from: r.from,
            fromProvince: r.layer === 'province',
          })),
          sources: detail.sources.map(({ id, title, authority, grade, verifiedAt, url }) => ({
            id,
            title,
            authority,
            grade,
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
      return this.load(this.data.code);
    },
    copy(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.url) });
    },
  },
});
