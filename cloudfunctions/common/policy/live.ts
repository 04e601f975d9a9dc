/**
 * Where evaluate and cities get their policies: the store, through a short per-instance cache, or
 * — when the store is unreachable or empty — the snapshot bundled at build time, saying so in the
 * verdict. Either is read with the source watch's newest report (the watch store's, or the one
 * bundled from data/watch.json, whichever is newer), cached the same way.
 */
import type { LoadedPolicies, PolicyDoc, PolicyStore, WatchStore } from '../ports';
import { AppError } from '../runtime/errors';
import type { WatchReport } from '../watch/report';
import type { PolicyPack } from './pack';
import { docsToPack } from './store-docs';
import { applyWatch, newerReport } from './watch';

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
  private packsWatch: WatchReport | null = null;
  private readonly snapshots: Partial<Record<keyof typeof SNAPSHOT_NOTES, PolicyPack>> = {};
  private watchCache: { report: WatchReport | null; loadedAt: number } | undefined;
  /** Policy store queries made, for tests and benchmarks. */
  roundTrips = 0;
  /** Watch store reads made (at most one per `ttlMs`, alongside a policy query). */
  watchReads = 0;

  constructor(
    private readonly store: PolicyStore,
    /** null in a function that bundles no snapshot (runtime/bundled.ts): the store must answer. */
    private readonly snapshot: PolicyPack | null,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
    private readonly watches?: WatchStore,
  ) {}

  /** The newest watch report: the store's (cached for `ttlMs`) or the bundled one. A store that fails counts as none. */
  private async watch(): Promise<WatchReport | null> {
    const bundled = this.snapshot?.watch ?? null;
    if (!this.watches) return newerReport(bundled, null);
    const cached = this.watchCache;
    if (cached && this.now() - cached.loadedAt <= this.ttlMs) return cached.report;
    let stored: WatchReport | null = null;
    try {
      this.watchReads++;
      stored = await this.watches.latest();
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'UNAVAILABLE')) throw error;
      stored = cached?.report ?? null;
    }
    const newest = newerReport(stored, bundled);
    // The same report read again stays the same object, so the packs built with it stay warm.
    const report = newest && cached?.report?.checkedAt === newest.checkedAt ? cached.report : newest;
    this.watchCache = { report, loadedAt: this.now() };
    return report;
  }

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

  private packOf(loaded: LoadedPolicies, keys: string[], watch: WatchReport | null): PolicyPack {
    if (loaded.pushId !== this.packsPushId || watch !== this.packsWatch) {
      this.packs.clear();
      this.packsPushId = loaded.pushId;
      this.packsWatch = watch;
    }
    const id = keys.join(',');
    let pack = this.packs.get(id);
    if (!pack) {
      if (this.packs.size > 2000) this.packs.clear();
      this.packs.set(id, (pack = applyWatch(docsToPack(loaded, 'live'), watch)));
    }
    return pack;
  }

  private snapshotPack(reason: keyof typeof SNAPSHOT_NOTES, watch: WatchReport | null): PolicyPack {
    if (!this.snapshot) {
      console.error(
        `policies: the store is ${reason === 'empty' ? 'empty (npm run deploy pushes the policy data)' : 'unreachable'}, and this function bundles no snapshot`,
      );
      throw new AppError('UNAVAILABLE');
    }
    const kept = this.snapshots[reason];
    if (kept && kept.watch === watch) return kept;
    return (this.snapshots[reason] = applyWatch(
      { ...this.snapshot, origin: 'snapshot', note: SNAPSHOT_NOTES[reason] },
      watch,
    ));
  }

  /** A pack holding what the keys need; origin says whether it is live or the snapshot. */
  async packFor(keys: string[]): Promise<PolicyPack> {
    const hit = this.fromCache(keys);
    if (hit) return this.packOf(hit, keys, await this.watch());
    let loaded: LoadedPolicies | null;
    let watch: WatchReport | null;
    try {
      this.roundTrips++;
      // The watch is read alongside, not after: a cold call still waits for one round trip.
      [loaded, watch] = await Promise.all([this.store.load(keys), this.watch()]);
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAVAILABLE')
        return this.snapshotPack('unreachable', await this.watch());
      throw error;
    }
    if (!loaded) return this.snapshotPack('empty', watch);
    const loadedAt = this.now();
    for (const key of keys) {
      const doc = loaded.docs.find((d) => d.key === key) ?? null;
      this.cache.set(key, { doc, pushId: loaded.pushId, version: loaded.version, loadedAt });
    }
    return this.packOf(loaded, keys, watch);
  }
}
