/**
 * Home: where a scanned 小程序码 (scene) or a plain QR link (q) lands, presetting the cities. A scan
 * never silently replaces — or silently resumes — someone's half-done answers: it asks which to keep.
 * A code that is not ours, names no known city, or names the same city twice is refused here, with
 * a message, not at the end. 我的清单 (with how many there are) sits right under the start button,
 * above the recent results, each of which says what it was about.
 */
import { largeText } from '../../behaviors/large-text';
import { api } from '../../services/api';
import { allCities } from '../../services/cities';
import { openPage } from '../../services/nav';
import { storage, type Draft, type RecentResult } from '../../services/storage';
import { CARE_TYPE_LABELS, REASON_LABELS, STAGE_LABELS_BY_CARE } from '../../shared/labels';
import { decodeScene, sceneFromLink, type ScenePreset } from '../../shared/scene';
import { chineseDate } from '../../utils/format';

const BAD_CODE = '这个二维码没有认出来（可能不是本小程序的码，或已过期）。';
const SAME_CITY_CODE =
  '这个码的参保地和就医地是同一个城市，不能用来查异地就医，请向给您码的医保办或社区核对。';

/** What a recent result was about, so two for the same cities can be told apart. */
function recentDetail(entry: RecentResult): string {
  const s = entry.situation;
  const stage = STAGE_LABELS_BY_CARE[s.careType]?.[s.stage]?.split('，')[0];
  return [REASON_LABELS[s.reason], CARE_TYPE_LABELS[s.careType], stage].filter(Boolean).join(' · ');
}

Component({
  behaviors: [largeText],
  data: {
    presetText: '',
    scanError: '',
    /**
     * A scan met answers someone had begun: which to keep. `same`: the code names the cities the
     * answers already have (a rescan), so only whether to go on or start again is asked.
     */
    conflict: null as { draft: string; scanned: string; same: boolean } | null,
    /** The cities a scan brought, until the person chooses. */
    scanned: null as ScenePreset | null,
    hasDraft: false,
    /** How many checklists 我的清单 holds ('' when none or not known; "20+" past one page). */
    listCount: '',
    recent: [] as (RecentResult & { key: number; detail: string; when: string })[],
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
      if (preset.insuredCity && preset.insuredCity === preset.careCity) {
        this.setData({ scanError: SAME_CITY_CODE });
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
      if (started) {
        this.setData({
          conflict: { draft: describe(draft.answers), scanned: describe(preset), same: !differs },
        });
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
    /** Keep the scanned cities: a new start, so the earlier answers are not mixed in. */
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
      return this.countLists();
    },
    refresh() {
      const draft = storage.draft();
      this.setData({
        hasDraft: Object.keys(draft.answers).length > 0 && !this.data.presetText,
        recent: storage.recent().map((r, key) => ({
          ...r,
          key,
          detail: recentDetail(r),
          when: chineseDate(r.at).slice(5),
        })),
      });
    },
    /** 我的清单's count; without a network it is simply not shown. */
    async countLists() {
      try {
        const page = await api.listChecklists();
        const count = page.next ? `${page.lists.length}+` : String(page.lists.length || '');
        this.setData({ listCount: count });
      } catch {
        this.setData({ listCount: '' });
      }
    },
    start() {
      openPage('/pages/wizard/index');
    },
    restart() {
      storage.clearDraft();
      this.setData({ hasDraft: false, presetText: '' });
      openPage('/pages/wizard/index');
    },
    openRecent(e: WechatMiniprogram.TouchEvent) {
      const entry = this.data.recent[Number(e.currentTarget.dataset.key)];
      if (!entry) return;
      storage.setPending(entry.situation);
      openPage(
        entry.checklistId ? `/pages/result/index?checklist=${entry.checklistId}` : '/pages/result/index',
      );
    },
    toggleLarge() {
      const largeNow = !this.data.large;
      storage.saveSettings({ ...storage.settings(), largeText: largeNow });
      this.setData({ large: largeNow });
    },
    openLists() {
      openPage('/pages/lists/index');
    },
    openCities() {
      openPage('/pages/cities/index');
    },
    openAbout() {
      openPage('/pages/about/index');
    },
    onShareAppMessage() {
      return { title: '到外地看病，医保怎么用？几步查清要不要备案、怎么办', path: '/pages/home/index' };
    },
  },
});
