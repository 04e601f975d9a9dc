import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';

let cached: PolicyPack | undefined;

/** The real policy data under data/, loaded and validated once per test file. */
export function realPack(): PolicyPack {
  cached ??= loadPolicyFiles().pack;
  return cached;
}
