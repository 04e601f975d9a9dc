/** Limits both sides check: the wizard as the person types, the functions on every call. */

/** The largest 政策范围内费用 (元) an estimate is made for. */
export const COVERED_COST_MAX = 100_000_000;
