/**
 * NeDB (@seald-io/nedb) adapters: an embedded, file-backed Mongo-like store for local runs and tests
 * (`DATA_DIR`), or in memory (`:memory:`). Datastores are shared per file through a process-wide
 * registry, so every function bundle loaded into one local server uses the same data.
 */
import { join } from 'node:path';
import type Datastore from '@seald-io/nedb';
import type {
  ChecklistCode,
  ChecklistDoc,
  ChecklistStore,
  ItemGuard,
  ItemPatch,
  ListCursor,
  LoadedPolicies,
  PolicyCommit,
  PolicyDoc,
  PolicyStore,
  ReminderOutcome,
  StoredRow,
  WatchStore,
} from '../ports';
import type { WatchReport } from '../watch/report';
import { storedReport, watchDocId, WATCH_REPORTS_KEPT } from './watch-docs';
import { projection, REMINDER_FIELDS, storedChecklist } from '../checklist/stored';
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

export class NedbWatchStore implements WatchStore {
  private readonly db: StoredCollection;
  constructor(dataDir: string, options?: CollectionOptions) {
    this.db = collection(dataDir, 'watch', options).view();
  }

  record(report: WatchReport): Promise<void> {
    return guarded(async () => {
      const _id = watchDocId(report);
      await this.db.updateAsync({ _id }, { _id, ...report } as AnyDoc, { upsert: true });
      const older = await this.db
        .findAsync({}, { checkedAt: 1 })
        .sort({ checkedAt: -1 })
        .skip(WATCH_REPORTS_KEPT);
      if (older.length)
        await this.db.removeAsync({ checkedAt: { $lte: older[0].checkedAt } }, { multi: true });
    });
  }

  latest(): Promise<WatchReport | null> {
    return guarded(async () => {
      const [row] = await this.db.findAsync({}).sort({ checkedAt: -1 }).limit(1);
      return storedReport(row);
    });
  }
}

/** The owner or a current member: the condition every member's write carries. */
const memberOf = (openid: string) => ({ $or: [{ _openid: openid }, { members: openid }] });
/** Any item ticked or noted by this person: what they wrote keeps them in `people`. */
const wroteAnything = (openid: string) => [{ 'items.doneBy': openid }, { 'items.noteBy': openid }];
/** Never returned by reads: the code image is fetched on its own. */
const WITHOUT_CODE: Record<string, 0 | 1> = { code: 0 };
const REMINDER_FIELDS_ONLY = projection(REMINDER_FIELDS);

export class NedbChecklistStore implements ChecklistStore {
  private readonly db: StoredCollection;
  constructor(dataDir: string, options?: CollectionOptions) {
    this.db = collection(dataDir, 'checklists', options).view();
  }

