/** The adapters off-cloud: NeDB under DATA_DIR (":memory:…" in memory) and local open-API stand-ins. */
import { LocalOpenApi } from '../adapters/local-openapi';
import { NedbChecklistStore, NedbPolicyStore, NedbWatchStore } from '../adapters/nedb';
import type { Wiring } from './deps';

export function localWiring(dataDir: string, qrLinkPrefix: string): Wiring {
  return {
    policyStore: new NedbPolicyStore(dataDir),
    checklists: new NedbChecklistStore(dataDir),
    watches: new NedbWatchStore(dataDir),
    openapi: new LocalOpenApi(dataDir, qrLinkPrefix),
  };
}
