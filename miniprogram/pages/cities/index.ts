/** Search any city by name, pinyin or initials and open its sourced rules. */
import { largeText } from '../../behaviors/large-text';
import { findCities } from '../../services/cities';
import { openPage } from '../../services/nav';

Component({
  behaviors: [largeText],
  data: {
    query: '',
    results: [] as { code: string; name: string; province: string }[],
    error: '',
    searched: false,
  },
  methods: {
    async onInput(e: WechatMiniprogram.Input) {
      this.setData({ query: e.detail.value });
      await this.search();
    },
    async search() {
      const query = this.data.query;
      if (!query.trim()) return this.setData({ results: [], searched: false, error: '' });
      try {
        const found = await findCities(query, 20);
        this.setData({
          results: found.map(({ code, name, province }) => ({ code, name, province })),
          searched: true,
          error: '',
        });
      } catch (error) {
        this.setData({ error: (error as Error).message });
      }
    },
    open(e: WechatMiniprogram.TouchEvent) {
      openPage(`/pages/city/index?code=${e.currentTarget.dataset.code}`);
    },
  },
});
