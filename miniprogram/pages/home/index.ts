/**
 * Home: where a scanned 小程序码 (scene) or a plain QR link (q) lands, presetting the cities. A scan
 * never silently replaces someone's half-done answers for other cities: it asks which to keep. A code
 * that is not ours, or names no known city, is refused here, with a message, not at the end.
 */
import { largeText } from '../../behaviors/large-text';
import { allCities } from '../../services/cities';
import { storage, type Draft, type RecentResult } from '../../services/storage';
import { decodeScene, sceneFromLink, type ScenePreset } from '../../shared/scene';

const BAD_CODE = '这个二维码没有认出来（可能不是本小程序的码，或已过期）。您可以直接点“开始”自己填写。';

Component({
  behaviors: [largeText],
  data: {
    presetText: '',
    scanError: '',
    /** A scan met a saved draft for other cities: which to keep. */
    conflict: null as { draft: string; scanned: string } | null,
    /** The cities a scan brought, until the person chooses. */
    scanned: null as ScenePreset | null,
    hasDraft: false,
    recent: [] as (RecentResult & { key: number })[],
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      if (options.scene || options.q) await this.takeScan(options);
      this.refresh();
    },
    async takeScan(options: Record<string, string | undefined>) {
      const preset = decodeScene(options.scene) ?? sceneFromLink(options.q);
      const names = new Map((await allCities().catch(() => [])).map((c) => [c.code, c.name]));
      const cities = preset ? [preset.insuredCity, preset.careCity].filter(Boolean) : [];
      if (!preset || !cities.length || cities.some((code) => names.size && !names.has(code!))) {
        this.setData({ scanError: BAD_CODE });
        return;
      }
      // Without the city list (no network on a first start) the names are unknown, and said so.
      const name = (code: string) => names.get(code) ?? '（城市名暂时读不出来）';
      const describe = (p: { insuredCity?: string; careCity?: string }) =>
        [p.insuredCity && `参保地 ${name(p.insuredCity)}`, p.careCity && `就医地 ${name(p.careCity)}`]
          .filter(Boolean)
          .join('，');
      const scanned: ScenePreset = {};
      if (preset.insuredCity) scanned.insuredCity = preset.insuredCity;
      if (preset.careCity) scanned.careCity = preset.careCity;
      this.setData({ scanned });
      const draft = storage.draft();
      const differs = (['insuredCity', 'careCity'] as const).some(
        (k) => preset[k] && draft.answers[k] && draft.answers[k] !== preset[k],
      );
      const started = Object.keys(draft.answers).some((k) => k !== 'insuredCity' && k !== 'careCity');
      if (differs && started) {
        this.setData({ conflict: { draft: describe(draft.answers), scanned: describe(preset) } });
        return;
      }
      this.applyPreset(preset, draft);
      this.setData({ presetText: `扫码已为您选好：${describe(preset)}` });
    },
    applyPreset(preset: ScenePreset, draft: Draft) {
      const answers = { ...draft.answers };
      if (preset.insuredCity) answers.insuredCity = preset.insuredCity;
      if (preset.careCity) answers.careCity = preset.careCity;
      storage.saveDraft({ answers, step: 0 });
    },
    /** Keep the scanned cities: a new start, so the other person's answers are not mixed in. */
    useScan() {
      if (!this.data.scanned) return;
      this.applyPreset(this.data.scanned, { answers: {}, step: 0 });
      const scanned = this.data.conflict?.scanned ?? '';
      this.setData({ conflict: null, presetText: `扫码已为您选好：${scanned}` });
      this.refresh();
    },
    keepDraft() {
      this.setData({ conflict: null });
      this.refresh();
    },
    onShow() {
      this.refresh();
    },
    refresh() {
      const draft = storage.draft();
      this.setData({
        hasDraft: Object.keys(draft.answers).length > 0 && !this.data.presetText,
        recent: storage.recent().map((r, key) => ({ ...r, key })),
      });
    },
    start() {
      wx.navigateTo({ url: '/pages/wizard/index' });
    },
    restart() {
      storage.clearDraft();
      this.setData({ hasDraft: false, presetText: '' });
      wx.navigateTo({ url: '/pages/wizard/index' });
    },
    openRecent(e: WechatMiniprogram.TouchEvent) {
      const entry = this.data.recent[Number(e.currentTarget.dataset.key)];
      if (!entry) return;
      storage.setPending(entry.situation);
      wx.navigateTo({ url: '/pages/result/index' });
    },
    toggleLarge() {
      const largeNow = !this.data.large;
      storage.saveSettings({ ...storage.settings(), largeText: largeNow });
      this.setData({ large: largeNow });
    },
    openCities() {
      wx.navigateTo({ url: '/pages/cities/index' });
    },
    openAbout() {
      wx.navigateTo({ url: '/pages/about/index' });
    },
  },
});
