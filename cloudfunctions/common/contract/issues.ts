/**
 * One wording for every validation failure, in plain Chinese: a missing value ("请填写…") is told
 * apart from a value of the wrong type ("…的类型不对，应为…"), a value out of range, and a field
 * nobody asked for. Parse with `{ reportInput: true }` so each issue carries the value it is about.
 */
import type { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  boolean: '是或否（true / false）',
  number: '数字',
  string: '文字',
  object: '对象',
  array: '列表',
};

export interface IssueMessage {
  message: string;
  field?: string;
}

const typeName = (type: string) => TYPE_NAMES[type] ?? type;

function rangeMessage(label: string, issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  if (issue.origin === 'string') return big ? `${label}太长了` : `请填写${label}`;
  if (issue.origin === 'number') return `${label}应${big ? '不大于' : '不小于'} ${limit}`;
  return big ? `${label}太多了，最多${limit}项` : `${label}太少了`;
}

/** The message for the first issue of a failed parse; `labels` names each top-level field. */
export function issueMessage(issue: z.core.$ZodIssue, labels: Record<string, string>): IssueMessage {
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  const label = field ? (labels[field] ?? field) : undefined;
  if (issue.code === 'custom') return { message: issue.message, field };
  if (issue.code === 'unrecognized_keys') return { message: `不认识的字段：${issue.keys.join('、')}` };
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const chosen = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    const name = labels[issue.discriminator] ?? issue.discriminator;
    return { message: chosen === undefined ? `请填写${name}` : '不支持的操作', field: issue.discriminator };
  }
  if (!label) return { message: '请求内容应是一个对象' };
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return { message: `请填写${label}`, field };
  if (issue.code === 'invalid_type')
    return { message: `${label}的类型不对，应为${typeName(issue.expected)}`, field };
  if (issue.code === 'invalid_value') {
    const types = new Set(issue.values.map((v) => typeof v));
    const [type] = types;
    if (types.size === 1 && typeof issue.input !== type)
      return { message: `${label}的类型不对，应为${typeName(type)}`, field };
    return { message: `${label}的值无效`, field };
  }
  if (issue.code === 'too_big' || issue.code === 'too_small')
    return { message: rangeMessage(label, issue), field };
  return { message: `${label}的值无效`, field };
}
