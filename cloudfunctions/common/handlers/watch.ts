/**
 * Timer-triggered, weekly: the source watch (watch/check.ts) over every source bundled with this
 * deployment, its report recorded in the `watch` collection for evaluate and cities to read. The
 * pages are read over HTTP from CloudBase, which reaches the internet. A run in which nothing could
 * be reached, the canary included, is the function's own network failing: it is logged and not
 * recorded, so the pages keep the last real check.
 */
import type { z } from 'zod';
import { DEFAULT_CANARY, runWatch } from '../watch/check';
import type { WatchStatus } from '../watch/report';
import type { FunctionSpec } from '../runtime/entry';
import { timerEventSchema } from '../contract/timer-event';

export interface WatchRunResult {
  checkedAt: string;
  recorded: boolean;
  networkDown: boolean;
  counts: Record<WatchStatus, number>;
}

export const watchFunction: FunctionSpec<z.infer<typeof timerEventSchema>, WatchRunResult> = {
  name: 'watch',
  schema: timerEventSchema,
  // timerOnly: the entry refuses any caller that is not the timer.
  timerOnly: true,
  async handler(deps) {
    const report = await runWatch(Object.values(deps.sources), deps.pages, {
      now: deps.now,
      origin: 'network',
      canary: DEFAULT_CANARY,
      delayMs: deps.config.watchDelayMs,
    });
    const counts = { ok: 0, quote_missing: 0, gone: 0, unreachable: 0 };
    for (const s of report.sources) counts[s.status]++;
    if (report.networkDown)
      console.error(
        `watch: no page could be reached, not even ${DEFAULT_CANARY.url}: the function's network seems down; nothing recorded`,
      );
    else {
      await deps.watches.record(report);
      for (const s of report.sources.filter((x) => x.status !== 'ok'))
        console.log(
          `watch: ${s.status} ${s.id}${s.missingQuotes.length ? ` (${s.missingQuotes.join(', ')})` : ''}${s.detail ? ` ${s.detail}` : ''}`,
        );
    }
    return {
      checkedAt: report.checkedAt,
      recorded: !report.networkDown,
      networkDown: report.networkDown,
      counts,
    };
  },
};
