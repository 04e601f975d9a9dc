/**
 * The embedded database under damage: damaged lines anywhere in a file are kept aside and reported,
 * never dropped silently; a collection that cannot load answers UNAVAILABLE (and recovers when it
 * can); a write that cannot be persisted is undone, so no read shows it; kept-aside files rotate.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  closeAll,
  KEEP_ASIDE,
  NedbChecklistStore,
  recoveryReports,
} from '../../cloudfunctions/common/adapters/nedb';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import { checklist, SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { data, testDeps } from '../support/functions';
import { tempDir } from '../support/stores';

const ids = Array.from({ length: 30 }, (_, i) => `list-${String(i).padStart(4, '0')}`);

/** A data directory holding 30 checklists, one line each, written and closed. */
async function thirtyLists(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const store = new NedbChecklistStore(dir);
  for (const id of ids) await store.insert(checklist(id, { _openid: `owner-${id}` }));
  closeAll(dir);
  return { dir, file: join(dir, 'checklists.db') };
}

/** Reopens the directory as a new process would, and reads every list. */
async function reopen(dir: string) {
  const store = new NedbChecklistStore(dir);
  const found = await Promise.all(ids.map((id) => store.get(id)));
  return { store, found };
}

let warnings: string[];
let errors: string[];
beforeEach(() => {
  warnings = [];
  errors = [];
  jest.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(line));
  jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
});
afterEach(() => jest.restoreAllMocks());

describe('damage in the middle of a data file', () => {
  it('keeps one damaged line aside, names the file and count in a log line, and loads the rest', async () => {
    const { dir, file } = await thirtyLists();
    const lines = readFileSync(file, 'utf8').split('\n');
    const damaged = lines[14];
    lines[14] = damaged.slice(0, 40) + '\u0000'.repeat(20) + damaged.slice(60);
    writeFileSync(file, lines.join('\n'));

    const { found } = await reopen(dir);
    expect(found.filter(Boolean)).toHaveLength(29);
    expect(found[14]).toBeNull();
    const report = recoveryReports().find((r) => r.file === file)!;
    expect(report).toMatchObject({ collection: 'checklists', damagedLines: 1, totalLines: 30 });
    expect(readFileSync(report.keptAside, 'utf8')).toContain(damaged.slice(0, 40));
    expect(warnings).toContainEqual(
      expect.stringContaining(`${file}: 1 damaged line(s) of 30 kept aside in ${report.keptAside}`),
    );
  });

  it('survives 20 % of its bytes zeroed: every list is whole or kept aside, none half-loaded', async () => {
    const { dir, file } = await thirtyLists();
    const original = readFileSync(file);
    const bytes = Buffer.from(original);
    let seed = 13;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let zeroed = 0; zeroed < bytes.length * 0.2;) {
      const at = Math.floor(random() * bytes.length);
      const run = 1 + Math.floor(random() * 64);
      bytes.fill(0, at, Math.min(bytes.length, at + run));
      zeroed += run;
    }
    writeFileSync(file, bytes);

    const { store, found } = await reopen(dir);
    const report = recoveryReports().find((r) => r.file === file)!;
    expect(report.damagedLines).toBeGreaterThan(3); // far beyond NeDB's own 10 % tolerance
    const kept = readFileSync(report.keptAside, 'utf8').split('\n').filter(Boolean);
    expect(kept).toHaveLength(report.damagedLines);
    found.forEach((doc, i) => {
      if (doc) expect(doc).toEqual(checklist(ids[i], { _openid: `owner-${ids[i]}` }));
    });
    // And it keeps working.
    await store.insert(checklist('list-after'));
    expect(await store.get('list-after')).not.toBeNull();
  });

  it('rotates kept-aside files: the newest few, none older than the limit, old .torn files included', async () => {
    const { dir, file } = await thirtyLists();
    writeFileSync(`${file}.torn`, 'left by an earlier version');
    const old = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(`${file}.torn`, old, old);
    for (let round = 0; round < KEEP_ASIDE.files + 2; round++) {
      writeFileSync(file, `${readFileSync(file, 'utf8')}{"_id":"torn-${round}","items":[{"id`);
      await reopen(dir);
      closeAll(dir);
    }
    const aside = readdirSync(dir).filter((f) => f.startsWith('checklists.db.'));
    expect(aside).toHaveLength(KEEP_ASIDE.files);
    expect(aside).not.toContain('checklists.db.torn');
    const newest = recoveryReports()
      .filter((r) => r.file === file)
      .pop()!;
    expect(readFileSync(newest.keptAside, 'utf8')).toContain(`torn-${KEEP_ASIDE.files + 1}`);
  });
});

