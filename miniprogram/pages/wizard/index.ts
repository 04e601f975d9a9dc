/**
 * The wizard: one question per screen, a progress bar, back and forward, help on every question.
 * Every answer is saved on the phone as it is given, so leaving and coming back loses nothing.
 */
import type { Situation } from '../../../typings/contract';
import { largeText } from '../../behaviors/large-text';
import { cityName } from '../../services/cities';
import { storage } from '../../services/storage';
import { today } from '../../utils/format';
import {
  cleanAnswers,
  isAnswered,
  visibleQuestions,
  type Answers,
  type Choice,
  type Question,
} from '../../utils/questions';

interface ViewQuestion {
  key: string;
  title: string;
  kind: Question['kind'];
  help: Question['help'];
  choices: (Choice & { id: string; selected: boolean })[];
  optional: boolean;
}

function viewOf(question: Question, answers: Answers): ViewQuestion {
  const current = answers[question.key as keyof Situation];
  return {
    key: question.key,
    title: question.title,
    kind: question.kind,
    help: question.help,
    optional: Boolean(question.optional),
    choices: (question.choices ?? []).map((c) => ({
      ...c,
      id: String(c.value),
      selected: current === c.value,
    })),
  };
}

Component({
  behaviors: [largeText],
  data: {
    step: 0,
    total: 1,
    progress: 0,
    question: null as ViewQuestion | null,
    answers: {} as Answers,
    cityNames: { insuredCity: '', careCity: '' },
    showHelp: false,
    canNext: false,
    isLast: false,
    today: '',
    hint: '',
  },
  methods: {
    onLoad() {
      const draft = storage.draft();
      this.setData({ answers: draft.answers, today: today() });
      this.show(Math.min(draft.step, visibleQuestions(draft.answers).length - 1));
      this.loadCityNames();
    },
    async loadCityNames() {
      const { insuredCity, careCity } = this.data.answers;
      const [a, b] = await Promise.all([cityName(insuredCity), cityName(careCity)]).catch(() => ['', '']);
      this.setData({ cityNames: { insuredCity: a, careCity: b } });
    },
    show(step: number) {
      const questions = visibleQuestions(this.data.answers);
      const index = Math.max(0, Math.min(step, questions.length - 1));
      const question = questions[index];
      this.setData({
        step: index,
        total: questions.length,
        progress: Math.round(((index + 1) / questions.length) * 100),
        question: viewOf(question, this.data.answers),
        canNext: isAnswered(question, this.data.answers),
        isLast: index === questions.length - 1,
        showHelp: false,
        hint: '',
      });
      storage.saveDraft({ ...storage.draft(), answers: this.data.answers, step: index });
    },
    answer(key: keyof Situation, value: unknown) {
      const answers = cleanAnswers({ ...this.data.answers, [key]: value } as Answers);
      if (value === '' || value === undefined) delete answers[key];
      this.setData({ answers });
      storage.saveDraft({ ...storage.draft(), answers, step: this.data.step });
    },
    choose(e: WechatMiniprogram.TouchEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      const question = visibleQuestions(this.data.answers)[this.data.step];
      const choice = question.choices?.find((c) => String(c.value) === id);
      if (!choice) return;
      this.answer(question.key as keyof Situation, choice.value);
      this.show(this.data.step);
    },
    onCity(e: WechatMiniprogram.CustomEvent<{ code: string; name: string }>) {
      const key = this.data.question!.key as 'insuredCity' | 'careCity';
      this.answer(key, e.detail.code);
      this.setData({ [`cityNames.${key}`]: e.detail.name });
      this.show(this.data.step);
    },
    onDate(e: WechatMiniprogram.PickerChange) {
      this.answer('treatmentDate', String(e.detail.value));
      this.show(this.data.step);
    },
    onExtra(e: WechatMiniprogram.Input) {
      const { field } = e.currentTarget.dataset as { field: 'coveredCost' | 'localRatio' };
      const text = String(e.detail.value).trim();
      const number = Number(text);
      if (!text) return this.answer(field, undefined);
      if (!Number.isFinite(number) || number < 0) return this.setData({ hint: '请填写数字' });
      // People write ratios as percentages: 85 means 85%.
      this.answer(field, field === 'localRatio' ? Math.min(number, 100) / 100 : number);
      this.setData({ hint: '' });
    },
    chooseLevel(e: WechatMiniprogram.TouchEvent) {
      const level = Number(e.currentTarget.dataset.level);
      this.answer('hospitalLevel', level === 0 ? undefined : level);
      this.setData({ hint: '' });
    },
    toggleHelp() {
      this.setData({ showHelp: !this.data.showHelp });
    },
    back() {
      if (this.data.step === 0) wx.navigateBack();
      else this.show(this.data.step - 1);
    },
    next() {
      if (!this.data.canNext) {
        this.setData({ hint: '请先选择一项' });
        return;
      }
      if (!this.data.isLast) return this.show(this.data.step + 1);
      const situation = { ...this.data.answers } as Situation;
      storage.setPending(situation);
      wx.navigateTo({ url: '/pages/result/index' });
    },
  },
});
