import type { z } from 'zod';
import { firstIssue, issueMessage } from '../contract/issues';
import { AppError } from './errors';

/** Every top-level field of every function's event, in words. */
export const LABELS: Record<string, string> = {
  action: '操作',
  id: '清单编号',
  itemId: '清单项',
  shareToken: '分享口令',
  done: '完成状态',
  note: '备注',
  enabled: '提醒开关',
  filedOn: '办好备案的日期',
  previous: '原来的备注',
  member: '家人编号',
  allow: '转发设置',
  cursor: '翻页位置',
  query: '搜索内容',
  code: '城市代码',
  limit: '数量',
  situation: '就医情况',
  insuredCity: '参保地',
  careCity: '就医地',
  hospital: '医院',
  // The timer trigger's event (reminders).
  Type: '触发方式',
  TriggerName: '定时触发器名称',
  Time: '触发时间',
  Message: '附加信息',
};

/** Parses input with a schema; a failure becomes INVALID_INPUT with a message fit to show. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const { message, field } = issueMessage(firstIssue(parsed.error.issues), LABELS);
  throw new AppError('INVALID_INPUT', message, field);
}
