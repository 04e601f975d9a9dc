/**
 * The wizard's questions, one per screen, in plain words with help for each. A question is shown
 * only when it applies to the answers so far, and offers only the answers that are valid with them
 * (异地安置退休 only to retired 职工; 住院/出院 only for a stay in hospital), so no path through the
 * wizard can end in an answer the functions refuse. Questions belong to seven fixed sections, so
 * the step count never changes while answering.
 */
import type { Situation } from '../../typings/contract';
import {
  CARE_TYPE_LABELS,
  CHRONIC_LABELS,
  REASON_LABELS,
  SCHEME_LABELS,
  STAGE_LABELS_BY_CARE,
} from '../shared/labels';

export type Answers = Partial<Situation>;
export type QuestionKind = 'city' | 'choice' | 'date' | 'extras';
export type QuestionKey = keyof Situation | 'extras';

export interface Choice {
  value: string | number | boolean;
  label: string;
  desc?: string;
}

export interface Question {
  key: QuestionKey;
  /** 1–7: the step it belongs to. Follow-up questions share their section's number. */
  section: number;
  title: (answers: Answers) => string;
  /** The question in a few words, for the answers summary: 参保地, 医保类型. */
  label: (answers: Answers) => string;
  kind: QuestionKind;
  help: { q: string; a: string };
  choices?: (answers: Answers) => Choice[];
  optional?: boolean;
  applies?: (answers: Answers) => boolean;
}

/** The sections, as the answers summary names them. */
export const SECTIONS = [
  '参保地',
  '就医地',
  '医保类型',
  '外出原因',
  '看病类型',
  '目前进展',
  '补充（可跳过）',
];

/** A choice per label, in the labels' order, with its description where there is one. */
function choicesOf<K extends string>(
  labels: Record<K, string>,
  descs?: Partial<Record<K, string>>,
): Choice[] {
  return (Object.keys(labels) as K[]).map((value) => ({
    value,
    label: labels[value],
    ...(descs?.[value] ? { desc: descs[value] } : {}),
  }));
}

const LONG_TERM = ['retiree_relocation', 'long_term_residence', 'work_posting'];
const isEmployee = (a: Answers) => a.scheme === 'employee';
const retired = (a: Answers) => a.scheme === 'employee' && a.retired === true;
/** 职工 still at work: only an employer posts someone to work elsewhere (常驻异地工作). */
const working = (a: Answers) => a.scheme === 'employee' && a.retired === false;
const afterCare = (a: Answers) => a.stage === 'admitted_unfiled' || a.stage === 'discharged_self_paid';

const REASON_DESCS: Record<keyof typeof REASON_LABELS, string> = {
  retiree_relocation: '退休后定居外地，户口也迁到了当地',
  long_term_residence: '长期在外地生活、居住（比如退休后随子女生活，户口没迁）',
  work_posting: '被单位派到外地长期工作',
  referral: '参保地的医院开了转诊转院证明',
  emergency: '出门在外突发急病抢救',
  temporary: '自己想去外地医院看病，或出差、旅游时看病',
};

/** The date question's words in the summary. */
function dateLabel(a: Answers): string {
  if (a.careType === 'pharmacy') return '买药日期';
  return a.careType === 'inpatient' ? '入院日期' : '看病日期';
}

/** The date question's title follows the stage and the care type. */
function dateTitle(a: Answers): string {
  if (a.careType === 'pharmacy') return '哪天买的药？';
  if (a.careType !== 'inpatient') return '哪天看的病？';
  return a.stage === 'admitted_unfiled' ? '哪天住的院？' : '哪天住的院？（入院那天）';
}

