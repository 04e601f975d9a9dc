/**
 * City picker: type a name, pinyin, initials, a province in front or a district ("西安", "xian",
 * "xa", "辽宁鞍山", "铁东区"), tap a result. Emits `change` with { code, name } and, as the person
 * types, `typing` with { query }, so the page can take an exact name without a tap. `field` names
 * the question it answers: when it changes (参保地 → 就医地) the box starts empty again, so what was
 * typed for one city never shows under the next question.
 */
import { findCities } from '../../services/cities';
import type { CityRow } from '../../services/api';

Component({
  properties: {
    value: { type: String, value: '' },
    valueName: { type: String, value: '' },
    field: { type: String, value: '' },
  },
  observers: {
    field(field: string) {
      // Observers also run when the page re-sets the same value: only a new question clears.
      const self = this as unknown as { shownFor?: string };
      if (self.shownFor === field) return;
      self.shownFor = field;
      this.setData({ query: '', results: [], searched: false, error: '' });
    },
  },
  data: {
    query: '',
    results: [] as (Pick<CityRow, 'code' | 'name' | 'province'> & { via: string })[],
    error: '',
    searched: false,
  },
  methods: {
    async onInput(e: WechatMiniprogram.Input) {
      const query = e.detail.value;
      this.setData({ query });
      this.triggerEvent('typing', { query });
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
          results: found.map(({ code, name, province, via }) => ({ code, name, province, via: via ?? '' })),
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
