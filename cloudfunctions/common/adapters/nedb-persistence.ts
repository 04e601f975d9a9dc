/**
 * How a NeDB datastore's changes reach its file, made safe for a full disk and a failed write.
 *
 * NeDB changes its in-memory documents first and then appends one line per changed document. Left
 * alone, a failed append has two consequences: the change stays visible in memory (and is saved by
 * the next write or compaction), and the bytes that did fit stay in the file as a torn line with no
 * line end, so the next append after space returns is glued onto it and both are lost when the file
 * is next loaded. Here, a failed append is cut back to the file's last good length before anything
 * else is written, and memory is put back to what the file holds; the write is answered as failed.
 *
 * A deletion is written by rewriting the file with only the current documents (crash-safe: a new
 * file, flushed, renamed over the old one), so the deleted document leaves the disk before the
 * deletion is acknowledged and no damaged deletion line can bring it back. Where the file cannot be
 * rewritten (a read-only folder, a full disk) the deletion is appended as a line instead.
 *
 * Loading rewrites the file too (NeDB compacts on load); where that fails the data is still loaded
 * from the file as it is, instead of the collection being unusable in a read-only folder.
 */
import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { rm, stat, truncate } from 'node:fs/promises';
import type Datastore from '@seald-io/nedb';

type AnyDoc = Record<string, unknown>;

/** The parts of NeDB 4's internals used here (persistence.js, datastore.js). */
interface NedbInternals {
  persistence: {
    persistNewStateAsync(docs: AnyDoc[]): Promise<void>;
    persistCachedDatabaseAsync(): Promise<void>;
    treatRawStreamAsync(stream: NodeJS.ReadableStream): Promise<{ data: AnyDoc[] }>;
  };
  _resetIndexes(data?: AnyDoc[]): void;
}

export interface PersistenceEvents {
  /** A write could not be saved; memory holds what the file holds again. */
  writeUndone(error: unknown): void;
  /** A write could not be saved and the file could not be read back: the collection is unusable. */
  unreadable(error: unknown): void;
  /** The file was rewritten with only the current documents (by a deletion). */
  rewritten(): void;
  /** Rewriting the file failed (for a deletion: it was appended as a line instead). */
  rewriteFailed(error: unknown): void;
}

export interface GuardedPersistence {
  /** Loads the file into memory (NeDB's load), tolerating a rewrite that fails. */
  load(): Promise<void>;
}

const isDeletion = (doc: AnyDoc) => doc.$$deleted === true;

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Removes what a failed rewrite left of its new file (it may fill the disk), never the data file. */
export async function removeUnfinishedRewrite(file: string): Promise<void> {
  if (existsSync(file)) await rm(`${file}~`, { force: true }).catch(() => undefined);
}

/** Installs the safe write path on `db`, whose data file is `file`. */
export function guardPersistence(
  db: Datastore<AnyDoc>,
  file: string,
  events: PersistenceEvents,
): GuardedPersistence {
  const internals = db as unknown as NedbInternals;
  const { persistence } = internals;
  const append = persistence.persistNewStateAsync.bind(persistence);
  const rewriteFile = persistence.persistCachedDatabaseAsync.bind(persistence);
  /** Where a failed append's torn bytes start, while they could not be cut off yet. */
  let tornAt: number | null = null;
  let loading = false;

  // Every rewrite (a compaction, a load, a deletion) leaves a whole file: nothing torn to cut off.
  persistence.persistCachedDatabaseAsync = async () => {
    try {
      await rewriteFile();
      tornAt = null;
    } catch (error) {
      await removeUnfinishedRewrite(file);
      // NeDB's load would stop here, leaving every later operation queued for ever.
      if (!loading) throw error;
      events.rewriteFailed(error);
    }
  };

  /** Cuts off torn bytes a failed append left; throws (the write fails) while it cannot. */
  async function cutTornTail(): Promise<void> {
    if (tornAt === null) return;
    if ((await sizeOf(file)) > tornAt) await truncate(file, tornAt);
    tornAt = null;
  }

  /**
   * Memory back to what the file holds, read the way NeDB's loader reads it but without writing to
   * the file (which `loadDatabaseAsync` would, and which is what just failed). Runs inside the
   * failed operation's executor task, so no other operation sees the failed state.
   */
  async function undoInMemory(): Promise<void> {
    const stream = createReadStream(file, 'utf8');
    // NeDB pipes the stream without listening for its errors: a read error would be uncaught.
    const readFailed = once(stream, 'error').then(([readError]) => Promise.reject(readError));
    const { data } = await Promise.race([persistence.treatRawStreamAsync(stream), readFailed]);
    internals._resetIndexes(data);
  }

  async function appendSafely(docs: AnyDoc[]): Promise<void> {
    let goodLength: number | null = null;
    try {
      await cutTornTail();
      goodLength = await sizeOf(file);
      await append(docs);
    } catch (error) {
      if (goodLength !== null) {
        tornAt = goodLength;
        await cutTornTail().catch(() => undefined); // else the next write cuts it first
      }
      try {
        await undoInMemory();
        events.writeUndone(error);
      } catch (readError) {
        events.unreadable(readError);
      }
      throw error;
    }
  }

  persistence.persistNewStateAsync = async (docs) => {
    if (docs.length && docs.every(isDeletion)) {
      try {
        await persistence.persistCachedDatabaseAsync();
        events.rewritten();
        return;
      } catch (error) {
        events.rewriteFailed(error);
      }
    }
    await appendSafely(docs);
  };

  return {
    async load() {
      loading = true;
      try {
        await db.loadDatabaseAsync();
      } finally {
        loading = false;
      }
    },
  };
}