export const QUESTIONS: Question[] = [
  {
    key: 'insuredCity',
    section: 1,
    title: () => '您在哪个城市参加医保？（参保地）',
    label: () => '参保地',
    kind: 'city',
    help: { q: '什么是参保地？', a: '就是您交医保、拿医保卡的城市，一般是单位或户口所在的城市。' },
  },
  {
    key: 'careCity',
    section: 2,
    title: () => '您要在哪个城市看病？（就医地）',
    label: () => '就医地',
    kind: 'city',
    help: { q: '要选到哪一级？', a: '选到具体的城市，比如“西安市”，不要只选省。备案时也一样。' },
  },
  {
    key: 'scheme',
    section: 3,
    title: () => '您参加的是哪种医保？',
    label: () => '医保类型',
    kind: 'choice',
    choices: () =>
      choicesOf(SCHEME_LABELS, {
        employee: '上班时单位给交的，或退休前在单位交的',
        resident: '自己按年交的，也叫“新农合”“城镇居民医保”',
      }),
    help: { q: '分不清是哪种？', a: '看医保卡或医保电子凭证上的“参保类型”，或者问一下单位、社区。' },
  },
  {
    key: 'retired',
    section: 3,
    title: () => '您退休了吗？',
    label: () => '退休了吗',
    kind: 'choice',
    choices: () => [
      { value: true, label: '已经退休' },
      { value: false, label: '还在上班' },
    ],
    applies: isEmployee,
    help: {
      q: '为什么问这个？',
      a: '退休后定居外地、户口也迁过去的，一般办“异地安置退休”备案；户口没迁、随子女在外地生活的，一般办“异地长期居住”备案。具体以参保地的规定为准。',
    },
  },
  {
    key: 'reason',
    section: 4,
    title: () => '为什么要在外地看病？',
    label: () => '为什么在外地看病',
    kind: 'choice',
    choices: (a) =>
      choicesOf(REASON_LABELS, REASON_DESCS)
        // 异地安置退休 is for retired 职工 only; 常驻异地工作 for 职工 still at work.
        .filter((c) =>
          c.value === 'retiree_relocation' ? retired(a) : c.value === 'work_posting' ? working(a) : true,
        ),
    help: {
      q: '什么是异地长期居住？',
      a: '就是长期在参保地以外生活，不是短期出差或旅游。“异地安置退休”一般要求户口已经迁到居住地；户口还在参保地的，选“异地长期居住”，以参保地的规定为准。长期居住、安置退休和常驻工作办的是“长期备案”，转诊、急诊和其他临时外出办的是“临时备案”。',
    },
  },
  {
    key: 'hasProof',
    section: 4,
    title: () => '备案要用的证明材料（如户口簿、居住证、单位派出证明）在手上吗？',
    label: () => '备案的证明材料在手上吗',
    kind: 'choice',
    choices: () => [
      { value: true, label: '有' },
      { value: false, label: '没有或不齐' },
    ],
    applies: (a) => LONG_TERM.includes(a.reason ?? ''),
    help: { q: '没有证明怎么办？', a: '有的地方可以签“个人承诺书”代替，我们会告诉您参保地是否允许。' },
  },
  {
    key: 'careType',
    section: 5,
    title: () => '这次看病是哪一种？',
    label: () => '看病类型',
    kind: 'choice',
    choices: () => choicesOf(CARE_TYPE_LABELS),
    help: {
      q: '什么是门诊慢特病？',
      a: '像高血压、糖尿病、冠心病、透析这类需要长期在门诊治疗的病，参保地认定后按慢特病报销。',
    },
  },
  {
    key: 'chronicDisease',
    section: 5,
    title: () => '是哪种门诊慢特病？',
    label: () => '门诊慢特病病种',
    kind: 'choice',
    choices: () => choicesOf(CHRONIC_LABELS),
    applies: (a) => a.careType === 'chronic',
    help: {
      q: '为什么要选病种？',
      a: '跨省看门诊慢特病，国家规定的10种病可以直接结算，其他病要先垫钱、回参保地报销。',
    },
  },
  {
    key: 'stage',
    section: 6,
    label: () => '现在到哪一步了',
    title: (a) =>
      a.careType === 'inpatient'
        ? '现在到哪一步了？'
        : a.careType === 'pharmacy'
          ? '药买了吗？'
          : '病看了吗？',
    kind: 'choice',
    choices: (a) => choicesOf(STAGE_LABELS_BY_CARE[a.careType ?? 'inpatient'] as Record<string, string>),
    help: {
      q: '已经看过病、自己付了钱还能报吗？',
      a: '很多地方可以补办备案后回参保地手工报销，我们会告诉您参保地怎么规定、要准备什么。',
    },
  },
  {
    key: 'treatmentDate',
    section: 6,
    title: dateTitle,
    label: dateLabel,
    kind: 'date',
    applies: afterCare,
    help: {
      q: '为什么要日期？',
      a: '补办备案和报销都从这一天算起，政策也按这一天有效的规定回答。',
    },
  },
  {
    key: 'extras',
    section: 7,
    title: () => '还想补充吗？（都可以跳过）',
    label: () => SECTIONS[6],
    kind: 'extras',
    optional: true,
    help: {
      q: '这些有什么用？',
      a: '大概哪天去看病：政策按那天有效的规定回答。医院等级：有的城市按等级规定报销比例。费用和本地报销比例：用来估算能报多少钱。都不填也可以。',
    },
  },
];

/** Fields asked on the extras screen rather than a question of their own. */
const EXTRAS_FIELDS: readonly string[] = ['coveredCost', 'localRatio', 'hospitalLevel', 'treatmentDate'];

/**
 * The question that asks for a field, for 修改这一项 after the functions refused it: its own
 * question where there is one, else the extras screen; -1 when no visible question asks it.
 */
export function questionIndexFor(key: string, answers: Answers): number {
  const questions = visibleQuestions(answers);
  const own = questions.findIndex((q) => q.key === key);
  if (own >= 0 || !EXTRAS_FIELDS.includes(key)) return own;
  return questions.findIndex((q) => q.key === 'extras');
}

/** The choices a question offers for these answers. */
export function choicesFor(question: Question, answers: Answers): Choice[] {
  return question.choices ? question.choices(answers) : [];
}

export function visibleQuestions(answers: Answers): Question[] {
  return QUESTIONS.filter((q) => !q.applies || q.applies(answers));
}

/**
 * Drops answers that no longer apply or are no longer valid (a disease after switching away from
 * 门诊慢特病; 异地安置退休 after switching to 城乡居民; 出院 after switching to 药店).
 */
export function cleanAnswers(answers: Answers): Answers {
  const out: Answers = { ...answers };
  if (out.scheme === 'resident') delete out.retired;
  for (const q of QUESTIONS) {
    if (q.key === 'extras') continue;
    const key = q.key as keyof Situation;
    if (q.applies && !q.applies(out)) {
      // A planning trip may still carry its (optional) date from the extras screen.
      if (key !== 'treatmentDate') delete out[key];
      continue;
    }
    if (
      q.kind === 'choice' &&
      out[key] !== undefined &&
      !choicesFor(q, out).some((c) => c.value === out[key])
    )
      delete out[key];
  }
  return out;
}

export function isAnswered(question: Question, answers: Answers): boolean {
  if (question.optional) return true;
  const value = answers[question.key as keyof Situation];
  return value !== undefined && value !== '';
}

/** The first question still to answer, or -1 when all are answered. */
export function firstUnanswered(answers: Answers): number {
  return visibleQuestions(answers).findIndex((q) => !isAnswered(q, answers));
}
