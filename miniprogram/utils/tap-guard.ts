/**
 * Older people often tap twice — out of habit, or because a tremor repeats the touch. The wizard
 * moves on at the first tap (an answer that shows at once is what tells them the tap worked), so
 * the second would land on the next screen and answer a question nobody read. A screen therefore
 * ignores taps for a moment after it appears: long enough for a slow double tap (≈150–500 ms),
 * shorter than anyone takes to read a new question and choose (well over a second).
 */
export const SETTLE_MS = 700;

export interface ScreenGuard {
  /** A new screen is showing: taps wait until it has settled. */
  shown(): void;
  /** Whether a tap now is meant for this screen (false: the tail of a tap on the last one). */
  ready(): boolean;
}

export function screenGuard(settleMs = SETTLE_MS): ScreenGuard {
  let shownAt = Number.NEGATIVE_INFINITY;
  return {
    shown() {
      shownAt = Date.now();
    },
    ready() {
      return Date.now() - shownAt >= settleMs;
    },
  };
}
