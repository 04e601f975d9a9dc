/**
 * The wizard's questions, one per screen, in plain words with help for each. A question is shown
 * only when it applies to the answers so far (retired only for 职工, the disease only for 门诊慢特病).
 */
import type { Situation } from '../../typings/contract';
import {
  CARE_TYPE_LABELS,
  CHRONIC_LABELS,
  REASON_LABELS,
  SCHEME_LABELS,
  STAGE_LABELS,
} from '../shared/labels';

export type Answers = Partial<Situation>;
export type QuestionKind = 'city' | 'choice' | 'date' | 'extras';

export interface Choice {
  value: string | number | boolean;
  label: string;
  desc?: string;
}

export interface Question {
  key: keyof Situation | 'extras';
  title: string;
  kind: QuestionKind;
  help: { q: string; a: string };
  choices?: Choice[];
  optional?: boolean;
  applies?: (answers: Answers) => boolean;
}

/** One choice per label, in the labels' order, with an optional plain-words description each. */
function choicesOf<K extends string>(labels: Record<K, string>, descs?: Record<K, string>): Choice[] {
  return (Object.keys(labels) as K[]).map((value) => ({
    value,
    label: labels[value],
    ...(descs ? { desc: descs[value] } : {}),
  }));
}

const LONG_TERM = ['retiree_relocation', 'long_term_residence', 'work_posting'];

export const QUESTIONS: Question[] = [
  {
    key: 'insuredCity',
    title: '您在哪个城市参加医保？（参保地）',
    kind: 'city',
    help: { q: '什么是参保地？', a: '就是您交医保、拿医保卡的城市，一般是单位或户口所在的城市。' },
  },
  {
    key: 'careCity',
    title: '您要在哪个城市看病？（就医地）',
    kind: 'city',
    help: { q: '要选到哪一级？', a: '选到具体的城市，比如“西安市”，不要只选省。备案时也一样。' },
  },
  {
    key: 'scheme',
    title: '您参加的是哪种医保？',
    kind: 'choice',
    choices: choicesOf(SCHEME_LABELS, {
      employee: '上班时单位给交的，或退休前在单位交的',
      resident: '自己按年交的，也叫“新农合”“城镇居民医保”',
    }),
    help: { q: '分不清是哪种？', a: '看医保卡或医保电子凭证上的“参保类型”，或者问一下单位、社区。' },
  },
  {
    key: 'retired',
    title: '您退休了吗？',
    kind: 'choice',
    choices: [
      { value: true, label: '已经退休' },
      { value: false, label: '还在上班' },
    ],
    applies: (a) => a.scheme === 'employee',
    help: { q: '为什么问这个？', a: '退休后随子女到外地生活的，可以办“异地安置退休”备案。' },
  },
  {
    key: 'reason',
    title: '为什么要在外地看病？',
    kind: 'choice',
    choices: choicesOf(REASON_LABELS, {
      retiree_relocation: '退休后长期住在外地（比如随子女生活）',
      long_term_residence: '长期在外地生活、居住',
      work_posting: '被单位派到外地长期工作',
      referral: '本地医院开了转诊转院证明',
      emergency: '出门在外突发急病抢救',
      temporary: '自己想去外地医院看病，或出差、旅游时看病',
    }),
    help: {
      q: '什么是异地长期居住？',
      a: '就是长期在参保地以外生活，不是短期出差或旅游。长期居住、安置退休和常驻工作办的是“长期备案”，转诊、急诊和其他临时外出办的是“临时备案”。',
    },
  },
  {
    key: 'careType',
    title: '这次看病是哪一种？',
    kind: 'choice',
    choices: choicesOf(CARE_TYPE_LABELS),
    help: {
      q: '什么是门诊慢特病？',
      a: '像高血压、糖尿病、透析这类需要长期在门诊治疗的病，参保地认定后按慢特病报销。',
    },
  },
  {
    key: 'chronicDisease',
    title: '是哪种门诊慢特病？',
    kind: 'choice',
    choices: choicesOf(CHRONIC_LABELS),
    applies: (a) => a.careType === 'chronic',
    help: {
      q: '为什么要选病种？',
      a: '跨省看门诊慢特病，只有五种病可以直接结算，其他病要先垫钱、回参保地报销。',
    },
  },
  {
    key: 'stage',
    title: '现在到哪一步了？',
    kind: 'choice',
    choices: choicesOf(STAGE_LABELS),
    help: { q: '已经住院了还来得及吗？', a: '一般来得及：出院结算前补办备案，仍然可以直接结算。' },
  },
  {
    key: 'hasProof',
    title: '证明材料（户口簿、居住证明或工作证明）在手上吗？',
    kind: 'choice',
    choices: [
      { value: true, label: '有' },
      { value: false, label: '没有或不齐' },
    ],
    applies: (a) => LONG_TERM.includes(a.reason ?? ''),
    help: { q: '没有证明怎么办？', a: '很多地方可以签“个人承诺书”代替，我们会告诉您参保地是否允许。' },
  },
  {
    key: 'treatmentDate',
    title: '大概哪天去看病（或哪天住的院）？',
    kind: 'date',
    optional: true,
    help: {
      q: '为什么要日期？',
      a: '政策会调整，我们按看病那天有效的规定回答；备案的有效期也从这天算起。不填就按今天算。',
    },
  },
  {
    key: 'extras',
    title: '想估算能报多少钱吗？（可以跳过）',
    kind: 'extras',
    optional: true,
    help: {
      q: '要填什么？',
      a: '医院等级、预计政策范围内的费用，以及您在参保地看病一般能报的比例（比如 85%）。都不填也可以，我们只告诉您报销比例怎么变。',
    },
  },
];

export function visibleQuestions(answers: Answers): Question[] {
  return QUESTIONS.filter((q) => !q.applies || q.applies(answers));
}

/** Drops answers that no longer apply (e.g. a disease after switching away from 门诊慢特病). */
export function cleanAnswers(answers: Answers): Answers {
  const out: Answers = { ...answers };
  for (const q of QUESTIONS)
    if (q.applies && !q.applies(out) && q.key !== 'extras') delete out[q.key as keyof Situation];
  return out;
}

export function isAnswered(question: Question, answers: Answers): boolean {
  if (question.optional) return true;
  const value = answers[question.key as keyof Situation];
  return value !== undefined && value !== '';
}
