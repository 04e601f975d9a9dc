/**
 * CloudBase adapters (@cloudbase/node-sdk v3). The SDK is loaded lazily, on first use, so local runs
 * and tests never evaluate it (off-cloud without credentials it crashes the process). Functions run
 * as admin: security rules do not apply here, so every handler checks ownership itself, and `_openid`
 * is written explicitly. `get()` returns at most 100 rows by default and 1000 at most: we page.
 */
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

/** Refuses to start on a configuration the SDK would fail on later, or crash the process over. */
function misconfigured(problem: string): AppError {
  console.error(`cloudbase: misconfigured: ${problem}`);
  return new AppError('UNAVAILABLE');
}

/**
 * Inside a function the SDK needs the environment id and the run-time keys CloudBase injects;
 * outside (scripts, test:cloudbase) an environment id and both keys must be given. Without keys
 * node-sdk rejects a promise nobody awaits and Node exits (research: cloudbase §6), so check first.
 */
function checkConfiguration(options: CloudbaseOptions, env: NodeJS.ProcessEnv): void {
  if (options.env === undefined) {
    if (env.TENCENTCLOUD_RUNENV !== 'SCF')
      throw misconfigured(
        'outside CloudBase an environment id and keys are needed: set CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY',
      );
    if (!env.TCB_ENV && !env.SCF_NAMESPACE)
      throw misconfigured(
        'neither TCB_ENV nor SCF_NAMESPACE is set: the function does not know its environment',
      );
    for (const name of ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'])
      if (!env[name])
        throw misconfigured(
          `${name} is not set: CloudBase gives a function its keys through its run role (运行角色)`,
        );
    return;
  }
  if (!options.env) throw misconfigured('the environment id is empty (CLOUDBASE_ENV)');
  if (!options.secretId || !options.secretKey)
    throw misconfigured(
      `${options.secretId ? 'TENCENTCLOUD_SECRETKEY' : 'TENCENTCLOUD_SECRETID'} is not set for environment ${options.env}`,
    );
}

/** The database of the function's own environment, or of `options.env` with keys (scripts, tests). */
export function cloudbaseDatabase(options: CloudbaseOptions = {}, env: NodeJS.ProcessEnv = process.env): Db {
  checkConfiguration(options, env);
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

/** What an operator should do about a server-side error code, when it is a setup problem. */
const SETUP_HINTS: Record<string, string> = {
  DATABASE_COLLECTION_NOT_EXIST:
    'the collection does not exist: run npm run deploy (or create it in the console)',
  DATABASE_PERMISSION_DENIED: 'the keys may not use this database',
  INVALID_ENV: 'the environment id is wrong',
  SIGN_PARAM_INVALID: 'the keys were refused',
  AUTH_FAILED: 'the keys were refused',
};

/** Maps SDK and network errors to our codes; the detail goes to the function log, not the user. */
async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = String((error as { code?: unknown }).code);
    const hint = SETUP_HINTS[code] ? ` — ${SETUP_HINTS[code]}` : '';
    console.error(`cloudbase ${what} failed: ${code} ${(error as Error).message}${hint}`);
    throw new AppError('UNAVAILABLE');
  }
}

