import type { z } from 'zod';
import { issueMessage } from '../contract/issues';
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
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const { message, field } = issueMessage(parsed.error.issues[0], LABELS);
  throw new AppError('INVALID_INPUT', message, field);
}
