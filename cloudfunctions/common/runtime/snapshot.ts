import type { PolicyPack } from '../policy/pack';

/**
 * The policy snapshot bundled at build time (scripts/build-functions.ts writes it from data/).
 * evaluate falls back to it when the policy store is unreachable or empty.
 */
export function loadSnapshot(): PolicyPack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../generated/policy-snapshot.json') as PolicyPack;
}