  insert(doc: ChecklistDoc): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.db.insertAsync(doc as unknown as AnyDoc);
        return true;
      } catch (error) {
        if ((error as { errorType?: string }).errorType === 'uniqueViolated') return false;
        throw error;
      }
    });
  }

  get(id: string): Promise<ChecklistDoc | null> {
    return guarded(async () => {
      const row = (await this.db.findOneAsync({ _id: id }, WITHOUT_CODE)) as unknown as ChecklistDoc | null;
      return row ? storedChecklist(row) : null;
    });
  }

  version(id: string, caller: string): Promise<number | null> {
    return guarded(async () => {
      const row = await this.db.findOneAsync({ _id: id, ...memberOf(caller) }, { version: 1 });
      return typeof row?.version === 'number' ? row.version : null;
    });
  }

  list(caller: string, limit: number, cursor?: ListCursor): Promise<ChecklistDoc[]> {
    return guarded(async () => {
      const after = cursor
        ? [
            {
              $or: [
                { createdAt: { $lt: cursor.createdAt } },
                { createdAt: cursor.createdAt, _id: { $lt: cursor.id } },
              ],
            },
          ]
        : [];
      return (
        (await this.db
          .findAsync({ $and: [memberOf(caller), ...after] }, WITHOUT_CODE)
          .sort({ createdAt: -1, _id: -1 })
          .limit(limit)) as unknown as ChecklistDoc[]
      ).map(storedChecklist);
    });
  }

  /** One conditional update: writes only where `query` still matches; bumps the version. */
  private async change(query: AnyDoc, update: AnyDoc, at: string): Promise<boolean> {
    return guarded(async () => {
      const { numAffected } = await this.db.updateAsync(query, {
        ...update,
        $inc: { ...((update.$inc as AnyDoc) ?? {}), version: 1 },
        $set: { ...((update.$set as AnyDoc) ?? {}), updatedAt: at },
      });
      return numAffected > 0;
    });
  }

  patchItem(id: string, index: number, patch: ItemPatch, at: string, guard?: ItemGuard): Promise<boolean> {
    const $set: AnyDoc = { ...guard?.also };
    for (const [k, v] of Object.entries(patch)) $set[`items.${index}.${k}`] = v;
    const query: AnyDoc = { _id: id, [`items.${index}.id`]: { $exists: true } };
    if (guard) {
      Object.assign(query, memberOf(guard.caller), { [`items.${index}.id`]: guard.itemId });
      if (guard.rev !== undefined) query[`items.${index}.rev`] = guard.rev;
    }
    return this.change(query, { $set, $inc: { [`items.${index}.rev`]: 1 } }, at);
  }

  join(
    id: string,
    openid: string,
    limits: { shareToken: string; maxMembers: number; maxPeople: number },
    at: string,
  ): Promise<boolean> {
    return this.change(
      {
        _id: id,
        shareToken: limits.shareToken,
        [`members.${limits.maxMembers - 1}`]: { $exists: false },
        $or: [{ people: openid }, { [`people.${limits.maxPeople - 1}`]: { $exists: false } }],
      },
      { $addToSet: { members: openid, people: openid } },
      at,
    );
  }

  async removeMember(
    id: string,
    openid: string,
    at: string,
    by?: { owner: string; shareToken: string },
  ): Promise<boolean> {
    const row = await guarded(() => this.db.findOneAsync({ _id: id }, { people: 1, reminderFailures: 1 }));
    const $pull: AnyDoc = { members: openid, subscribers: openid };
    // (Older documents may lack the field; NeDB refuses to pull from a missing array.)
    if (Array.isArray(row?.reminderFailures)) $pull.reminderFailures = { to: openid };
    const query: AnyDoc = { _id: id, members: openid, ...(by ? { _openid: by.owner } : {}) };
    const $set: AnyDoc = by ? { shareToken: by.shareToken } : {};
    const update: AnyDoc = { $pull, $set, ...(by ? { $unset: { code: true } } : {}) };
    const place = Array.isArray(row?.people) ? (row.people as string[]).indexOf(openid) : -1;
    if (place >= 0) {
      const forgotten = await this.change(
        { ...query, [`people.${place}`]: openid, $not: { $or: wroteAnything(openid) } },
        { ...update, $set: { ...$set, [`people.${place}`]: '' } },
        at,
      );
      if (forgotten) return true;
    }
    return this.change(query, update, at);
  }

  rotateToken(id: string, owner: string, shareToken: string, at: string): Promise<boolean> {
    return this.change({ _id: id, _openid: owner }, { $set: { shareToken }, $unset: { code: true } }, at);
  }

  setAllowReshare(
    id: string,
    owner: string,
    allow: boolean,
    at: string,
    shareToken?: string,
  ): Promise<boolean> {
    const update: AnyDoc = shareToken
      ? { $set: { allowReshare: allow, shareToken }, $unset: { code: true } }
      : { $set: { allowReshare: allow } };
    return this.change({ _id: id, _openid: owner }, update, at);
  }

  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean> {
    return this.change(
      { _id: id, ...memberOf(openid) },
      subscribed ? { $addToSet: { subscribers: openid } } : { $pull: { subscribers: openid } },
      at,
    );
  }

  remove(id: string, owner?: string): Promise<boolean> {
    const query: AnyDoc = { _id: id, ...(owner !== undefined ? { _openid: owner } : {}) };
    return guarded(async () => (await this.db.removeAsync(query, {})) > 0);
  }

  code(id: string): Promise<ChecklistCode | null> {
    return guarded(async () => {
      const row = await this.db.findOneAsync({ _id: id }, { code: 1 });
      return (row?.code as ChecklistCode | undefined) ?? null;
    });
  }

  saveCode(id: string, code: ChecklistCode): Promise<boolean> {
    return guarded(async () => {
      const { numAffected } = await this.db.updateAsync(
        { _id: id, shareToken: code.token },
        { $set: { code } },
      );
      return numAffected > 0;
    });
  }

  dueForReminder(until: string): Promise<StoredRow[]> {
    return guarded(async () =>
      this.db.findAsync(
        {
          validUntil: { $ne: null, $lte: until },
          remindedAt: null,
          'subscribers.0': { $exists: true },
        },
        REMINDER_FIELDS_ONLY,
      ),
    );
  }

  claimReminder(id: string, validUntil: string, at: string, staleBefore: string): Promise<boolean> {
    return guarded(async () => {
      const { numAffected } = await this.db.updateAsync(
        {
          _id: id,
          remindedAt: null,
          validUntil,
          // NeDB's null matches only a stored null, not a missing field (MongoDB's matches both).
          $or: [
            { reminderClaimedAt: { $exists: false } },
            { reminderClaimedAt: null },
            { reminderClaimedAt: { $lt: staleBefore } },
          ],
        },
        { $set: { reminderClaimedAt: at } },
      );
      return numAffected > 0;
    });
  }

  settleReminder(
    id: string,
    claimedAt: string,
    validUntil: string,
    outcome: ReminderOutcome,
  ): Promise<boolean> {
    return guarded(async () => {
      const settled = await this.db.updateAsync(
        { _id: id, reminderClaimedAt: claimedAt, validUntil },
        {
          $set: {
            reminderClaimedAt: null,
            reminderProgress: outcome.progress,
            reminderFailures: outcome.failures,
            remindedAt: outcome.remindedAt,
          },
        },
      );
      if (settled.numAffected > 0) return true;
      await this.db.updateAsync(
        { _id: id, reminderClaimedAt: claimedAt },
        { $set: { reminderClaimedAt: null } },
      );
      return false;
    });
  }

  removeIdleBefore(before: string): Promise<number> {
    return guarded(async () => this.db.removeAsync({ updatedAt: { $lt: before } }, { multi: true }));
  }
}
