/**
 * Timer-triggered: a subscribe message to everyone who asked, a few days before a filing on their
 * checklist runs out (the end counted from the day the filing was made, once the user said so).
 * The same run deletes checklists nobody has changed for a year (README: what a checklist stores,
 * and for how long).
 *
 * A misconfiguration must not burn the reminders. Each checklist is claimed (a lease, so runs that
 * overlap send once), then sent to each subscriber still waiting, each send with its own timeout,
 * and only the subscribers' own outcomes are final: sent, or refused by them (runtime/wx-errors.ts).
 * A platform error — a missing permission or token, a template that does not match, a timeout —
 * leaves those subscribers waiting and releases the checklist for the next run, which sends only to
 * them; after MAX_ATTEMPTS such runs they are recorded as failed. Every such run logs WeChat's
 * errCode. A checklist that cannot be read is logged and skipped, never holding back the others.
 */
import { z } from 'zod';
import { addDays, chinaDate, isIsoDate } from '../contract/dates';
import { timerEventSchema } from '../contract/timer-event';
import { AppError } from '../runtime/errors';
import type { FunctionSpec } from '../runtime/entry';
import type { ReminderFailure, ReminderOutcome, ReminderProgress, StoredRow } from '../ports';
import type { Deps } from '../runtime/deps';
import { describeWxError, finalForSubscriber, withinMs, wxErrCode } from '../runtime/wx-errors';

/** A checklist nobody changed for this long is deleted. */
export const CHECKLIST_RETENTION_DAYS = 365;
/** Runs that may end in a platform error for a subscriber before they are recorded as failed. */
export const MAX_ATTEMPTS = 3;
/** A claim older than this was abandoned (its run was cut off): far beyond the function's timeout. */
const CLAIM_LEASE_MS = 10 * 60_000;
/** No send starts after this much of a run (cloudbaserc.json gives reminders 60 s): the rest wait. */
const RUN_BUDGET_MS = 40_000;

// A timer trigger's event is { Type: 'Timer', TriggerName, Time, Message }, Message being the
// trigger's 附加信息 ('' unless set); see Tencent Cloud's SCF timer trigger documentation
// (定时触发器 · 事件消息结构). Any other field, or another trigger type, is refused. The event alone
// proves nothing: the entry checks the platform's timer flag (runtime/entry.ts platformTimer).
export const remindersSchema = timerEventSchema;

export interface RemindersResult {
  /** Checklists this run claimed. */
  due: number;
  sent: number;
  /** Subscribers with a final failure this run (refused, or a platform error MAX_ATTEMPTS times). */
  failed: number;
  /** Subscribers left for the next run after a platform error or the end of this run's time. */
  retrying: number;
  /** Checklists that could not be read, logged and left alone. */
  skipped: number;
}

/** The fields a reminder reads, validated per checklist: a malformed one is skipped, not fatal. */
const reminderRow = z.object({
  _id: z.string().min(1),
  title: z.string(),
  validUntil: z.string().refine(isIsoDate),
  subscribers: z.array(z.string().min(1)),
  reminderProgress: z
    .object({
      validUntil: z.string(),
      done: z.array(z.string()),
      attempts: z.number().int().min(0),
    })
    .optional()
    .catch(undefined),
  reminderFailures: z
    .array(z.object({ to: z.string(), at: z.string(), reason: z.string() }))
    .optional()
    .catch(undefined),
});
type ReminderRow = z.infer<typeof reminderRow>;

export const remindersFunction: FunctionSpec<z.infer<typeof remindersSchema>, RemindersResult> = {
  name: 'reminders',
  schema: remindersSchema,
  timerOnly: true,
  // timerOnly: the entry refuses any caller that is not the timer (a user has an OPENID).
  async handler(deps) {
    const startedAt = Date.now();
    // Keeping less comes first, and never waits on the reminders' own setup or a slow send.
    const idleSince = new Date(deps.now().getTime() - CHECKLIST_RETENTION_DAYS * 86_400_000).toISOString();
    const removed = await deps.checklists.removeIdleBefore(idleSince);
    if (removed) console.log(`reminders: deleted ${removed} checklist(s) unchanged since ${idleSince}`);
    const templateId = deps.config.reminderTemplateId;
    if (!templateId) throw new AppError('UNAVAILABLE', '还没有配置订阅消息模板（REMINDER_TEMPLATE_ID）');
    const until = addDays(chinaDate(deps.now()), deps.config.reminderDaysBefore);
    const result: RemindersResult = { due: 0, sent: 0, failed: 0, retrying: 0, skipped: 0 };
    const run: Run = { deps, templateId, result, endsAt: startedAt + RUN_BUDGET_MS };
    for (const stored of await deps.checklists.dueForReminder(until)) await remindChecklist(run, stored);
    console.log(
      `reminders: ${result.due} checklist(s) due, ${result.sent} sent, ${result.failed} failed, ${result.retrying} left for the next run, ${result.skipped} unreadable`,
    );
    return result;
  },
};

