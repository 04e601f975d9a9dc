/** The adapters inside CloudBase: its database, and WeChat's open APIs through wx-server-sdk. */
import {
  CloudbaseChecklistStore,
  cloudbaseDatabase,
  CloudbasePolicyStore,
  CloudbaseWatchStore,
} from '../adapters/cloudbase';
import { WxServerOpenApi } from '../adapters/openapi';
import type { Wiring } from './deps';

export function cloudWiring(): Wiring {
  const db = cloudbaseDatabase();
  return {
    policyStore: new CloudbasePolicyStore(db),
    checklists: new CloudbaseChecklistStore(db),
    watches: new CloudbaseWatchStore(db),
    openapi: new WxServerOpenApi(),
  };
}
