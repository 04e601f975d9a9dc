/**
 * The data file stays small: compaction on a schedule and after a number of writes, so overwritten
 * notes and deleted checklists (with their owner's OPENID) leave the disk within the interval, and
 * sustained writes to one checklist do not grow the file without bound.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  collection,
  COMPACTION_DEFAULTS,
  NedbChecklistStore,
} from '../../cloudfunctions/common/adapters/nedb';
import { checklist } from '../support/fixtures';
import { tempDir } from '../support/stores';

const AT = '2026-11-22T08:00:00.000Z';
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** Resolves at the collection's next finished compaction. */
const nextCompaction = (dir: string) =>
  new Promise<void>((done) => collection(dir, 'checklists').datastore.once('compaction.done', () => done()));

it('compacts at least every minute by default, and after 1000 writes', () => {
  expect(COMPACTION_DEFAULTS).toMatchObject({ compactEveryMs: 60_000, compactAfterWrites: 1000 });
});

it('removes an overwritten note at the next scheduled compaction', async () => {
  const dir = tempDir();
  const file = join(dir, 'checklists.db');
  const store = new NedbChecklistStore(dir, { compactEveryMs: 200 });
  await store.insert(checklist('list-kept', { _openid: 'owner-kept' }));
  await store.patchItem('list-kept', 0, { note: '旧备注：钥匙在花盆下' }, AT);
  await store.patchItem('list-kept', 0, { note: '新备注' }, AT);
  // Before compaction the append-only file still holds it.
  expect(readFileSync(file, 'utf8')).toContain('钥匙在花盆下');

  await nextCompaction(dir);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('钥匙在花盆下');
  expect(text).toContain('新备注');
  expect(lines(file)).toHaveLength(1);
});

it('takes a deleted checklist, owner OPENID included, off the disk before the deletion is answered', async () => {
  const dir = tempDir();
  const file = join(dir, 'checklists.db');
  const store = new NedbChecklistStore(dir, { compactEveryMs: 3_600_000 });
  await store.insert(checklist('list-kept', { _openid: 'owner-kept' }));
  await store.insert(checklist('list-deleted', { _openid: 'owner-of-deleted-list' }));
  await store.patchItem('list-deleted', 0, { note: '钥匙在花盆下' }, AT);
  expect(readFileSync(file, 'utf8')).toContain('owner-of-deleted-list');

  expect(await store.remove('list-deleted')).toBe(true);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('owner-of-deleted-list');
  expect(text).not.toContain('钥匙在花盆下');
  expect(text).not.toContain('$$deleted'); // no deletion line that damage could undo
  expect(lines(file)).toHaveLength(1);
});

it('compacts after a number of writes, so ticking one checklist for ever keeps the file bounded', async () => {
  const dir = tempDir();
  const file = join(dir, 'checklists.db');
  const store = new NedbChecklistStore(dir, { compactEveryMs: 3_600_000, compactAfterWrites: 25 });
  await store.insert(checklist('list-busy'));
  const oneList = statSync(file).size;
  let largest = 0;
  for (let i = 0; i < 400; i++) {
    await store.patchItem('list-busy', i % 50, { done: i % 2 === 0 }, AT);
    largest = Math.max(largest, statSync(file).size);
  }
  // At most one document plus the writes since the last compaction (each a whole copy).
  expect(largest).toBeLessThanOrEqual(oneList * 1.2 * 27);
  expect(lines(file).length).toBeLessThanOrEqual(26);
  expect((await store.get('list-busy'))!.version).toBe(401);
});
