/**
 * The wizard: one question per screen in seven fixed steps, help on every question, and every
 * answer saved on the phone as it is given. A choice moves on by itself; a city moves on once it is
 * picked (or typed exactly: "鞍山市"). The same city twice is caught at once. From the result page
 * the answers summary opens here (mode=summary): any answer can be changed in place and the result
 * reopens with wx.redirectTo, so editing never grows WeChat's page stack.
 */
import type { Situation } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { cityName, cityTyped } from '../../services/cities';
import { storage } from '../../services/storage';
import { COVERED_COST_MAX } from '../../shared/limits';
import { addDaysIso, chineseDate, percent, today, yuan } from '../../utils/format';
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
    onLoad(query: { mode?: string; field?: string } = {}) {
      const draft = storage.draft();
      const answers = cleanAnswers(draft.answers);
      this.setData({ answers, ...this.extrasText(answers) });
      this.loadCityNames();
      if (query.field) return this.edit(query.field as QuestionKey);
      if (query.mode === 'summary') return this.showSummary();
      // Resume at the first question still open (a scanned code has answered the cities already).
      const open = firstUnanswered(answers);
      this.show(open >= 0 ? open : draft.step);
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
      storage.saveDraft({ ...storage.draft(), answers: this.data.answers, step: index });
    },
    answer(key: keyof Situation, value: unknown) {
      const raw = { ...this.data.answers, [key]: value } as Answers;
      if (value === '' || value === undefined) delete raw[key];
      const answers = cleanAnswers(raw);
      this.setData({ answers });
      storage.saveDraft({ ...storage.draft(), answers, step: this.data.step });
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
      const { id } = e.currentTarget.dataset as { id: string };
      const question = visibleQuestions(this.data.answers)[this.data.step];
      const choice = choicesFor(question, this.data.answers).find((c) => String(c.value) === id);
      if (!choice || this.data.mode !== 'ask') return;
      this.answer(question.key as keyof Situation, choice.value);
      this.advance();
    },
    onCity(e: WechatMiniprogram.CustomEvent<{ code: string; name: string }>) {
      this.takeCity(e.detail.code, e.detail.name);
    },
    takeCity(code: string, name: string) {
      const key = this.data.question!.key as 'insuredCity' | 'careCity';
      this.answer(key, code);
      this.setData({ [`cityNames.${key}`]: name });
      const { insuredCity, careCity } = this.data.answers;
      if (insuredCity && insuredCity === careCity) {
        this.setData({ mode: 'sameCity', hint: '' });
        return;
      }
      this.advance();
    },
    onTyped(e: WechatMiniprogram.CustomEvent<{ query: string }>) {
      this.setData({ typed: e.detail.query, hint: '' });
    },
    async next() {
      const question = this.data.question;
      if (!question || this.data.mode !== 'ask') return;
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
      const level = Number(e.currentTarget.dataset.level);
      this.answer('hospitalLevel', level === 0 ? undefined : level);
    },
    toggleHelp() {
      this.setData({ showHelp: !this.data.showHelp });
    },
    back() {
      if (this.data.mode === 'sameCity') return this.changeCareCity();
      if (this.data.editing) return this.showSummary();
      if (this.data.step === 0) {
        wx.navigateBack({ fail: () => wx.reLaunch({ url: '/pages/home/index' }) });
        return;
      }
      this.show(this.data.step - 1);
    },
    changeCareCity() {
      this.answer('careCity', undefined);
      this.setData({ 'cityNames.careCity': '' });
      this.show(visibleQuestions(this.data.answers).findIndex((q) => q.key === 'careCity'));
    },
    goHome() {
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
          rows.push({ key: 'extras', label: SECTIONS[6], value: parts.join('，') || '没有填' });
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
        rows.push({ key: q.key, label: q.title(a).replace(/（.*?）|？.*$/g, '？'), value: text || '还没填' });
      }
      return rows;
    },
    showSummary() {
      this.setData({ mode: 'summary', editing: true, summary: this.summaryRows(), hint: '', question: null });
    },
    edit(key: QuestionKey) {
      const index = questionIndexFor(key, this.data.answers);
      this.setData({ editing: true });
      this.show(index >= 0 ? index : 0);
    },
    editRow(e: WechatMiniprogram.TouchEvent) {
      this.edit(e.currentTarget.dataset.key as QuestionKey);
    },
    finish() {
      const open = firstUnanswered(this.data.answers);
      if (open >= 0) return this.show(open);
      storage.setPending({ ...this.data.answers } as Situation);
      // Replace this page with the result: a round of 修改 → 查看结果 never adds a page.
      wx.redirectTo({ url: '/pages/result/index' });
    },
  },
});
