/**
 * The local server under bad requests and damaged data: oversized, unparsable and deeply nested
 * bodies get INVALID_INPUT JSON (413/400), never a reset connection; it listens on loopback and says
 * that x-openid is trusted; the timer is its own signal, not "no x-openid"; and with a data file
 * damaged or unloadable the server process stays up, answering UNAVAILABLE for that collection only
 * and from the bundled snapshot for policies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAll, NedbChecklistStore } from '../../cloudfunctions/common/adapters/nedb';
import { buildFunctions } from '../../scripts/build-functions';
import { startServer } from '../../scripts/server';
import { checklist } from '../support/fixtures';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '../..');
// Built once into a directory of this test's own, so no other test's build is read half-written.
const functionsDir = mkdtempSync(join(tmpdir(), 'yidi-fns-'));
const newDataDir = () => mkdtempSync(join(tmpdir(), 'yidi-resilience-'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } };

async function post(base: string, fn: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Reply };
}

const situation = {
  insuredCity: '西安',
  careCity: '上海',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};
const evaluateBody = JSON.stringify({ situation });

beforeAll(() => buildFunctions(functionsDir, 'local'));

describe('requests', () => {
  let base: string;
  let close: () => Promise<void>;
  const lines: string[] = [];

  beforeAll(async () => {
    process.env.REMINDER_TEMPLATE_ID = 'tmpl-local';
    const started = await startServer({
      port: 0,
      dataDir: newDataDir(),
      skipBuild: true,
      functionsDir,
      preview: false,
      log: (l) => lines.push(l),
    });
    base = `http://127.0.0.1:${started.port}`;
    close = started.close;
  });
  afterAll(() => close?.());

  it('listens on loopback by default and says that x-openid is trusted', () => {
    expect(lines).toContainEqual(
      expect.stringMatching(/trusts the x-openid header.*listening on 127\.0\.0\.1 only/),
    );
  });

  it.each([
    ['300 KB', 300 * 1024],
    ['1 MB', 1024 * 1024],
  ])('answers a %s body with 413 INVALID_INPUT, and keeps serving', async (_label, size) => {
    const body = JSON.stringify({ situation: { ...situation, padding: 'x'.repeat(size) } });
    const { status, json } = await post(base, 'evaluate', body);
    expect(status).toBe(413);
    expect(json).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('太大') },
    });
    expect((await post(base, 'evaluate', evaluateBody)).json.ok).toBe(true);
  });

  it('cuts off a chunked upload past 16 MB, logs it as 413 and keeps serving', async () => {
    // No content-length: the size is only known while reading, and the server stops reading.
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const before = lines.length;
    await fetch(`${base}/fn/evaluate`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit).catch(() => undefined); // the connection is cut: the client may see an error
    // The request is answered (and logged) rather than left hanging.
    for (let i = 0; i < 50 && !lines.slice(before).some((l) => / 413 /.test(l)); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(lines.slice(before)).toContainEqual(expect.stringMatching(/^POST \/fn\/evaluate 413 /));
    expect((await post(base, 'evaluate', evaluateBody)).json.ok).toBe(true);
  });

  it.each([
    ['unparsable JSON', '{"situation": '],
    ['arrays nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['objects nested 40 deep', '{"a":'.repeat(40) + '1' + '}'.repeat(40)],
  ])('answers %s with 400 INVALID_INPUT', async (_label, body) => {
    const { status, json } = await post(base, 'evaluate', body);
    expect(status).toBe(400);
    expect(json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('runs the reminders for the timer event without x-openid, and for nothing else', async () => {
    const timerEvent = { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-22T01:00:00Z' };
    expect((await post(base, 'reminders', JSON.stringify(timerEvent))).json).toEqual({
      ok: true,
      data: { due: 0, sent: 0, failed: 0, retrying: 0, skipped: 0 },
    });
    for (const [body, headers] of [
      ['{}', {}],
      ['', {}],
      [JSON.stringify(timerEvent), { 'x-openid': 'someone' }],
      [JSON.stringify(timerEvent), { 'x-openid': '' }],
    ] as const) {
      expect((await post(base, 'reminders', body, headers)).json).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    // A timer event sent to a function with no timer trigger is an anonymous call, not the timer.
    expect(
      (await post(base, 'checklist', JSON.stringify({ action: 'get', id: 'aaaaaaaaaaaa' }))).json,
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

/** The real server in its own process, as `npm start` runs it (without the build and the preview). */
class ServerProcess {
  readonly output: string[] = [];
  private child!: ChildProcess;
  base = '';

