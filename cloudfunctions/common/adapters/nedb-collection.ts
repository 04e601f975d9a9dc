/**
 * One NeDB collection as the stores use it: loaded after damaged lines are kept aside, unavailable
 * (never hanging, never taking the process down) when it cannot load, compacted on a schedule and
 * after a number of writes, and written through nedb-persistence.ts (a failed write is undone in
 * memory and leaves no torn line; a deletion rewrites the file).
 *
 * Why not NeDB's own options: `autoload` rethrows a load error as an unhandled rejection (the
 * process exits), and `setAutocompactionInterval` calls `compactDatafile()` without a callback, so
 * a compaction that fails (disk full) is an unhandled rejection too; its interval also keeps the
 * process alive. Both are replaced here by `loadDatabaseAsync` / `compactDatafileAsync` with their
 * errors handled, on an unref'd timer.
 */
import { dirname, join } from 'node:path';
import Datastore from '@seald-io/nedb';
import { guardPersistence } from './nedb-persistence';
import { keepDamagedAside, rotateKeptAside } from './nedb-recovery';

export type AnyDoc = Record<string, unknown>;

/** A find whose sort / skip / limit / projection are applied when it runs (awaited). */
export interface StoredCursor extends PromiseLike<AnyDoc[]> {
  sort(by: Record<string, 1 | -1>): StoredCursor;
  skip(n: number): StoredCursor;
  limit(n: number): StoredCursor;
  projection(fields: Record<string, 0 | 1>): StoredCursor;
}

/**
 * The datastore methods the stores use, each run through the collection: waiting for the load,
 * UNAVAILABLE when it failed, writes counted for compaction.
 */
export interface StoredCollection {
  findAsync(query: AnyDoc, projection?: Record<string, 0 | 1>): StoredCursor;
  findOneAsync(query: AnyDoc, projection?: Record<string, 0 | 1>): Promise<AnyDoc | null>;
  countAsync(query: AnyDoc): Promise<number>;
  insertAsync<T extends AnyDoc | AnyDoc[]>(docs: T): Promise<T>;
  updateAsync(
    query: AnyDoc,
    update: AnyDoc,
    options?: { multi?: boolean; upsert?: boolean; returnUpdatedDocs?: boolean },
  ): Promise<{ numAffected: number; affectedDocuments: unknown; upsert: boolean }>;
  removeAsync(query: AnyDoc, options?: { multi?: boolean }): Promise<number>;
}

export interface CollectionOptions {
  /** While there are writes, the file is compacted at least this often (ms). */
  compactEveryMs?: number;
  /** …and after this many writes, or as many writes as the collection has documents if more. */
  compactAfterWrites?: number;
  /** A collection that could not load is tried again on first use after this long (ms). */
  retryLoadAfterMs?: number;
}

export const COMPACTION_DEFAULTS: Required<CollectionOptions> = {
  compactEveryMs: 60_000,
  compactAfterWrites: 1000,
  retryLoadAfterMs: 30_000,
};

