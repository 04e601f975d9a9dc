/**
 * The body a CloudBase timer trigger sends ({ Type: 'Timer', TriggerName, Time, Message }), as the
 * timer-only functions (reminders, watch) accept it. The body alone never makes a call the timer:
 * runtime/entry.ts asks the platform's own flag for that.
 */
import { z } from 'zod';

export const timerEventSchema = z.strictObject({
  Type: z.literal('Timer').optional(),
  TriggerName: z.string().max(60).optional(),
  Time: z.string().max(40).optional(),
  Message: z.string().max(4096).optional(),
});
