/**
 * The data a function carries in its bundle (scripts/build-functions.ts writes it from data/):
 * the city list, for the functions that name cities; the policy snapshot, only where a verdict
 * or a city's rules are answered when the store is unreachable or empty (evaluate, cities); the
 * source register, for the source watch. Each entry picks what it needs, so a bundle holds only
 * what its function reads.
 */
import type { PolicyPack } from '../policy/pack';
import type { Place, Source } from '../policy/schema';

export interface Bundled {
  places: Record<string, Place>;
  /** The fallback for the policy store; null where the function never falls back. */
  snapshot: PolicyPack | null;
  /** The register of sources the source watch re-reads; empty where nothing reads it. */
  sources: Record<string, Source>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- JSON read on the first call, not at load */
const places = () => require('../generated/places.json') as Record<string, Place>;

/** The city list and the policy snapshot (evaluate, cities). */
export function withPolicySnapshot(): Bundled {
  const policies = require('../generated/policy-snapshot.json') as Omit<PolicyPack, 'places'>;
  const list = places();
  return { places: list, snapshot: { ...policies, places: list }, sources: policies.sources };
}

/** The source register alone (watch). */
export const withSources = (): Bundled => ({
  places: {},
  snapshot: null,
  sources: require('../generated/sources.json') as Record<string, Source>,
});
/* eslint-enable @typescript-eslint/no-require-imports */

/** The city list alone (checklist, qrcode). */
export const withPlaces = (): Bundled => ({ places: places(), snapshot: null, sources: {} });

/** Nothing (reminders). */
export const withNothing = (): Bundled => ({ places: {}, snapshot: null, sources: {} });

/** A whole pack as the bundled data (tests and scripts, which read data/ directly). */
export const fromPack = (pack: PolicyPack): Bundled => ({
  places: pack.places,
  snapshot: pack,
  sources: pack.sources,
});
