/**
 * NeDB (@seald-io/nedb) adapters: an embedded, file-backed Mongo-like store for local runs and tests
 * (`DATA_DIR`), or in memory (`:memory:`). Datastores are shared per file through a process-wide
 * registry, so every function bundle loaded into one local server uses the same data.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
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

type AnyDoc = Record<string, unknown>;
const REGISTRY = Symbol.for('yidi-jiuyi.nedb-registry');

function registry(): Map<string, Datastore<AnyDoc>> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Datastore<AnyDoc>>>;
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

export interface RecoveryReport {
  collection: string;
  file: string;
  /** Lines that were not complete JSON (a write cut short by a crash); NeDB drops them on load. */
  droppedLines: number;
}

const REPORTS = Symbol.for('yidi-jiuyi.nedb-recovery');
/** What was dropped when data files were reopened after an unclean stop. */
export function recoveryReports(): RecoveryReport[] {
  const holder = globalThis as unknown as Record<symbol, RecoveryReport[]>;
  return (holder[REPORTS] ??= []);
}

/**
 * Before NeDB loads a data file: a crash in the middle of an append leaves a torn last line. It is
 * cut off (kept aside in `<file>.torn`) and reported, so the store reopens with the last complete
 * state even when the torn line is more than NeDB's 10 % tolerance of a small file.
 */
function recoverTornTail(file: string, collection: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  let keep = lines.length;
  while (keep > 0) {
    const line = lines[keep - 1].trim();
    if (!line) {
      keep--;
      continue;
    }
    try {
      JSON.parse(line);
      break;
    } catch {
      keep--;
    }
  }
  const dropped = lines.slice(keep).filter((line) => line.trim()).length;
  if (!dropped) return;
  writeFileSync(`${file}.torn`, lines.slice(keep).join('\n'));
  writeFileSync(file, lines.slice(0, keep).join('\n') + (keep ? '\n' : ''));
  recoveryReports().push({ collection, file, droppedLines: dropped });
  console.warn(
    `${file}: dropped ${dropped} incomplete line(s) left by an interrupted write; reopened with the last complete state`,
  );
}

/** One datastore per collection: `<dataDir>/<name>.db`, or in memory (a fresh one per `memoryKey`). */
export function openCollection(dataDir: string, name: string): Datastore<AnyDoc> {
  const key = `${dataDir}::${name}`;
  const known = registry().get(key);
  if (known) return known;
  if (!dataDir.startsWith(':memory:')) recoverTornTail(join(dataDir, `${name}.db`), name);
  const store = dataDir.startsWith(':memory:')
    ? new Datastore<AnyDoc>({ inMemoryOnly: true })
    : new Datastore<AnyDoc>({
        filename: join(dataDir, `${name}.db`),
        autoload: true,
        corruptAlertThreshold: 0.1,
      });
  registry().set(key, store);
  return store;
}

/** Forget the datastores (tests, and reopening after a simulated crash). */
export function closeAll(prefix?: string): void {
  for (const key of [...registry().keys()]) if (!prefix || key.startsWith(prefix)) registry().delete(key);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNAVAILABLE', undefined);
  }
}

export class NedbPolicyStore implements PolicyStore {
  private readonly db: Datastore<AnyDoc>;
  constructor(dataDir: string) {
    this.db = openCollection(dataDir, 'policies');
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
  private readonly db: Datastore<AnyDoc>;
  constructor(dataDir: string) {
    this.db = openCollection(dataDir, 'checklists');
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
