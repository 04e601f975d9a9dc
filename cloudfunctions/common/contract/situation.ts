/**
 * Validation of a Situation sent by a user or a client: every field checked, unknown fields refused,
 * cities resolved (a Chinese name is accepted in place of a code). Errors carry a stable code and a
 * message fit to show a user.
 */
import { COVERED_COST_MAX } from '../../../miniprogram/shared/limits';
import { z } from 'zod';
import type { ApiError, Result } from '../../../typings/contract';
import type { CheckedSituation } from '../engine/context';
import { findPlace } from '../places/lookup';
import type { Place } from '../policy/schema';
import { addMonths, isIsoDate } from './dates';
import { firstIssue, issueMessage, REQUEST_MALFORMED } from './issues';
import { CARE_TYPES, CHRONIC_DISEASES, HOSPITAL_LEVELS, REASONS, SCHEMES, STAGES } from './vocabulary';

/** Every field of a situation, in words. */
export const FIELD_LABELS: Record<string, string> = {
  insuredCity: '参保地',
  careCity: '就医地',
  scheme: '参保类型',
  retired: '是否退休',
  reason: '外出就医原因',
  careType: '就医类型',
  chronicDisease: '门诊慢特病病种',
  hospitalLevel: '医院等级',
  stage: '目前进展',
  treatmentDate: '就医日期',
  coveredCost: '政策范围内费用',
  hasProof: '是否有证明材料',
  localRatio: '参保地本地报销比例',
};

/**
 * Treatment dates a person can mean: up to five years back (a claim or a late filing for past care,
 * and the dated rules the data holds) and one year ahead (planned care). Anything else is a typo.
 */
export const TREATMENT_WINDOW = { yearsBack: 5, yearsAhead: 1 };

export function treatmentWindow(asOf: string): { earliest: string; latest: string } {
  return {
    earliest: addMonths(asOf, -12 * TREATMENT_WINDOW.yearsBack),
    latest: addMonths(asOf, 12 * TREATMENT_WINDOW.yearsAhead),
  };
}

const city = z.string().trim().min(1).max(20);
export const situationSchema = z
  .strictObject({
    insuredCity: city,
    careCity: city,
    scheme: z.enum(SCHEMES),
    retired: z.boolean().optional(),
    reason: z.enum(REASONS),
    careType: z.enum(CARE_TYPES),
    chronicDisease: z.enum(CHRONIC_DISEASES).optional(),
    hospitalLevel: z.literal(HOSPITAL_LEVELS).optional(),
    stage: z.enum(STAGES),
    treatmentDate: z
      .string()
      .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text), {
        message: '就医日期的格式应如 2026-05-01',
        abort: true,
      })
      .refine(isIsoDate, { error: (issue) => `就医日期 ${String(issue.input)} 不存在，请检查月份和日期` })
      .optional(),
    coveredCost: z.number().finite().min(0).max(COVERED_COST_MAX).optional(),
    hasProof: z.boolean().optional(),
    localRatio: z.number().min(0).max(1).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.careType === 'chronic' && !s.chronicDisease)
      ctx.addIssue({ code: 'custom', path: ['chronicDisease'], message: '选择“门诊慢特病”时，请选择病种' });
    if (s.careType !== 'chronic' && s.chronicDisease)
      ctx.addIssue({ code: 'custom', path: ['chronicDisease'], message: '只有“门诊慢特病”需要选择病种' });
    if (s.scheme === 'resident' && s.retired)
      ctx.addIssue({
        code: 'custom',
        path: ['retired'],
        message: '城乡居民医保没有在职、退休之分，请不要选择“已退休”',
      });
    if (s.stage === 'admitted_unfiled' && s.careType !== 'inpatient')
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: '“已经住院”只适用于住院；看门诊或买药的，请选“还没去”或“已经看过、自己付了钱”',
      });
    if (s.stage !== 'planning' && !s.treatmentDate)
      ctx.addIssue({
        code: 'custom',
        path: ['treatmentDate'],
        message: '已经住院或看过病的，请填写住院（看病）的日期，补办备案和报销都从这天算起',
      });
    if (s.reason === 'retiree_relocation' && !(s.scheme === 'employee' && s.retired))
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: '“异地安置退休”只适用于已退休的职工医保参保人；其他情况请选择“异地长期居住”',
      });
  });

function invalid(message: string, field?: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'INVALID_INPUT', message, ...(field ? { field } : {}) } };
}

/** A city that is not in the list; a name a person typed is repeated back, a code or anything else not. */
function unknownCity(field: 'insuredCity' | 'careCity', given: string): { ok: false; error: ApiError } {
  const typed = /^\p{Script=Han}+$/u.test(given) ? `“${given}”` : '';
  return {
    ok: false,
    error: {
      code: 'UNKNOWN_CITY',
      message: `没有找到${FIELD_LABELS[field]}${typed}，请选择地级市或直辖市`,
      field,
    },
  };
}

/** Validates raw input and resolves the cities. `asOf` fills in a missing treatment date. */
export function checkSituation(
  raw: unknown,
  places: Record<string, Place>,
  asOf: string,
): Result<CheckedSituation> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return invalid(REQUEST_MALFORMED, 'situation');
  const parsed = situationSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const { message, field } = issueMessage(firstIssue(parsed.error.issues), FIELD_LABELS);
    return invalid(message, field);
  }
  const s = parsed.data;
  if (s.treatmentDate) {
    const { earliest, latest } = treatmentWindow(asOf);
    if (s.treatmentDate < earliest || s.treatmentDate > latest)
      return invalid(
        `就医日期不能早于${TREATMENT_WINDOW.yearsBack}年前（${earliest}），也不能晚于${TREATMENT_WINDOW.yearsAhead}年后（${latest}）`,
        'treatmentDate',
      );
    // Care that has begun (admitted, or seen and paid) began on a day that has come.
    if (s.stage !== 'planning' && s.treatmentDate > asOf)
      return invalid(`已经住院或看过病的，就医日期不能晚于今天（${asOf}）`, 'treatmentDate');
  }
  const insured = findPlace(places, s.insuredCity);
  if (!insured) return unknownCity('insuredCity', s.insuredCity);
  const care = findPlace(places, s.careCity);
  if (!care) return unknownCity('careCity', s.careCity);
  return {
    ok: true,
    data: {
      ...s,
      insuredCity: insured.code,
      careCity: care.code,
      retired: s.retired ?? false,
      treatmentDate: s.treatmentDate ?? asOf,
    },
  };
}
