/**
 * Home: where a scanned 小程序码 (scene) or a plain QR link (q) lands, presetting the cities or a
 * hospital; recent results; one clear start button.
 */
import { largeText } from '../../behaviors/large-text';
import { cityName } from '../../services/cities';
import { storage, type RecentResult } from '../../services/storage';
import { decodeScene, sceneFromLink } from '../../shared/scene';

Component({
  behaviors: [largeText],
  data: {
    presetText: '',
    hasDraft: false,
    recent: [] as (RecentResult & { key: number })[],
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      const preset = decodeScene(options.scene) ?? sceneFromLink(options.q);
      if (preset) {
        const draft = storage.draft();
        const answers = { ...draft.answers };
        if (preset.insuredCity) answers.insuredCity = preset.insuredCity;
        if (preset.careCity) answers.careCity = preset.careCity;
        storage.saveDraft({ answers, step: 0, ...(preset.hospital ? { hospital: preset.hospital } : {}) });
        const names = await Promise.all([cityName(preset.insuredCity), cityName(preset.careCity)]).catch(
          () => ['', ''],
        );
        const parts = [
          names[0] && `参保地 ${names[0]}`,
          names[1] && `就医地 ${names[1]}`,
          preset.hospital && '医院已选好',
        ].filter(Boolean);
        this.setData({ presetText: parts.length ? `扫码已为您选好：${parts.join('，')}` : '' });
      }
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
