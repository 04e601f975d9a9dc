/**
 * CloudBase adapters (@cloudbase/node-sdk v3). The SDK is loaded lazily, on first use, so local runs
 * and tests never evaluate it (off-cloud without credentials it crashes the process). Functions run
 * as admin: security rules do not apply here, so every handler checks ownership itself, and `_openid`
 * is written explicitly. `get()` returns at most 100 rows by default and 1000 at most: we page.
 */
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
import { latestCommit, newPushId, pushesToKeep } from './policy-push';

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's collection and command types are `any` */
type Db = any;

export interface CloudbaseOptions {
  /** Environment id; omitted inside a cloud function (the current environment is used). */
  env?: string;
  secretId?: string;
  secretKey?: string;
  timeoutMs?: number;
}

let cached: { key: string; db: Db } | undefined;

export function cloudbaseDatabase(options: CloudbaseOptions = {}): Db {
  const key = JSON.stringify([options.env, options.secretId]);
  if (cached?.key === key) return cached.db;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk');
  const app = tcb.init({
    env: options.env ?? tcb.SYMBOL_CURRENT_ENV,
    timeout: options.timeoutMs ?? 5000,
    ...(options.secretId ? { secretId: options.secretId, secretKey: options.secretKey } : {}),
  });
  cached = { key, db: app.database() };
  return cached.db;
}

const PAGE = 100;

/** Maps SDK and network errors to our codes; the detail goes to the function log, not the user. */
async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    console.error(`cloudbase ${what} failed: ${String(code)} ${(error as Error).message}`);
    throw new AppError('UNAVAILABLE');
  }
}

async function getAll(query: any): Promise<any[]> {
  const rows: any[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { data } = await query.skip(offset).limit(PAGE).get();
    rows.push(...data);
    if (data.length < PAGE) return rows;
  }
}

export class CloudbasePolicyStore implements PolicyStore {
  constructor(
    private readonly db: Db,
    private readonly collection = 'policies',
  ) {}

  load(keys: string[]): Promise<LoadedPolicies | null> {
    return guarded('policies.load', async () => {
      const _ = this.db.command;
      // A single round trip: every retained push is small (≤ 3 pushes × the keys asked for).
      const { data } = await this.db
        .collection(this.collection)
        .where({ key: _.in(['commit', ...keys]) })
        .limit(1000)
        .get();
      const rows = data as (PolicyDoc | PolicyCommit)[];
      const commit = latestCommit(rows.filter((r): r is PolicyCommit => r.key === 'commit'));
      if (!commit) return null;
      return {
        pushId: commit.pushId,
        version: commit.version,
        docs: rows.filter((r): r is PolicyDoc => r.key !== 'commit' && r.pushId === commit.pushId),
      };
    });
  }

  push(version: string, docs: Omit<PolicyDoc, '_id' | 'pushId'>[], at: string): Promise<string> {
    return guarded('policies.push', async () => {
      const _ = this.db.command;
      const col = this.db.collection(this.collection);
      const pushId = newPushId(at);
      for (let i = 0; i < docs.length; i += PAGE) {
        await col.add(docs.slice(i, i + PAGE).map((d) => ({ ...d, _id: `${pushId}:${d.key}`, pushId })));
      }
      // The commit goes in last: until it exists, readers keep using the previous push.
      await col.add({ _id: `${pushId}:commit`, pushId, key: 'commit', version, committedAt: at });
      const commits = (await getAll(col.where({ key: 'commit' }))) as PolicyCommit[];
      await col.where({ pushId: _.nin([...pushesToKeep(commits)]) }).remove();
      return pushId;
    });
  }

  activeVersion(): Promise<string | null> {
    return guarded('policies.activeVersion', async () => {
      const commits = (await getAll(
        this.db.collection(this.collection).where({ key: 'commit' }),
      )) as PolicyCommit[];
      return latestCommit(commits)?.version ?? null;
    });
  }
}

export class CloudbaseChecklistStore implements ChecklistStore {
  constructor(
    private readonly db: Db,
    private readonly collection = 'checklists',
  ) {}

  private get col() {
    return this.db.collection(this.collection);
  }

  insert(doc: ChecklistDoc): Promise<void> {
    return guarded('checklists.insert', async () => void (await this.col.add(doc)));
  }

  get(id: string): Promise<ChecklistDoc | null> {
    return guarded('checklists.get', async () => {
      const { data } = await this.col.where({ _id: id }).limit(1).get();
      return (data[0] as ChecklistDoc) ?? null;
    });
  }

  private update(what: string, id: string, fields: Record<string, unknown>, at: string): Promise<boolean> {
    return guarded(what, async () => {
      const _ = this.db.command;
      const { updated } = await this.col.doc(id).update({ ...fields, version: _.inc(1), updatedAt: at });
      return updated > 0;
    });
  }

  patchItem(id: string, index: number, patch: ItemPatch, at: string): Promise<boolean> {
    const fields = Object.fromEntries(Object.entries(patch).map(([k, v]) => [`items.${index}.${k}`, v]));
    return this.update('checklists.patchItem', id, fields, at);
  }

  addMember(id: string, openid: string, at: string): Promise<boolean> {
    return this.update('checklists.addMember', id, { members: this.db.command.addToSet(openid) }, at);
  }

  removeMember(id: string, openid: string, at: string): Promise<boolean> {
    const _ = this.db.command;
    return this.update(
      'checklists.removeMember',
      id,
      { members: _.pull(openid), subscribers: _.pull(openid) },
      at,
    );
  }

  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean> {
    const _ = this.db.command;
    return this.update(
      'checklists.subscribe',
      id,
      { subscribers: subscribed ? _.addToSet(openid) : _.pull(openid) },
      at,
    );
  }

  remove(id: string): Promise<boolean> {
    return guarded('checklists.remove', async () => (await this.col.doc(id).remove()).deleted > 0);
  }

  dueForReminder(until: string): Promise<ChecklistDoc[]> {
    return guarded('checklists.dueForReminder', async () => {
      const _ = this.db.command;
      return (await getAll(
        this.col.where({
          validUntil: _.neq(null).and(_.lte(until)),
          remindedAt: null,
          'subscribers.0': _.exists(true),
        }),
      )) as ChecklistDoc[];
    });
  }

  markReminded(id: string, at: string): Promise<void> {
    return guarded(
      'checklists.markReminded',
      async () => void (await this.col.doc(id).update({ remindedAt: at })),
    );
  }
}
