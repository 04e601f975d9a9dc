/**
 * A full disk and a read-only data folder, in a store running in its own process (disk-worker.ts on
 * fake-disk.ts: real files, a capacity enforced on Node's writes): writes that fail while the disk is
 * full leave nothing behind, the writes acknowledged after space returns survive a SIGKILL before
 * any compaction, and a folder where compaction cannot work is said once in the log while every
 * write is still kept.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeAll, damageFound, NedbChecklistStore } from '../../cloudfunctions/common/adapters/nedb';
import type { DiskReply, DiskRequest } from '../support/disk-worker';
import { checklist } from '../support/fixtures';
import { tempDir } from '../support/stores';

jest.setTimeout(60_000);
const AT = '2026-11-22T08:00:00.000Z';
const CAPACITY = 2 * 1024 * 1024;
const running = new Set<ChildProcess>();
type Request = DiskRequest extends infer R ? (R extends unknown ? Omit<R, 'seq'> : never) : never;

/** The store in a child process on a fake disk of CAPACITY bytes for `dir`. */
async function storeProcess(dir: string, env: Record<string, string> = {}) {
  const child: ChildProcess = fork(join(__dirname, '../support/disk-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dir,
      FAKE_DISK_DIR: dir,
      FAKE_DISK_BYTES: String(CAPACITY),
      // No compaction during the run unless a test asks: the file stays append-only until the kill.
      STORE_OPTIONS: JSON.stringify({ compactEveryMs: 3_600_000, compactAfterWrites: 100_000 }),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) =>
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  const waiting = new Map<number, (reply: DiskReply) => void>();
  child.on('message', (reply: DiskReply) => waiting.get(reply.seq)?.(reply));
  await new Promise<DiskReply>((ready) => waiting.set(0, ready));
  let seq = 0;
  return {
    log,
    send(request: Request): Promise<DiskReply> {
      const sent = { ...request, seq: ++seq } as DiskRequest;
      return new Promise((answered) => {
        waiting.set(sent.seq, answered);
        child.send(sent);
      });
    },
    /** SIGKILL: nothing runs after it, no compaction, no flush. */
    async kill(): Promise<void> {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const bytesIn = (dir: string) =>
  readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

/** Fills the fake disk, leaving `room` bytes. */
function fill(dir: string, room: number): void {
  writeFileSync(join(dir, 'ballast'), Buffer.alloc(CAPACITY - bytesIn(dir) - room));
}

const note = (id: string, index: number, text: string): Request => ({
  op: 'patch',
  id,
  index,
  patch: { note: text },
  at: AT,
});

afterEach(() => {
  closeAll();
  for (const child of running) child.kill('SIGKILL'); // a test that failed half way
});

it('keeps every write acknowledged after a full disk is freed, through a SIGKILL before compaction', async () => {
  const dir = tempDir();
  const worker = await storeProcess(dir);
  const acknowledged: { id: string; index: number; text: string }[] = [];
  const refused: { id: string; index: number; text: string }[] = [];
  const write = async (id: string, index: number, text: string) => {
    const reply = await worker.send(note(id, index, text));
    (reply.ok ? acknowledged : refused).push({ id, index, text });
    return reply;
  };

  for (const id of ['list-a', 'list-b', 'list-c'])
    expect(await worker.send({ op: 'insert', doc: checklist(id) })).toEqual({
      seq: expect.any(Number),
      ok: true,
    });
  for (let i = 0; i < 25; i++) await write('list-a', i, `满盘前-${i}`);

  fill(dir, 20); // less than any line, even a deletion's: every write now tears
  for (let i = 25; i < 30; i++)
    expect(await write('list-a', i, `满盘时-${i}`)).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  expect(await worker.send({ op: 'remove', id: 'list-c' })).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  const file = join(dir, 'checklists.db');
  expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true); // no torn line left behind

  rmSync(join(dir, 'ballast')); // space returns
  // The first write after it is the last to its checklist: glued to a torn line, it would be lost.
  expect(await write('list-c', 0, '腾出空间后的第一笔')).toMatchObject({ ok: true });
  for (let i = 30; i < 40; i++)
    expect(await write('list-a', i, `腾出空间后-${i}`)).toMatchObject({ ok: true });
  await write('list-b', 0, '另一份清单');
  expect(await worker.send({ op: 'remove', id: 'list-b' })).toMatchObject({ ok: true });
  await worker.kill();

  const reopened = new NedbChecklistStore(dir);
  const lists = { 'list-a': await reopened.get('list-a'), 'list-c': await reopened.get('list-c') };
  for (const { id, index, text } of acknowledged.filter((w) => w.id !== 'list-b'))
    expect(lists[id as keyof typeof lists]!.items[index].note).toBe(text);
  expect(await reopened.get('list-b')).toBeNull();
  expect(damageFound(dir, 'checklists')).toBe(false);
  for (const { id, index } of refused)
    expect(lists[id as keyof typeof lists]!.items[index].note).toBeUndefined();
  expect(acknowledged.length).toBe(37);
  expect(refused.length).toBe(5);
});

it('with a read-only data folder: says once that it cannot compact, keeps every write, and says when it can again', async () => {
  const dir = tempDir();
  const store = new NedbChecklistStore(dir);
  await store.insert(checklist('list-a'));
  await store.insert(checklist('list-b'));
  closeAll(dir);

  const worker = await storeProcess(dir, {
    FAKE_DISK_READONLY: '1',
    STORE_OPTIONS: JSON.stringify({ compactEveryMs: 200, compactAfterWrites: 3 }),
  });
  for (let i = 0; i < 30; i++)
    expect(await worker.send(note('list-a', i, `只读时-${i}`))).toMatchObject({ ok: true });
  expect(await worker.send({ op: 'remove', id: 'list-b' })).toMatchObject({ ok: true });
  await new Promise((tick) => setTimeout(tick, 1000)); // five more scheduled attempts
  const cannot = worker.log.filter((line) => line.includes('cannot compact'));
  expect(cannot).toHaveLength(1);
  expect(cannot[0]).toContain(`${dir}/checklists.db: cannot compact (EACCES)`);
  expect(cannot[0]).toContain('Writes are still saved');

  await worker.send({ op: 'readOnly', on: false });
  await new Promise((tick) => setTimeout(tick, 800));
  expect(worker.log.filter((line) => line.includes('compaction works again'))).toHaveLength(1);
  const lines = readFileSync(join(dir, 'checklists.db'), 'utf8').split('\n').filter(Boolean);
  expect(lines).toHaveLength(1); // list-a only: the deleted one and every older copy are gone
  await worker.kill();

  const reopened = await new NedbChecklistStore(dir).get('list-a');
  for (let i = 0; i < 30; i++) expect(reopened!.items[i].note).toBe(`只读时-${i}`);
  expect(await new NedbChecklistStore(dir).get('list-b')).toBeNull();
});