interface Run {
  deps: Deps;
  templateId: string;
  result: RemindersResult;
  /** Date.now() after which no send starts. */
  endsAt: number;
}

async function remindChecklist(run: Run, stored: StoredRow): Promise<void> {
  const { deps, result } = run;
  const parsed = reminderRow.safeParse(stored);
  if (!parsed.success) {
    result.skipped++;
    const issue = parsed.error.issues[0];
    console.error(
      `reminders: checklist ${String(stored._id)} cannot be read (${issue.path.join('.') || 'document'}: ${issue.message}); skipped`,
    );
    return;
  }
  const row = parsed.data;
  if (Date.now() > run.endsAt) {
    result.retrying += waiting(row).length;
    return;
  }
  const claimedAt = deps.now().toISOString();
  const staleBefore = new Date(deps.now().getTime() - CLAIM_LEASE_MS).toISOString();
  if (!(await deps.checklists.claimReminder(row._id, row.validUntil, claimedAt, staleBefore))) return;
  result.due++;
  const outcome = await sendAll(run, row, claimedAt);
  if (!(await deps.checklists.settleReminder(row._id, claimedAt, row.validUntil, outcome)))
    console.log(
      `reminders: checklist ${row._id}: its filing day changed meanwhile; the new date is due on its own`,
    );
}

/** The progress recorded for this filing end; progress for another end (the day changed) starts over. */
const progressOf = (row: ReminderRow): { done: string[]; attempts: number; failures: ReminderFailure[] } =>
  row.reminderProgress?.validUntil === row.validUntil
    ? { ...row.reminderProgress, failures: row.reminderFailures ?? [] }
    : { done: [], attempts: 0, failures: [] };

/** Subscribers without a final outcome yet. */
const waiting = (row: ReminderRow) => {
  const { done } = progressOf(row);
  return row.subscribers.filter((s) => !done.includes(s));
};

/** Sends to every subscriber still waiting; what to record, and the counts in `run.result`. */
async function sendAll(run: Run, row: ReminderRow, at: string): Promise<ReminderOutcome> {
  const { deps, templateId, result } = run;
  const before = progressOf(row);
  const done = new Set(before.done);
  const failures: ReminderFailure[] = [...before.failures];
  const retry: { to: string; errCode: string }[] = [];
  let unsent = 0;
  for (const touser of waiting(row)) {
    if (Date.now() > run.endsAt) {
      unsent++;
      continue;
    }
    try {
      await withinMs(
        deps.openapi.sendSubscribeMessage({
          touser,
          templateId,
          page: `pages/checklist/index?id=${row._id}`,
          data: {
            thing1: { value: row.title.slice(0, 20) },
            date2: { value: row.validUntil },
            thing3: { value: '临时备案快到期了，需要时请及时续办' },
          },
        }),
        deps.config.reminderSendTimeoutMs,
      );
      done.add(touser);
      result.sent++;
    } catch (error) {
      if (finalForSubscriber(error)) {
        done.add(touser);
        failures.push({ to: touser, at, reason: wxErrCode(error) });
        result.failed++;
      } else {
        retry.push({ to: touser, errCode: wxErrCode(error) });
        if (retry.length === 1) console.error(`reminders: checklist ${row._id}: ${describeWxError(error)}`);
      }
    }
  }
  const attempts = before.attempts + (retry.length ? 1 : 0);
  const codes = [...new Set(retry.map((r) => r.errCode))].join(', ');
  if (retry.length && attempts >= MAX_ATTEMPTS) {
    for (const { to, errCode } of retry) {
      done.add(to);
      failures.push({ to, at, reason: `${errCode} (${MAX_ATTEMPTS} runs)` });
    }
    result.failed += retry.length;
    console.error(
      `reminders: checklist ${row._id}: gave up on ${retry.length} subscriber(s) after ${attempts} runs ending in errCode ${codes}`,
    );
  } else if (retry.length) {
    result.retrying += retry.length;
    console.error(
      `reminders: checklist ${row._id}: ${retry.length} send(s) failed with errCode ${codes} (a platform error, not the person's): left for the next run, attempt ${attempts} of ${MAX_ATTEMPTS}`,
    );
  }
  result.retrying += unsent;
  const progress: ReminderProgress = { validUntil: row.validUntil, done: [...done], attempts };
  const everyone = row.subscribers.every((s) => done.has(s));
  return { progress, failures, remindedAt: everyone ? at : null };
}
