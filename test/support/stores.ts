/**
 * The store implementations the contract suite runs against: NeDB in memory and on disk always;
 * CloudBase when CLOUDBASE_ENV and credentials (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY) are set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NedbChecklistStore,
  NedbPolicyStore,
  NedbWatchStore,
} from '../../cloudfunctions/common/adapters/nedb';
import {
  CloudbaseChecklistStore,
  cloudbaseDatabase,
  CloudbasePolicyStore,
  CloudbaseWatchStore,
} from '../../cloudfunctions/common/adapters/cloudbase';
import type { ChecklistStore, PolicyStore, WatchStore } from '../../cloudfunctions/common/ports';

export interface StoreKit {
  name: string;
  policies: () => PolicyStore;
  checklists: () => ChecklistStore;
  watches: () => WatchStore;
  /** Creates what the store needs first (CloudBase: its collections), and removes it afterwards. */
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}

let counter = 0;
export const memoryDir = () => `:memory:${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
export const tempDir = () => mkdtempSync(join(tmpdir(), 'yidi-store-'));

export function storeKits(): { kits: StoreKit[]; skipped: string[] } {
  const kits: StoreKit[] = [
    {
      name: 'NeDB in memory',
      policies: () => new NedbPolicyStore(memoryDir()),
      checklists: () => new NedbChecklistStore(memoryDir()),
      watches: () => new NedbWatchStore(memoryDir()),
    },
    {
      name: 'NeDB on disk',
      policies: () => new NedbPolicyStore(tempDir()),
      checklists: () => new NedbChecklistStore(tempDir()),
      watches: () => new NedbWatchStore(tempDir()),
    },
  ];
  const skipped: string[] = [];
  const {
    CLOUDBASE_ENV: env,
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
  } = process.env;
  if (env && secretId && secretKey) {
    // Each run uses its own collections so runs never see each other's data.
    const suffix = `${Date.now().toString(36)}`;
    const collections = [`test_policies_${suffix}`, `test_checklists_${suffix}`, `test_watch_${suffix}`];
    const db = () => cloudbaseDatabase({ env, secretId, secretKey });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manager = () => new (require('@cloudbase/manager-node'))({ envId: env, secretId, secretKey });
    kits.push({
      name: `CloudBase ${env}`,
      policies: () => new CloudbasePolicyStore(db(), collections[0]),
      checklists: () => new CloudbaseChecklistStore(db(), collections[1]),
      // One collection for the run: each watch test starts by recording a newer report than any before.
      watches: () => new CloudbaseWatchStore(db(), collections[2]),
      setUp: async () => {
        for (const name of collections) await manager().database.createCollectionIfNotExists(name);
      },
      tearDown: async () => {
        for (const name of collections) await manager().database.deleteCollection(name);
      },
    });
  } else {
    skipped.push(
      'CloudBase: skipped — set CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to run the contract suite against a real environment',
    );
  }
  return { kits, skipped };
}

/**
 * The same store, each call made after a short random wait — as a cloud function's calls to its
 * database cross a network — so the handlers' reads and writes interleave as they do in production.
 * It delays the real store's calls; it answers nothing itself.
 */
export function withLatency<T extends object>(
  store: T,
  maxMs: number,
  random: () => number = Math.random,
): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, random() * maxMs));
        return value.apply(target, args);
      };
    },
  });
}
