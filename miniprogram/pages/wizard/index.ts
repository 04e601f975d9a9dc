/**
 * The wizard: one question per screen in seven fixed steps, help on every question, and every
 * answer saved on the phone as it is given. A choice moves on by itself; a city moves on once it is
 * picked (or typed so that only one city fits: "鞍山市", "辽宁鞍山"). The same city twice is caught
 * at once. Each screen ignores taps for a moment after it appears (utils/tap-guard.ts), so a double
 * tap never answers the next question.
 *
 * From the result page the answers summary opens here (mode=summary, or field=… for the one answer
 * the functions refused): it edits the case that page showed (the pending situation), not whatever
 * was last typed into the wizard — that draft is left alone unless it is this very case. Any answer
 * can be changed in place and the result reopens with wx.redirectTo, so editing never grows
 * WeChat's page stack.
 */
import type { Situation } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { cityName, cityTyped } from '../../services/cities';
import { storage } from '../../services/storage';
import { COVERED_COST_MAX } from '../../shared/limits';
import { addDaysIso, chineseDate, percent, today, yuan } from '../../utils/format';
import { screenGuard, type ScreenGuard } from '../../utils/tap-guard';
import {
  choicesFor,
  cleanAnswers,
  firstUnanswered,
  isAnswered,
  questionIndexFor,
  SECTIONS,
  visibleQuestions,
  type Answers,
  type Choice,
  type Question,
  type QuestionKey,
} from '../../utils/questions';

interface ViewQuestion {
  key: QuestionKey;
  title: string;
  kind: Question['kind'];
  help: Question['help'];
  choices: (Choice & { id: string; selected: boolean })[];
  optional: boolean;
}

interface SummaryRow {
  key: QuestionKey;
  label: string;
  value: string;
}

const LEVEL_TEXT: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };

/** Answers as one comparable string, whatever order their fields were set in. */
function caseKey(answers: Answers): string {
  return JSON.stringify(Object.entries(cleanAnswers(answers)).sort(([a], [b]) => a.localeCompare(b)));
}

/** What the page keeps outside `data` (nothing the view shows). */
interface Instance {
  guard: ScreenGuard;
  /** Editing a case from the result that is not the wizard's own draft: the draft stays as it was. */
  caseOnly: boolean;
  /** The case as it was opened for editing, and the checklist it came from (result?checklist=…). */
  openedKey: string;
  openedChecklist: string;
}

function viewOf(question: Question, answers: Answers): ViewQuestion {
  const current = answers[question.key as keyof Situation];
  return {
    key: question.key,
    title: question.title(answers),
    kind: question.kind,
    help: question.help,
    optional: Boolean(question.optional),
    choices: choicesFor(question, answers).map((c) => ({
      ...c,
      id: String(c.value),
      selected: current === c.value,
    })),
  };
}

/** Quick dates for a stay that has begun: most people answer with one tap. */
function quickDays(): { label: string; date: string }[] {
  const now = today();
  return [
    { label: '今天', date: now },
    { label: '昨天', date: addDaysIso(now, -1) },
    { label: '前天', date: addDaysIso(now, -2) },
  ];
}

