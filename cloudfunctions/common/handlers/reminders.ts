/**
 * Timer-triggered: a subscribe message to everyone who asked, a few days before a filing on their
 * checklist runs out (the end counted from the day the filing was made, once the user said so).
 * Each checklist is claimed with a conditional update before anything is sent, so runs that
 * overlap send each reminder once; a send that fails (the person refused the template, say) is
 * recorded for that subscriber and never holds back the others. The same run deletes checklists
 * nobody has changed for a year (README: what a checklist stores, and for how long).
 */
import { z } from 'zod';
import { addDays, chinaDate } from '../contract/dates';
import { AppError } from '../runtime/errors';
import type { FunctionSpec } from '../runtime/entry';
import type { ChecklistDoc, ReminderFailure } from '../ports';
import type { Deps } from '../runtime/deps';

/** A checklist nobody changed for this long is deleted. */
export const CHECKLIST_RETENTION_DAYS = 365;

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
  // timerOnly: the entry refuses any caller that is not the timer (a user has an OPENID).
  async handler(deps) {
    // Keeping less comes first, and never waits on the reminders' own setup or a slow send.
    const idleSince = new Date(deps.now().getTime() - CHECKLIST_RETENTION_DAYS * 86_400_000).toISOString();
    const removed = await deps.checklists.removeIdleBefore(idleSince);
    if (removed) console.log(`reminders: deleted ${removed} checklist(s) unchanged since ${idleSince}`);
    const templateId = deps.config.reminderTemplateId;
    if (!templateId) throw new AppError('UNAVAILABLE', '还没有配置订阅消息模板（REMINDER_TEMPLATE_ID）');
    const today = chinaDate(deps.now());
    const until = addDays(today, deps.config.reminderDaysBefore);
    const due = await deps.checklists.dueForReminder(until);
    let claimed = 0;
    let sent = 0;
    let failed = 0;
    for (const doc of due) {
      if (!(await deps.checklists.claimReminder(doc._id, doc.validUntil!, deps.now().toISOString())))
        continue;
      claimed++;
      const failures = await remind(deps, templateId, doc);
      sent += doc.subscribers.length - failures.length;
      failed += failures.length;
      if (failures.length) await deps.checklists.recordReminderFailures(doc._id, failures);
    }
    return { due: claimed, sent, failed };
  },
};

/** Sends to every subscriber; the ones that could not be reached, and why. */
async function remind(deps: Deps, templateId: string, doc: ChecklistDoc): Promise<ReminderFailure[]> {
  const failures: ReminderFailure[] = [];
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
    } catch (error) {
      // WeChat's errCode (43101: the person refused the template) or the message, for the log.
      const { errCode, message } = error as { errCode?: unknown; message?: unknown };
      failures.push({
        to: touser,
        at: deps.now().toISOString(),
        reason: String(errCode ?? message ?? error).slice(0, 120),
      });
    }
  }
  return failures;
}
