/**
 * How often a checklist on screen asks whether someone else changed it: every few seconds while
 * the family is at it, then — after a quiet minute — every half minute, so a phone left open on the
 * page does not call the function 900 times an hour. Any change, theirs or ours, makes it quick again.
 */
export const LIVE_POLL_MS = 4000;
export const QUIET_POLL_MS = 30_000;
/** Nothing changed for this long: the checklist is quiet. */
export const QUIET_AFTER_MS = 60_000;

/** The wait before the next look, `quietForMs` after the last change seen. */
export function pollDelay(quietForMs: number, liveMs = LIVE_POLL_MS): number {
  return quietForMs >= QUIET_AFTER_MS ? Math.max(liveMs, QUIET_POLL_MS) : liveMs;
}