  async start(dataDir: string): Promise<this> {
    const script = `require(${JSON.stringify(join(ROOT, 'scripts/server.ts'))})
      .startServer({ port: 0, dataDir: ${JSON.stringify(dataDir)}, skipBuild: true, preview: false,
        functionsDir: ${JSON.stringify(functionsDir)} })
      .then((s) => console.log('LISTENING ' + s.port), (e) => { console.error(e); process.exit(1); });`;
    this.child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    const collect = (chunk: Buffer) =>
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    this.child.stderr!.on('data', collect);
    await new Promise<void>((ready, fail) => {
      this.child.stdout!.on('data', (chunk: Buffer) => {
        collect(chunk);
        const port = /LISTENING (\d+)/.exec(chunk.toString())?.[1];
        if (port) {
          this.base = `http://127.0.0.1:${port}`;
          ready();
        }
      });
      this.child.on('exit', (code) => fail(new Error(`server exited ${code}:\n${this.output.join('\n')}`)));
    });
    return this;
  }

  call(fn: string, event: unknown, openid?: string) {
    return post(this.base, fn, JSON.stringify(event), openid ? { 'x-openid': openid } : {});
  }

  /** Still running a moment after the last answer (an unhandled error would have ended it). */
  async stillUp(): Promise<boolean> {
    await new Promise((r) => setTimeout(r, 300));
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

const servers: ServerProcess[] = [];
const serve = async (dataDir: string) => {
  const server = new ServerProcess();
  servers.push(server);
  return server.start(dataDir);
};
afterAll(() => servers.forEach((s) => s.stop()));

/** Damage to 20 % of a data file: every fifth line overwritten with zero bytes. */
function zeroEveryFifthLine(file: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  writeFileSync(
    file,
    lines.map((line, i) => (i % 5 === 0 && line ? '\u0000'.repeat(line.length) : line)).join('\n'),
  );
}

/** A data directory with 30 checklists, and every fifth line of the file zeroed (20 %). */
async function damagedChecklists(): Promise<{ dir: string; intact: string }> {
  const dir = newDataDir();
  const store = new NedbChecklistStore(dir);
  for (let i = 0; i < 30; i++)
    await store.insert(checklist(`list-${String(i).padStart(4, '0')}`, { _openid: 'parent' }));
  closeAll(dir);
  zeroEveryFifthLine(join(dir, 'checklists.db'));
  return { dir, intact: 'list-0001' };
}

describe('the server process with damaged or unloadable data', () => {
  it('a checklists file 20 % damaged: logged, kept aside, the rest served, the server stays up', async () => {
    const { dir, intact } = await damagedChecklists();
    const server = await serve(dir);
    expect(server.output).toContainEqual(
      expect.stringMatching(/checklists\.db: 6 damaged line\(s\) of 30 kept aside/),
    );
    expect((await server.call('checklist', { action: 'get', id: intact }, 'parent')).json).toMatchObject({
      ok: true,
      data: { id: intact },
    });
    expect((await server.call('checklist', { action: 'get', id: 'list-0000' }, 'parent')).json).toMatchObject(
      {
        ok: false,
        error: { code: 'NOT_FOUND' },
      },
    );
    expect((await server.call('checklist', { action: 'create', situation }, 'parent')).json.ok).toBe(true);
    expect(await server.stillUp()).toBe(true);
  });

  it('a checklists file that cannot load: checklist answers UNAVAILABLE, evaluate still works, the server stays up', async () => {
    const dir = newDataDir();
    mkdirSync(join(dir, 'checklists.db'));
    const server = await serve(dir);
    for (let i = 0; i < 3; i++)
      expect((await server.call('checklist', { action: 'create', situation }, 'parent')).json).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE' },
      });
    expect((await server.call('evaluate', { situation })).json).toMatchObject({
      ok: true,
      data: { dataFreshness: { origin: 'live' } },
    });
    expect(server.output).toContainEqual(expect.stringContaining('checklists.db: could not be loaded'));
    expect(await server.stillUp()).toBe(true);
  });

  it('a policies file that cannot load: the server starts, evaluate and cities answer from the bundled snapshot', async () => {
    const dir = newDataDir();
    mkdirSync(join(dir, 'policies.db'));
    const server = await serve(dir);
    expect(server.output).toContainEqual(expect.stringContaining('answer from the bundled snapshot'));
    expect((await server.call('evaluate', { situation })).json).toMatchObject({
      ok: true,
      data: { dataFreshness: { origin: 'snapshot' } },
    });
    expect((await server.call('cities', { action: 'detail', code: '610100' })).json).toMatchObject({
      ok: true,
      data: { origin: 'snapshot', place: { name: '西安市' } },
    });
    expect(await server.stillUp()).toBe(true);
  });

  it('a policies file 20 % damaged: the damage is kept aside and the data seeded again, evaluate answers live', async () => {
    const dir = newDataDir();
    (await serve(dir)).stop(); // seeds policies.db
    closeAll(dir);
    zeroEveryFifthLine(join(dir, 'policies.db'));
    const server = await serve(dir);
    expect(server.output).toContainEqual(expect.stringMatching(/policies\.db: \d+ damaged line\(s\)/));
    expect(server.output).toContainEqual(expect.stringContaining('seeded policy data'));
    expect((await server.call('evaluate', { situation })).json).toMatchObject({
      ok: true,
      data: { dataFreshness: { origin: 'live' } },
    });
    expect(await server.stillUp()).toBe(true);
  });
});
