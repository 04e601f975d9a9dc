/**
 * City picker: type a name, pinyin or initials ("西安", "xian", "xa"), tap a result.
 * Emits `change` with { code, name }.
 */
import { findCities } from '../../services/cities';
import type { CityRow } from '../../services/api';

Component({
  properties: {
    value: { type: String, value: '' },
    valueName: { type: String, value: '' },
  },
  data: {
    query: '',
    results: [] as Pick<CityRow, 'code' | 'name' | 'province'>[],
    error: '',
    searched: false,
  },
  methods: {
    async onInput(e: WechatMiniprogram.Input) {
      const query = e.detail.value;
      this.setData({ query });
      await this.search(query);
    },
    async search(query: string) {
      if (!query.trim()) {
        this.setData({ results: [], searched: false, error: '' });
        return;
      }
      try {
        const found = await findCities(query, 8);
        // Only what the list shows crosses setData (name, province, code).
        this.setData({
          results: found.map(({ code, name, province }) => ({ code, name, province })),
          searched: true,
          error: '',
        });
      } catch (error) {
        this.setData({ error: (error as Error).message, results: [] });
      }
    },
    retry() {
      return this.search(this.data.query);
    },
    pick(e: WechatMiniprogram.TouchEvent) {
      const { code, name } = e.currentTarget.dataset as { code: string; name: string };
      this.setData({ query: '', results: [], searched: false });
      this.triggerEvent('change', { code, name });
    },
  },
});
