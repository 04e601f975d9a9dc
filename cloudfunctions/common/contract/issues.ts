/**
 * One wording for every validation failure, in plain Chinese that names the field in words: a
 * missing value ("请填写…") is told apart from a value of the wrong type ("…的类型不对，应为…"), a
 * choice that is not offered, a value out of range (with the limit a person can use: 最多200个字,
 * 不大于1亿), and content the app did not ask for. No message carries a field's code name, a type
 * name or an internal limit. Parse with `{ reportInput: true }` so each issue carries its value.
 */
import type { z } from 'zod';

/** What a person can be told a value should be. */
const TYPE_NAMES: Record<string, string> = {
  boolean: '“是”或“否”',
  number: '数字',
  int: '整数',
  string: '文字',
};

/** Said where the request itself is malformed: only an outdated or broken app sends it. */
const UPDATE_THE_APP = '请更新小程序后再试';
export const REQUEST_MALFORMED = `请求内容的格式不对，${UPDATE_THE_APP}`;

export interface IssueMessage {
  message: string;
  field?: string;
}

/** zod's own bounds on an integer (±2^53−1): an internal limit, never one to tell a person. */
const isSafeIntegerBound = (issue: z.core.$ZodIssue) =>
  (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'int';

/** The issue to tell a person about: the first one that is not zod's internal integer bound. */
export function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((issue) => !isSafeIntegerBound(issue)) ?? issues[0];
}

/** 100000000 → 1亿, 20000 → 2万: a limit as a person reads it. */
function readable(limit: number | bigint): string {
  const n = Number(limit);
  if (n >= 1e8 && n % 1e8 === 0) return `${n / 1e8}亿`;
  if (n >= 1e4 && n % 1e4 === 0) return `${n / 1e4}万`;
  return String(n);
}

function rangeMessage(label: string, issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  if (issue.origin === 'string') {
    if (big) return `${label}太长了，最多${readable(limit)}个字`;
    return Number(limit) <= 1 ? `请填写${label}` : `${label}太短了，至少${readable(limit)}个字`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    if (isSafeIntegerBound(issue)) return `${label}的数字太${big ? '大' : '小'}了`;
    return `${label}应${big ? '不大于' : '不小于'}${readable(limit)}`;
  }
  return big ? `${label}太多了，最多${readable(limit)}项` : `${label}太少了`;
}

/**
 * The message for one issue of a failed parse; `labels` names each top-level field in words. A
 * field without a label is named as 填写的内容 rather than by its code name.
 */
export function issueMessage(issue: z.core.$ZodIssue, labels: Record<string, string>): IssueMessage {
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  const label = field ? (labels[field] ?? '填写的内容') : undefined;
  if (issue.code === 'custom') return { message: issue.message, field };
  if (issue.code === 'unrecognized_keys') return { message: `请求里有多余的内容，${UPDATE_THE_APP}` };
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const chosen = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    const name = labels[issue.discriminator] ?? '操作';
    return {
      message: chosen === undefined ? `请填写${name}` : `不支持的${name}`,
      field: issue.discriminator,
    };
  }
  if (!field || !label) return { message: REQUEST_MALFORMED };
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return { message: `请填写${label}`, field };
  if (issue.code === 'invalid_type') {
    const expected = TYPE_NAMES[issue.expected];
    return {
      message: expected ? `${label}的类型不对，应为${expected}` : `${label}的格式不对，${UPDATE_THE_APP}`,
      field,
    };
  }
  if (issue.code === 'invalid_value') {
    const types = new Set(issue.values.map((v) => typeof v));
    const [type] = types;
    if (types.size === 1 && typeof issue.input !== type && TYPE_NAMES[type])
      return { message: `${label}的类型不对，应为${TYPE_NAMES[type]}`, field };
    return {
      message: issue.values.length > 1 ? `${label}的选项不对，请重新选择` : `不支持的${label}`,
      field,
    };
  }
  if (issue.code === 'too_big' || issue.code === 'too_small')
    return { message: rangeMessage(label, issue), field };
  return { message: `${label}的格式不对`, field };
}
