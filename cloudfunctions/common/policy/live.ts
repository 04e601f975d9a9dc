/**
 * Where evaluate gets its policies: the store, through a short per-instance cache, or — when the
 * store is unreachable or empty — the snapshot bundled at build time, saying so in the verdict.
 */
import type { LoadedPolicies, PolicyDoc, PolicyStore } from '../ports';
import { AppError } from '../runtime/errors';
import type { PolicyPack } from './pack';
import { docsToPack } from './store-docs';

export const SNAPSHOT_NOTES = {
  unreachable: '政策数据库暂时连不上，以下按随程序发布的政策数据给出。',
  empty: '政策数据库中还没有数据，以下按随程序发布的政策数据给出。',
};

interface CacheEntry {
  /** null: the store has nothing under this key (remembered too, so it costs no round trip). */
  doc: PolicyDoc | null;
  pushId: string;
  version: string;
  loadedAt: number;
}

export class PolicySource {
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Packs already built for the current push, by the keys they hold. A push never changes once
   * committed, so a pack is reused until another push arrives; reusing the same object also keeps
   * the engine's per-pack look-up memos warm across requests.
   */
  private readonly packs = new Map<string, PolicyPack>();
  private packsPushId = '';
  private readonly snapshots: Partial<Record<keyof typeof SNAPSHOT_NOTES, PolicyPack>> = {};
  /** Store queries made, for tests and benchmarks. */
  roundTrips = 0;

  constructor(
    private readonly store: PolicyStore,
    /** null in a function that bundles no snapshot (runtime/bundled.ts): the store must answer. */
    private readonly snapshot: PolicyPack | null,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
  ) {}

  private fromCache(keys: string[]): LoadedPolicies | undefined {
    const entries = keys.map((k) => this.cache.get(k));
    if (entries.some((e) => !e || this.now() - e.loadedAt > this.ttlMs)) return undefined;
    const [first] = entries as CacheEntry[];
    if (entries.some((e) => e!.pushId !== first.pushId)) return undefined;
    return {
      pushId: first.pushId,
      version: first.version,
      docs: entries.flatMap((e) => (e!.doc ? [e!.doc] : [])),
    };
  }

  private packOf(loaded: LoadedPolicies, keys: string[]): PolicyPack {
    if (loaded.pushId !== this.packsPushId) {
      this.packs.clear();
      this.packsPushId = loaded.pushId;
    }
    const id = keys.join(',');
    let pack = this.packs.get(id);
    if (!pack) {
      if (this.packs.size > 2000) this.packs.clear();
      this.packs.set(id, (pack = docsToPack(loaded, 'live')));
    }
    return pack;
  }

  private snapshotPack(reason: keyof typeof SNAPSHOT_NOTES): PolicyPack {
    if (!this.snapshot) {
      console.error(
        `policies: the store is ${reason === 'empty' ? 'empty (npm run deploy pushes the policy data)' : 'unreachable'}, and this function bundles no snapshot`,
      );
      throw new AppError('UNAVAILABLE');
    }
    return (this.snapshots[reason] ??= {
      ...this.snapshot,
      origin: 'snapshot',
      note: SNAPSHOT_NOTES[reason],
    });
  }

  /** A pack holding what the keys need; origin says whether it is live or the snapshot. */
  async packFor(keys: string[]): Promise<PolicyPack> {
    const hit = this.fromCache(keys);
    if (hit) return this.packOf(hit, keys);
    let loaded: LoadedPolicies | null;
    try {
      this.roundTrips++;
      loaded = await this.store.load(keys);
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAVAILABLE') return this.snapshotPack('unreachable');
      throw error;
    }
    if (!loaded) return this.snapshotPack('empty');
    const loadedAt = this.now();
    for (const key of keys) {
      const doc = loaded.docs.find((d) => d.key === key) ?? null;
      this.cache.set(key, { doc, pushId: loaded.pushId, version: loaded.version, loadedAt });
    }
    return this.packOf(loaded, keys);
  }
}
