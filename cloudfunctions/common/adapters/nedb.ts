/**
 * NeDB (@seald-io/nedb) adapters: an embedded, file-backed Mongo-like store for local runs and tests
 * (`DATA_DIR`), or in memory (`:memory:`). Datastores are shared per file through a process-wide
 * registry, so every function bundle loaded into one local server uses the same data.
 */
import { join } from 'node:path';
import type Datastore from '@seald-io/nedb';
import type {
  ChecklistDoc,
  ChecklistStore,
  ItemPatch,
  LoadedPolicies,
  PolicyCommit,
  PolicyDoc,
  PolicyStore,
} from '../ports';
import { AppError } from '../runtime/errors';
import { collection, type AnyDoc, type CollectionOptions, type StoredCollection } from './nedb-collection';
import { recoveryReports } from './nedb-recovery';
import { latestCommit, newPushId, pushesToKeep } from './policy-push';

export { closeAll, collection, COMPACTION_DEFAULTS, type CollectionOptions } from './nedb-collection';
export { KEEP_ASIDE, recoveryReports, type RecoveryReport } from './nedb-recovery';

/** The NeDB datastore of a collection, for tests and inspection; stores go through `collection()`. */
export function openCollection(dataDir: string, name: string): Datastore<AnyDoc> {
  return collection(dataDir, name).datastore;
}

/** Whether damaged lines of this collection's file were kept aside when it was opened. */
export function damageFound(dataDir: string, name: string): boolean {
  const file = join(dataDir, `${name}.db`);
  return recoveryReports().some((r) => r.file === file);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE');
  }
}

export class NedbPolicyStore implements PolicyStore {
  private readonly db: StoredCollection;
  constructor(dataDir: string, options?: CollectionOptions) {
    this.db = collection(dataDir, 'policies', options).view();
  }

  async load(keys: string[]): Promise<LoadedPolicies | null> {
    return guarded(async () => {
      // One query for the commits and the wanted keys of every retained push.
      const rows = (await this.db.findAsync({ key: { $in: ['commit', ...keys] } })) as unknown as (
        PolicyDoc | PolicyCommit
      )[];
      const commit = latestCommit(rows.filter((r): r is PolicyCommit => r.key === 'commit'));
      if (!commit) return null;
      const docs = rows.filter((r): r is PolicyDoc => r.key !== 'commit' && r.pushId === commit.pushId);
      return { pushId: commit.pushId, version: commit.version, docs };
    });
  }

  async push(version: string, docs: Omit<PolicyDoc, '_id' | 'pushId'>[], at: string): Promise<string> {
    return guarded(async () => {
      const pushId = newPushId(at);
      await this.db.insertAsync(docs.map((d) => ({ ...d, _id: `${pushId}:${d.key}`, pushId })) as AnyDoc[]);
      const commit: PolicyCommit = {
        _id: `${pushId}:commit`,
        pushId,
        key: 'commit',
        version,
        committedAt: at,
      };
      await this.db.insertAsync(commit as unknown as AnyDoc);
      const commits = (await this.db.findAsync({ key: 'commit' })) as unknown as PolicyCommit[];
      const keep = pushesToKeep(commits, pushId);
      if (keep) await this.db.removeAsync({ pushId: { $nin: [...keep] } }, { multi: true });
      return pushId;
    });
  }

  async activeVersion(): Promise<string | null> {
    return guarded(async () => {
      const commits = (await this.db.findAsync({ key: 'commit' })) as unknown as PolicyCommit[];
      return latestCommit(commits)?.version ?? null;
    });
  }
}

export class NedbChecklistStore implements ChecklistStore {
  private readonly db: StoredCollection;
  constructor(dataDir: string, options?: CollectionOptions) {
    this.db = collection(dataDir, 'checklists', options).view();
  }

  insert(doc: ChecklistDoc): Promise<void> {
    return guarded(async () => void (await this.db.insertAsync(doc as unknown as AnyDoc)));
  }

  get(id: string): Promise<ChecklistDoc | null> {
    return guarded(
      async () => ((await this.db.findOneAsync({ _id: id })) as unknown as ChecklistDoc) ?? null,
    );
  }

  private async update(id: string, update: AnyDoc, at: string): Promise<boolean> {
    return guarded(async () => {
      const { numAffected } = await this.db.updateAsync(
        { _id: id },
        { ...update, $inc: { version: 1 }, $set: { ...((update.$set as AnyDoc) ?? {}), updatedAt: at } },
      );
      return numAffected > 0;
    });
  }

  patchItem(id: string, index: number, patch: ItemPatch, at: string): Promise<boolean> {
    const $set = Object.fromEntries(Object.entries(patch).map(([k, v]) => [`items.${index}.${k}`, v]));
    return this.update(id, { $set }, at);
  }

  addMember(id: string, openid: string, at: string): Promise<boolean> {
    return this.update(id, { $addToSet: { members: openid } }, at);
  }

  removeMember(id: string, openid: string, at: string): Promise<boolean> {
    return this.update(id, { $pull: { members: openid, subscribers: openid } }, at);
  }

  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean> {
    return this.update(
      id,
      subscribed ? { $addToSet: { subscribers: openid } } : { $pull: { subscribers: openid } },
      at,
    );
  }

  remove(id: string): Promise<boolean> {
    return guarded(async () => (await this.db.removeAsync({ _id: id }, {})) > 0);
  }

  dueForReminder(until: string): Promise<ChecklistDoc[]> {
    return guarded(
      async () =>
        (await this.db.findAsync({
          validUntil: { $ne: null, $lte: until },
          remindedAt: null,
          'subscribers.0': { $exists: true },
        })) as unknown as ChecklistDoc[],
    );
  }

  markReminded(id: string, at: string): Promise<void> {
    return guarded(async () => void (await this.db.updateAsync({ _id: id }, { $set: { remindedAt: at } })));
  }
}
