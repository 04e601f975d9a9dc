/** Push bookkeeping shared by the store adapters: ids, and which pushes to keep after a commit. */
import type { PolicyCommit } from '../ports';

/** A push id sorts by time: an ISO timestamp plus a random suffix. */
export function newPushId(at: string): string {
  return `${at.replace(/[^0-9]/g, '').slice(0, 17)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The latest commit among those read. */
export function latestCommit(commits: PolicyCommit[]): PolicyCommit | undefined {
  return [...commits]
    .sort((a, b) => a.committedAt.localeCompare(b.committedAt) || a.pushId.localeCompare(b.pushId))
    .at(-1);
}

/**
 * Pushes to keep after committing `justCommitted`: the newest two committed (the active one and the
 * one before, for rollback), always including `justCommitted`. Null when the commits read back do
 * not include `justCommitted`: that read is stale or incomplete, so nothing may be removed on it.
 */
export function pushesToKeep(commits: PolicyCommit[], justCommitted: string): Set<string> | null {
  if (!commits.some((c) => c.pushId === justCommitted)) return null;
  const sorted = [...commits].sort((a, b) => a.committedAt.localeCompare(b.committedAt));
  return new Set([...sorted.slice(-2).map((c) => c.pushId), justCommitted]);
}