/** Thrown when a collection cannot be used; the stores turn it into UNAVAILABLE. */
export class CollectionUnavailable extends Error {
  constructor(collection: string, cause: unknown) {
    super(`${collection} is unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'CollectionUnavailable';
  }
}

export class NedbCollection {
  private db!: Datastore<AnyDoc>;
  private ready!: Promise<void>;
  /** Why the collection cannot be used right now, and since when. */
  private failure: { error: unknown; at: number } | null = null;
  private writesSinceCompaction = 0;
  private compactAt: number;
  /** Compaction is failing (said once in the log); it is tried again on the timer, not every write. */
  private compactionFailing = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly options: Required<CollectionOptions>;

  constructor(
    readonly name: string,
    /** The data file, or null for an in-memory collection. */
    readonly file: string | null,
    options: CollectionOptions = {},
  ) {
    this.options = { ...COMPACTION_DEFAULTS, ...options };
    this.compactAt = this.options.compactAfterWrites;
    this.open();
  }

  /** The NeDB datastore (tests and inspection); prefer read/write, which handle failures. */
  get datastore(): Datastore<AnyDoc> {
    return this.db;
  }

  private open(): void {
    this.stopTimer();
    this.failure = null;
    if (!this.file) {
      this.db = new Datastore<AnyDoc>({ inMemoryOnly: true });
      this.ready = Promise.resolve();
      return;
    }
    const file = this.file;
    this.db = new Datastore<AnyDoc>({ filename: file });
    const persistence = guardPersistence(this.db, file, {
      writeUndone: (error) => {
        console.error(`${file}: a write failed (${(error as Error).message}); it was undone`);
      },
      unreadable: (error) => {
        this.failure = { error, at: Date.now() };
        console.error(
          `${file}: a write failed and the file could not be read back; ${this.name} is unavailable`,
        );
      },
      rewritten: () => this.compacted(),
      rewriteFailed: (error) => this.compactionFailed(error),
    });
    this.ready = (async () => {
      await keepDamagedAside(file, this.name);
      await persistence.load();
      this.compactAt = Math.max(this.options.compactAfterWrites, this.db.getAllData().length);
    })();
    this.ready.then(
      () => this.startTimer(),
      (error: unknown) => {
        this.failure = { error, at: Date.now() };
        console.error(
          `${file}: could not be loaded (${(error as Error)?.message ?? error}); ${this.name} answers UNAVAILABLE until it can`,
        );
      },
    );
  }

  private async usable(): Promise<Datastore<AnyDoc>> {
    if (this.failure && Date.now() - this.failure.at >= this.options.retryLoadAfterMs) this.open();
    try {
      await this.ready;
    } catch (error) {
      throw new CollectionUnavailable(this.name, error);
    }
    if (this.failure) throw new CollectionUnavailable(this.name, this.failure.error);
    return this.db;
  }

  private checked<T>(result: T): T {
    // A failed write's reload may have failed while this operation waited in NeDB's queue.
    if (this.failure) throw new CollectionUnavailable(this.name, this.failure.error);
    return result;
  }

  async read<T>(work: (db: Datastore<AnyDoc>) => Promise<T>): Promise<T> {
    const db = await this.usable();
    return this.checked(await work(db));
  }

  async write<T>(work: (db: Datastore<AnyDoc>) => Promise<T>): Promise<T> {
    const db = await this.usable();
    const result = this.checked(await work(db));
    if (++this.writesSinceCompaction >= this.compactAt && !this.compactionFailing) void this.compact();
    return result;
  }

  /** The datastore's query and write methods, run through this collection. */
  view(): StoredCollection {
    type Step = [keyof StoredCursor, unknown[]];
    const find = (query: AnyDoc, projection?: Record<string, 0 | 1>, steps: Step[] = []): StoredCursor => {
      const chain = (method: keyof StoredCursor) => (arg: unknown) =>
        find(query, projection, [...steps, [method, [arg]]]);
      return {
        sort: chain('sort'),
        skip: chain('skip'),
        limit: chain('limit'),
        projection: chain('projection'),
        then: (done, failed) =>
          this.read((db) => {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- NeDB's Cursor, step by step
            let cursor: any = db.findAsync(query, projection);
            for (const [method, args] of steps) cursor = cursor[method](...args);
            return cursor as Promise<AnyDoc[]>;
          }).then(done, failed),
      } as StoredCursor;
    };
    return {
      findAsync: (query, projection) => find(query, projection),
      findOneAsync: (query, projection) => this.read((db) => db.findOneAsync(query, projection)),
      countAsync: (query) => this.read(async (db) => db.countAsync(query)),
      insertAsync: (docs) =>
        this.write((db) => db.insertAsync(docs as AnyDoc) as unknown as Promise<typeof docs>),
      updateAsync: (query, update, options) =>
        this.write(
          (db) => db.updateAsync(query, update, options ?? {}) as ReturnType<StoredCollection['updateAsync']>,
        ),
      removeAsync: (query, options) => this.write((db) => db.removeAsync(query, options ?? {})),
    };
  }

  /** Rewrites the file with only the current documents: overwritten and deleted data leave the disk. */
  async compact(): Promise<void> {
    if (!this.file || this.failure) return;
    const pending = this.writesSinceCompaction;
    this.writesSinceCompaction = 0;
    try {
      await this.db.compactDatafileAsync();
      this.compacted();
    } catch (error) {
      this.writesSinceCompaction += Math.max(1, pending); // the timer tries again
      this.compactionFailed(error);
    }
  }

  /** After any rewrite of the whole file. */
  private compacted(): void {
    if (!this.file) return;
    this.writesSinceCompaction = 0;
    this.compactAt = Math.max(this.options.compactAfterWrites, this.db.getAllData().length);
    if (this.compactionFailing) console.warn(`${this.file}: compaction works again`);
    this.compactionFailing = false;
    rotateKeptAside(this.file);
  }

  /**
   * Said once, until compaction works again: writes are still saved (appended), but the file grows
   * and overwritten or deleted data stays in it. Tried again on the timer, not on every write.
   */
  private compactionFailed(error: unknown): void {
    if (this.compactionFailing) return;
    this.compactionFailing = true;
    const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
    console.error(
      `${this.file}: cannot compact (${reason}): the folder ${dirname(this.file!)} is not writable or the disk is full. ` +
        `Writes are still saved, but the file grows and overwritten or deleted data stays in it until compaction works; ` +
        `tried again every ${Math.round(this.options.compactEveryMs / 1000)} s while there are writes (not logged again).`,
    );
  }

  private startTimer(): void {
    this.timer = setInterval(() => {
      if (this.writesSinceCompaction > 0) void this.compact();
    }, this.options.compactEveryMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the compaction timer; the collection is no longer used. */
  close(): void {
    this.stopTimer();
  }
}

type Registry = Map<string, NedbCollection>;
const REGISTRY = Symbol.for('yidi-jiuyi.nedb-collections');

/** Collections are shared per data file across every function bundle loaded into one process. */
function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry>;
  return (holder[REGISTRY] ??= new Map());
}

/** `<dataDir>/<name>.db`, or in memory when dataDir starts with ":memory:" (a fresh one per dataDir). */
export function collection(dataDir: string, name: string, options?: CollectionOptions): NedbCollection {
  const key = `${dataDir}::${name}`;
  let found = registry().get(key);
  if (!found) {
    found = new NedbCollection(
      name,
      dataDir.startsWith(':memory:') ? null : join(dataDir, `${name}.db`),
      options,
    );
    registry().set(key, found);
  }
  return found;
}

/** Forgets the collections (tests, and reopening after a simulated crash), stopping their timers. */
export function closeAll(prefix?: string): void {
  for (const [key, found] of [...registry()]) {
    if (prefix && !key.startsWith(prefix)) continue;
    found.close();
    registry().delete(key);
  }
}
