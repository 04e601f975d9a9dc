import type { z } from 'zod';
import { AppError } from './errors';

const LABELS: Record<string, string> = {
  action: '操作',
  id: '清单编号',
  itemId: '清单项',
  shareToken: '分享口令',
  done: '完成状态',
  note: '备注',
  enabled: '提醒开关',
  filedOn: '办好备案的日期',
  previous: '原来的备注',
  member: '家人',
  allow: '转发设置',
  cursor: '翻页位置',
  query: '搜索内容',
  code: '城市代码',
  limit: '数量',
  situation: '就医情况',
  insuredCity: '参保地',
  careCity: '就医地',
  hospital: '医院',
};

/** Parses input with a schema; a failure becomes INVALID_INPUT with a message fit to show. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  const label = field ? (LABELS[field] ?? field) : undefined;
  let message: string;
  if (issue.code === 'custom') message = issue.message;
  else if (issue.code === 'unrecognized_keys') message = `不认识的字段：${issue.keys.join('、')}`;
  else if (issue.code === 'invalid_union' && field === 'action') message = '不支持的操作';
  else if (!label) message = '请求内容应是一个对象';
  else if (issue.code === 'invalid_type' && issue.input === undefined) message = `请填写${label}`;
  else if (issue.code === 'too_big') message = `${label}太长了`;
  else message = `${label}的值无效`;
  throw new AppError('INVALID_INPUT', message, field);
}