describe('a deleted checklist under damage', () => {
  it('never comes back, whichever line of the file is damaged afterwards', async () => {
    const { dir, file } = await thirtyLists();
    const deleted = ids.filter((_, i) => i % 6 === 0);
    const store = new NedbChecklistStore(dir);
    for (const id of deleted) expect(await store.remove(id)).toBe(true);
    closeAll(dir);
    const intact = readFileSync(file, 'utf8');
    const lines = intact.split('\n').filter(Boolean);
    for (let damaged = 0; damaged < lines.length; damaged++) {
      const copy = [...lines];
      copy[damaged] = copy[damaged].slice(0, 30) + '\u0000'.repeat(40) + copy[damaged].slice(70);
      writeFileSync(file, `${copy.join('\n')}\n`);
      const { found } = await reopen(dir);
      closeAll(dir);
      expect(found.filter((doc) => doc && deleted.includes(doc._id))).toEqual([]);
      expect(found.filter(Boolean).length).toBeGreaterThanOrEqual(ids.length - deleted.length - 1);
    }
  });
});

describe('a data file that cannot be loaded', () => {
  it('answers UNAVAILABLE for that collection at once, logs why, and recovers once the file is readable', async () => {
    const dir = tempDir();
    const file = join(dir, 'checklists.db');
    mkdirSync(file); // a directory where the file should be: unreadable as data
    const store = new NedbChecklistStore(dir, { retryLoadAfterMs: 0 });
    await expect(store.get('list-aaaaaaaa')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(store.insert(checklist('list-aaaaaaaa'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(errors).toContainEqual(expect.stringContaining(`${file}: could not be loaded`));

    rmdirSync(file);
    await store.insert(checklist('list-aaaaaaaa'));
    expect(await store.get('list-aaaaaaaa')).toMatchObject({ _id: 'list-aaaaaaaa' });
  });
});

const situation = SHENZHEN_TO_CHANGSHA;

/** chattr +i makes a file unwritable even for root; it needs root and a file system with attributes. */
function immutable(file: string, on: boolean): boolean {
  try {
    execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const probe = join(tempDir(), 'probe');
writeFileSync(probe, '');
const canLockFiles = immutable(probe, true) && immutable(probe, false);

describe('a write that cannot be persisted is not a write', () => {
  async function listOnDisk() {
    const dir = tempDir();
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const call = (event: unknown) => runHandler(checklistFunction, deps, event, { openid: 'parent' });
    const list = data(await call({ action: 'create', situation })) as ChecklistView;
    return { dir, file: join(dir, 'checklists.db'), call, list };
  }

  // Reported as skipped where chattr cannot lock a file; the next test runs everywhere.
  (canLockFiles ? it : it.skip)(
    'with the data file unwritable: the tick answers UNAVAILABLE, no read shows it, no later write saves it',
    async () => {
      const { dir, file, call, list } = await listOnDisk();
      const [first, second] = list.items;
      expect(immutable(file, true)).toBe(true);
      try {
        expect(await call({ action: 'toggle', id: list.id, itemId: first.id, done: true })).toMatchObject({
          ok: false,
          error: { code: 'UNAVAILABLE' },
        });
        const after = data(await call({ action: 'get', id: list.id })) as ChecklistView;
        expect(after.items[0].done).toBe(false);
        expect(after.version).toBe(list.version);
        // A new checklist (another trip: the same one would open the existing list, no write).
        expect((await call({ action: 'create', situation: { ...situation, careCity: '上海' } })).ok).toBe(
          false,
        );
        expect(errors).toContainEqual(expect.stringContaining(`${file}: a write failed`));
      } finally {
        immutable(file, false);
      }
      // The disk is back: an unrelated tick is saved, the failed one never is.
      data(await call({ action: 'toggle', id: list.id, itemId: second.id, done: true }));
      closeAll(dir);
      const reopened = (await new NedbChecklistStore(dir).get(list.id))!;
      expect(reopened.items[0].done).toBe(false);
      expect(reopened.items[1].done).toBe(true);
      expect(reopened.version).toBe(list.version + 1);
    },
  );

  it('with the data file replaced by a directory: UNAVAILABLE for the write and for reads, never the failed state', async () => {
    const { dir, file, call, list } = await listOnDisk();
    renameSync(file, `${file}.away`);
    mkdirSync(file);
    expect(await call({ action: 'toggle', id: list.id, itemId: list.items[0].id, done: true })).toMatchObject(
      {
        ok: false,
        error: { code: 'UNAVAILABLE' },
      },
    );
    expect(await call({ action: 'get', id: list.id })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    rmdirSync(file);
    renameSync(`${file}.away`, file);
    closeAll(dir);
    const reopened = (await new NedbChecklistStore(dir).get(list.id))!;
    expect(reopened.items[0].done).toBe(false);
    expect(existsSync(file)).toBe(true);
  });
});