Component({
  behaviors: [largeText],
  data: {
    mode: 'ask' as 'ask' | 'summary' | 'sameCity',
    step: 0,
    section: 1,
    total: SECTIONS.length,
    progress: 0,
    question: null as ViewQuestion | null,
    answers: {} as Answers,
    cityNames: { insuredCity: '', careCity: '' },
    /** What was typed in the city box, so 下一步 can take "鞍山市" without a tap on the list. */
    typed: '',
    showHelp: false,
    canNext: false,
    editing: false,
    summary: [] as SummaryRow[],
    dateText: '',
    quickDays: [] as { label: string; date: string }[],
    dateStart: '',
    dateEnd: '',
    costText: '',
    ratioText: '',
    hint: '',
  },
  methods: {
    onLoad(query: { mode?: string; field?: string; checklist?: string } = {}) {
      const self = this as unknown as Instance;
      self.guard = screenGuard();
      const draft = storage.draft();
      // 修改 on a result edits the case that result showed.
      const shown = query.field || query.mode === 'summary' ? storage.pending() : null;
      const answers = cleanAnswers(shown ?? draft.answers);
      self.caseOnly =
        shown !== null && Object.keys(draft.answers).length > 0 && caseKey(draft.answers) !== caseKey(shown);
      self.openedKey = caseKey(answers);
      self.openedChecklist = query.checklist ?? '';
      this.setData({ answers, ...this.extrasText(answers) });
      this.loadCityNames();
      if (query.field) return this.edit(query.field as QuestionKey);
      if (query.mode === 'summary') return this.showSummary();
      // Resume at the first question still open (a scanned code has answered the cities already).
      const open = firstUnanswered(answers);
      this.show(open >= 0 ? open : draft.step);
    },
    /** Keeps the answers on the phone — in the draft, unless this is another case being edited. */
    persist(answers: Answers, step: number) {
      if (!(this as unknown as Instance).caseOnly) storage.saveDraft({ ...storage.draft(), answers, step });
    },
    /** A new screen is showing: taps wait a moment (the tail of a double tap is ignored). */
    screenShown() {
      (this as unknown as Instance).guard.shown();
    },
    /** Whether a tap now is meant for the screen on show. */
    tapReady(): boolean {
      return (this as unknown as Instance).guard.ready();
    },
    async loadCityNames() {
      const { insuredCity, careCity } = this.data.answers;
      const [a, b] = await Promise.all([cityName(insuredCity), cityName(careCity)]).catch(() => ['', '']);
      this.setData({ cityNames: { insuredCity: a, careCity: b } });
      if (this.data.mode === 'summary') this.setData({ summary: this.summaryRows() });
    },
    extrasText(answers: Answers) {
      return {
        costText: answers.coveredCost !== undefined ? String(answers.coveredCost) : '',
        // Shown as the person typed it: 85 for 85%.
        ratioText: answers.localRatio !== undefined ? String(Math.round(answers.localRatio * 1000) / 10) : '',
      };
    },
    show(step: number) {
      const questions = visibleQuestions(this.data.answers);
      const index = Math.max(0, Math.min(step, questions.length - 1));
      const question = questions[index];
      const afterCare = question.kind === 'date';
      const now = today();
      this.setData({
        mode: 'ask',
        step: index,
        section: question.section,
        progress: Math.round((question.section / SECTIONS.length) * 100),
        question: viewOf(question, this.data.answers),
        canNext: isAnswered(question, this.data.answers),
        showHelp: false,
        hint: '',
        typed: '',
        dateText: chineseDate(this.data.answers.treatmentDate),
        quickDays: afterCare ? quickDays() : [],
        // A stay that has begun lies in the past; a planned one ahead.
        dateStart: afterCare ? addDaysIso(now, -730) : now,
        dateEnd: afterCare ? now : addDaysIso(now, 365),
      });
      this.screenShown();
      this.persist(this.data.answers, index);
    },
    answer(key: keyof Situation, value: unknown) {
      const raw = { ...this.data.answers, [key]: value } as Answers;
      if (value === '' || value === undefined) delete raw[key];
      const answers = cleanAnswers(raw);
      this.setData({ answers });
      this.persist(answers, this.data.step);
    },
    /** After an answer: the next question, or — when editing from the summary — back to it. */
    advance() {
      const answers = this.data.answers;
      if (this.data.editing) {
        // A changed answer may open a question that was not asked before (退休? 病种?).
        const open = firstUnanswered(answers);
        return open >= 0 ? this.show(open) : this.showSummary();
      }
      const questions = visibleQuestions(answers);
      if (this.data.step >= questions.length - 1) return this.finish();
      this.show(this.data.step + 1);
    },
    choose(e: WechatMiniprogram.TouchEvent) {
      if (!this.tapReady()) return;
      const { id } = e.currentTarget.dataset as { id: string };
      const question = visibleQuestions(this.data.answers)[this.data.step];
      const choice = choicesFor(question, this.data.answers).find((c) => String(c.value) === id);
      if (!choice || this.data.mode !== 'ask') return;
      this.answer(question.key as keyof Situation, choice.value);
      this.advance();
    },
    onCity(e: WechatMiniprogram.CustomEvent<{ code: string; name: string }>) {
      if (!this.tapReady()) return;
      this.takeCity(e.detail.code, e.detail.name);
    },
    takeCity(code: string, name: string) {
      const key = this.data.question!.key as 'insuredCity' | 'careCity';
      this.answer(key, code);
      this.setData({ [`cityNames.${key}`]: name });
      const { insuredCity, careCity } = this.data.answers;
      if (insuredCity && insuredCity === careCity) {
        this.setData({ mode: 'sameCity', hint: '' });
        this.screenShown();
        return;
      }
      this.advance();
    },
    onTyped(e: WechatMiniprogram.CustomEvent<{ query: string }>) {
      this.setData({ typed: e.detail.query, hint: '' });
    },
    async next() {
      const question = this.data.question;
      if (!question || this.data.mode !== 'ask' || !this.tapReady()) return;
      const typed = this.data.typed.trim();
      // A typed name counts even over an earlier answer: that is the city the person means now.
      if (question.kind === 'city' && (typed || !this.data.canNext)) {
        const city = typed ? await cityTyped(typed).catch(() => null) : null;
        if (city) return this.takeCity(city.code, city.name);
        this.setData({
          hint: typed ? `没有找到“${typed}”，请从下面的列表里点选一个城市` : '请先输入并点选一个城市',
        });
        return;
      }
      if (!this.data.canNext) {
        this.setData({ hint: question.kind === 'date' ? '请选择日期' : '请先选择一项' });
        return;
      }
      this.advance();
    },
    pickDay(e: WechatMiniprogram.TouchEvent) {
      if (!this.tapReady()) return;
      this.takeDate(String(e.currentTarget.dataset.date));
    },
    onDate(e: WechatMiniprogram.PickerChange) {
      this.takeDate(String(e.detail.value));
    },
    takeDate(date: string) {
      this.answer('treatmentDate', date);
      this.setData({ dateText: chineseDate(date) });
      if (this.data.question?.kind === 'date') this.advance();
    },
    clearDate() {
      if (!this.tapReady()) return;
      this.answer('treatmentDate', undefined);
      this.setData({ dateText: '' });
    },
    onExtra(e: WechatMiniprogram.Input) {
      const { field } = e.currentTarget.dataset as { field: 'coveredCost' | 'localRatio' };
      const text = String(e.detail.value).trim();
      this.setData({ [field === 'coveredCost' ? 'costText' : 'ratioText']: text });
      const number = Number(text);
      if (!text) return this.answer(field, undefined);
      if (!Number.isFinite(number) || number < 0) return this.setData({ hint: '请填写数字' });
      if (field === 'coveredCost' && number > COVERED_COST_MAX)
        return this.setData({ hint: `费用太大了，请填 ${COVERED_COST_MAX / 100_000_000} 亿元以内的数` });
      if (field === 'localRatio' && number > 100)
        return this.setData({ hint: '报销比例请填 0 到 100 之间的数，比如 85' });
      // People write ratios as percentages: 85 means 85%.
      this.answer(field, field === 'localRatio' ? number / 100 : number);
      this.setData({ hint: '' });
    },
    chooseLevel(e: WechatMiniprogram.TouchEvent) {
      if (!this.tapReady()) return;
      const level = Number(e.currentTarget.dataset.level);
      this.answer('hospitalLevel', level === 0 ? undefined : level);
    },
    toggleHelp() {
      if (!this.tapReady()) return;
      this.setData({ showHelp: !this.data.showHelp });
    },
    back() {
      if (!this.tapReady()) return;
      if (this.data.mode === 'sameCity') return this.changeCareCity();
      if (this.data.editing) return this.showSummary();
      if (this.data.step === 0) {
        wx.navigateBack({ fail: () => wx.reLaunch({ url: '/pages/home/index' }) });
        return;
      }
      this.show(this.data.step - 1);
    },
    changeCareCity() {
      if (!this.tapReady()) return;
      this.answer('careCity', undefined);
      this.setData({ 'cityNames.careCity': '' });
      this.show(visibleQuestions(this.data.answers).findIndex((q) => q.key === 'careCity'));
    },
    goHome() {
      if (!this.tapReady()) return;
      wx.reLaunch({ url: '/pages/home/index' });
    },
    summaryRows(): SummaryRow[] {
      const a = this.data.answers;
      const rows: SummaryRow[] = [];
      for (const q of visibleQuestions(a)) {
        if (q.key === 'extras') {
          const parts = [
            a.treatmentDate && a.stage === 'planning' ? `${chineseDate(a.treatmentDate)}去看病` : '',
            a.hospitalLevel ? `${LEVEL_TEXT[a.hospitalLevel]}医院` : '',
            a.coveredCost !== undefined ? `费用 ${yuan(a.coveredCost)}` : '',
            a.localRatio !== undefined ? `本地报销 ${percent(a.localRatio)}` : '',
          ].filter(Boolean);
          rows.push({ key: 'extras', label: q.label(a), value: parts.join('，') || '没有填' });
          continue;
        }
        const value = a[q.key as keyof Situation];
        const text =
          q.kind === 'city'
            ? this.data.cityNames[q.key as 'insuredCity' | 'careCity'] ||
              (value ? '（城市名暂时读不出来）' : '')
            : q.kind === 'date'
              ? chineseDate(value as string)
              : (choicesFor(q, a).find((c) => c.value === value)?.label ?? '');
        rows.push({ key: q.key, label: q.label(a), value: text || '还没填' });
      }
      return rows;
    },
    showSummary() {
      this.setData({ mode: 'summary', editing: true, summary: this.summaryRows(), hint: '', question: null });
      this.screenShown();
    },
    edit(key: QuestionKey) {
      const index = questionIndexFor(key, this.data.answers);
      this.setData({ editing: true });
      this.show(index >= 0 ? index : 0);
    },
    editRow(e: WechatMiniprogram.TouchEvent) {
      if (!this.tapReady()) return;
      this.edit(e.currentTarget.dataset.key as QuestionKey);
    },
    /** 查看结果 on the summary. */
    seeResult() {
      if (this.tapReady()) this.finish();
    },
    finish() {
      const open = firstUnanswered(this.data.answers);
      if (open >= 0) return this.show(open);
      storage.setPending({ ...this.data.answers } as Situation);
      // Unchanged, a case opened from a checklist still belongs to it (回到这份清单, not a second one).
      const self = this as unknown as Instance;
      const unchanged = self.openedChecklist && caseKey(this.data.answers) === self.openedKey;
      // Replace this page with the result: a round of 修改 → 查看结果 never adds a page.
      wx.redirectTo({
        url: unchanged ? `/pages/result/index?checklist=${self.openedChecklist}` : '/pages/result/index',
      });
    },
  },
});
