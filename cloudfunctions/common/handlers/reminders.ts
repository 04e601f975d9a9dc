/**
 * Timer-triggered: a subscribe message to everyone who asked, a few days before a filing on their
 * checklist runs out. Each checklist is reminded once; a failed send is retried on the next run.
 */
import { z } from 'zod';
import { addDays, chinaDate } from '../contract/dates';
import { AppError } from '../runtime/errors';
import type { FunctionSpec } from '../runtime/entry';

// A timer trigger's event is { Type: 'Timer', TriggerName, Time, Message }, Message being the
// trigger's 附加信息 ('' unless set); see Tencent Cloud's SCF timer trigger documentation
// (定时触发器 · 事件消息结构). Any other field, or another trigger type, is refused.
export const remindersSchema = z.strictObject({
  Type: z.literal('Timer').optional(),
  TriggerName: z.string().max(60).optional(),
  Time: z.string().max(40).optional(),
  Message: z.string().max(4096).optional(),
});

export interface RemindersResult {
  due: number;
  sent: number;
  failed: number;
}

export const remindersFunction: FunctionSpec<z.infer<typeof remindersSchema>, RemindersResult> = {
  name: 'reminders',
  schema: remindersSchema,
  timerOnly: true,
  async handler(deps, _input, caller) {
    // Timers carry no OPENID; a user calling this function directly is refused.
    if (caller.openid) throw new AppError('FORBIDDEN', '这个功能只由系统定时运行');
    const templateId = deps.config.reminderTemplateId;
    if (!templateId) throw new AppError('UNAVAILABLE', '还没有配置订阅消息模板（REMINDER_TEMPLATE_ID）');
    const today = chinaDate(deps.now());
    const until = addDays(today, deps.config.reminderDaysBefore);
    const due = await deps.checklists.dueForReminder(until);
    let sent = 0;
    let failed = 0;
    for (const doc of due) {
      let allSent = true;
      for (const touser of doc.subscribers) {
        try {
          await deps.openapi.sendSubscribeMessage({
            touser,
            templateId,
            page: `pages/checklist/index?id=${doc._id}`,
            data: {
              thing1: { value: doc.title.slice(0, 20) },
              date2: { value: doc.validUntil! },
              thing3: { value: '临时备案快到期了，需要时请及时续办' },
            },
          });
          sent++;
        } catch {
          failed++;
          allSent = false;
        }
      }
      if (allSent) await deps.checklists.markReminded(doc._id, deps.now().toISOString());
    }
    return { due: due.length, sent, failed };
  },
};