/** Every row of a query, a page at a time; sorted by _id, since MongoDB keeps no order otherwise. */
async function getAll(query: any): Promise<any[]> {
  const rows: any[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { data } = await query.orderBy('_id', 'asc').skip(offset).limit(PAGE).get();
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
    return guarded(`${this.collection}.load`, async () => {
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
    return guarded(`${this.collection}.push`, async () => {
      const _ = this.db.command;
      const col = this.db.collection(this.collection);
      const pushId = newPushId(at);
      for (let i = 0; i < docs.length; i += PAGE) {
        await col.add(docs.slice(i, i + PAGE).map((d) => ({ ...d, _id: `${pushId}:${d.key}`, pushId })));
      }
      // The commit goes in last: until it exists, readers keep using the previous push.
      await col.add({ _id: `${pushId}:commit`, pushId, key: 'commit', version, committedAt: at });
      const commits = (await getAll(col.where({ key: 'commit' }))) as PolicyCommit[];
      const keep = pushesToKeep(commits, pushId);
      if (keep) await col.where({ pushId: _.nin([...keep]) }).remove();
      else console.warn(`cloudbase policies.push: commit ${pushId} not read back yet; older pushes kept`);
      return pushId;
    });
  }

  activeVersion(): Promise<string | null> {
    return guarded(`${this.collection}.activeVersion`, async () => {
      const commits = (await getAll(
        this.db.collection(this.collection).where({ key: 'commit' }),
      )) as PolicyCommit[];
      return latestCommit(commits)?.version ?? null;
    });
  }
}

export class CloudbaseWatchStore implements WatchStore {
  constructor(
    private readonly db: Db,
    private readonly collection = 'watch',
  ) {}

  record(report: WatchReport): Promise<void> {
    return guarded(`${this.collection}.record`, async () => {
      const col = this.db.collection(this.collection);
      await col.doc(watchDocId(report)).set(report);
      const { data } = await col
        .orderBy('checkedAt', 'desc')
        .skip(WATCH_REPORTS_KEPT)
        .limit(1)
        .field({ checkedAt: true })
        .get();
      if (data.length) await col.where({ checkedAt: this.db.command.lte(data[0].checkedAt) }).remove();
    });
  }

  latest(): Promise<WatchReport | null> {
    return guarded(`${this.collection}.latest`, async () => {
      const { data } = await this.db.collection(this.collection).orderBy('checkedAt', 'desc').limit(1).get();
      return storedReport(data[0]);
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

  private get _() {
    return this.db.command;
  }

  /** The owner or a current member: the condition every member's write carries. */
  private memberOf(openid: string) {
    return this._.or([{ _openid: openid }, { members: openid }]);
  }

  /** `{ _id }` and every other condition, for one `where()`. */
  private only(id: string, ...conditions: unknown[]) {
    return conditions.length ? this._.and([{ _id: id }, ...conditions]) : { _id: id };
  }

  insert(doc: ChecklistDoc): Promise<boolean> {
    return guarded(`${this.collection}.insert`, async () => {
      try {
        await this.col.add(doc);
        return true;
      } catch (error) {
        // An _id that exists already is refused; any other failure is passed on.
        if ((await this.col.where({ _id: doc._id }).count()).total > 0) return false;
        throw error;
      }
    });
  }

  get(id: string): Promise<ChecklistDoc | null> {
    return guarded(`${this.collection}.get`, async () => {
      const { data } = await this.col.where({ _id: id }).field({ code: false }).limit(1).get();
      return data[0] ? storedChecklist(data[0] as ChecklistDoc) : null;
    });
  }

  version(id: string, caller: string): Promise<number | null> {
    return guarded(`${this.collection}.version`, async () => {
      const { data } = await this.col
        .where(this.only(id, this.memberOf(caller)))
        .field({ version: true })
        .limit(1)
        .get();
      return typeof data[0]?.version === 'number' ? data[0].version : null;
    });
  }

  list(caller: string, limit: number, cursor?: ListCursor): Promise<ChecklistDoc[]> {
    return guarded(`${this.collection}.list`, async () => {
      const _ = this._;
      const mine = this.memberOf(caller);
      const query = cursor
        ? _.and([
            mine,
            _.or([
              { createdAt: _.lt(cursor.createdAt) },
              { createdAt: cursor.createdAt, _id: _.lt(cursor.id) },
            ]),
          ])
        : mine;
      const { data } = await this.col
        .where(query)
        .field({ code: false })
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(limit)
        .get();
      return (data as ChecklistDoc[]).map(storedChecklist);
    });
  }

  /** One conditional update: writes only where `where` still matches; bumps the version. */
  private change(
    what: string,
    where: unknown,
    fields: Record<string, unknown>,
    at: string,
  ): Promise<boolean> {
    return guarded(`${this.collection}.${what}`, async () => {
      const { updated } = await this.col
        .where(where)
        .update({ ...fields, version: this._.inc(1), updatedAt: at });
      return updated > 0;
    });
  }

  patchItem(id: string, index: number, patch: ItemPatch, at: string, guard?: ItemGuard): Promise<boolean> {
    const item = `items.${index}`;
    const fields: Record<string, unknown> = { ...guard?.also, [`${item}.rev`]: this._.inc(1) };
    for (const [k, v] of Object.entries(patch)) fields[`${item}.${k}`] = v;
    const conditions: unknown[] = [{ [`${item}.id`]: guard ? guard.itemId : this._.exists(true) }];
    if (guard) conditions.push(this.memberOf(guard.caller));
    if (guard?.rev !== undefined) conditions.push({ [`${item}.rev`]: guard.rev });
    return this.change('patchItem', this.only(id, ...conditions), fields, at);
  }

  join(
    id: string,
    openid: string,
    limits: { shareToken: string; maxMembers: number; maxPeople: number },
    at: string,
  ): Promise<boolean> {
    const _ = this._;
    return this.change(
      'join',
      this.only(
        id,
        { shareToken: limits.shareToken },
        { [`members.${limits.maxMembers - 1}`]: _.exists(false) },
        _.or([{ people: openid }, { [`people.${limits.maxPeople - 1}`]: _.exists(false) }]),
      ),
      { members: _.addToSet(openid), people: _.addToSet(openid) },
      at,
    );
  }

  async removeMember(
    id: string,
    openid: string,
    at: string,
    by?: { owner: string; shareToken: string },
  ): Promise<boolean> {
    const _ = this._;
    const { data } = await guarded<{ data: ChecklistDoc[] }>(`${this.collection}.removeMember`, () =>
      this.col.where({ _id: id }).field({ people: true }).limit(1).get(),
    );
    const conditions: unknown[] = [{ members: openid }, ...(by ? [{ _openid: by.owner }] : [])];
    const fields: Record<string, unknown> = {
      members: _.pull(openid),
      subscribers: _.pull(openid),
      reminderFailures: _.pull({ to: openid }),
      ...(by ? { shareToken: by.shareToken, code: _.remove() } : {}),
    };
    const people: unknown = data[0]?.people;
    const place = Array.isArray(people) ? people.indexOf(openid) : -1;
    if (place >= 0) {
      const neverWrote = _.nor([{ 'items.doneBy': openid }, { 'items.noteBy': openid }]);
      const forgotten = await this.change(
        'removeMember',
        this.only(id, ...conditions, { [`people.${place}`]: openid }, neverWrote),
        { ...fields, [`people.${place}`]: '' },
        at,
      );
      if (forgotten) return true;
    }
    return this.change('removeMember', this.only(id, ...conditions), fields, at);
  }

  rotateToken(id: string, owner: string, shareToken: string, at: string): Promise<boolean> {
    return this.change(
      'rotateToken',
      this.only(id, { _openid: owner }),
      { shareToken, code: this._.remove() },
      at,
    );
  }

  setAllowReshare(
    id: string,
    owner: string,
    allow: boolean,
    at: string,
    shareToken?: string,
  ): Promise<boolean> {
    const fields = shareToken
      ? { allowReshare: allow, shareToken, code: this._.remove() }
      : { allowReshare: allow };
    return this.change('setAllowReshare', this.only(id, { _openid: owner }), fields, at);
  }

  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean> {
    const _ = this._;
    return this.change(
      'subscribe',
      this.only(id, this.memberOf(openid)),
      { subscribers: subscribed ? _.addToSet(openid) : _.pull(openid) },
      at,
    );
  }

  remove(id: string, owner?: string): Promise<boolean> {
    return guarded(`${this.collection}.remove`, async () => {
      const where = owner !== undefined ? this.only(id, { _openid: owner }) : { _id: id };
      return (await this.col.where(where).remove()).deleted > 0;
    });
  }

  code(id: string): Promise<ChecklistCode | null> {
    return guarded(`${this.collection}.code`, async () => {
      const { data } = await this.col.where({ _id: id }).field({ code: true }).limit(1).get();
      return (data[0]?.code as ChecklistCode | undefined) ?? null;
    });
  }

  saveCode(id: string, code: ChecklistCode): Promise<boolean> {
    return guarded(`${this.collection}.saveCode`, async () => {
      // `set` stores the object as given, rather than merging it into an older code field.
      const { updated } = await this.col
        .where(this.only(id, { shareToken: code.token }))
        .update({ code: this._.set(code) });
      return updated > 0;
    });
  }

  dueForReminder(until: string): Promise<StoredRow[]> {
    return guarded(`${this.collection}.dueForReminder`, async () => {
      const _ = this._;
      return getAll(
        this.col
          .where({
            validUntil: _.neq(null).and(_.lte(until)),
            remindedAt: null,
            'subscribers.0': _.exists(true),
          })
          .field(projection(REMINDER_FIELDS)),
      );
    });
  }

  claimReminder(id: string, validUntil: string, at: string, staleBefore: string): Promise<boolean> {
    return guarded(`${this.collection}.claimReminder`, async () => {
      const _ = this._;
      const free = _.or([
        { reminderClaimedAt: _.exists(false) },
        { reminderClaimedAt: null },
        { reminderClaimedAt: _.lt(staleBefore) },
      ]);
      const { updated } = await this.col
        .where(this.only(id, { remindedAt: null }, { validUntil }, free))
        .update({ reminderClaimedAt: at });
      return updated > 0;
    });
  }

  settleReminder(
    id: string,
    claimedAt: string,
    validUntil: string,
    outcome: ReminderOutcome,
  ): Promise<boolean> {
    return guarded(`${this.collection}.settleReminder`, async () => {
      const { updated } = await this.col
        .where(this.only(id, { reminderClaimedAt: claimedAt }, { validUntil }))
        .update({
          reminderClaimedAt: null,
          // `set` stores each value as given, rather than merging into what was stored.
          reminderProgress: this._.set(outcome.progress),
          reminderFailures: this._.set(outcome.failures),
          remindedAt: outcome.remindedAt,
        });
      if (updated > 0) return true;
      await this.col
        .where(this.only(id, { reminderClaimedAt: claimedAt }))
        .update({ reminderClaimedAt: null });
      return false;
    });
  }

  removeIdleBefore(before: string): Promise<number> {
    return guarded(
      `${this.collection}.removeIdleBefore`,
      async () => (await this.col.where({ updatedAt: this._.lt(before) }).remove()).deleted as number,
    );
  }
}
