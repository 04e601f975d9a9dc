/**
 * Every README command stands alone after `npm ci` on a fresh clone. The repository is cloned into
 * a temporary folder (committed files only: what a newcomer gets), this checkout's node_modules is
 * copied in as hard links to stay fast (miniprogram-ci's "build npm" does not follow a symlinked
 * node_modules), and the cheap commands run there one by one, each on its own.
 * (npm start, bench and screenshots are long-running or need Chromium: tested elsewhere.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(300_000);
const ROOT = join(__dirname, '../..');
const clone = join(mkdtempSync(join(tmpdir(), 'yidi-clone-')), 'repo');

beforeAll(() => {
  execFileSync('git', ['clone', '--quiet', ROOT, clone]);
  const copied = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);
  if (copied.status !== 0) symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
});

const npmRun = (...args: string[]) =>
  spawnSync('npm', ['run', '-s', ...args], {
    cwd: clone,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    timeout: 240_000,
  });

const json = (out: { stdout: string }) => JSON.parse(out.stdout) as Record<string, unknown>;

it('size builds miniprogram_npm on demand and prints the sizes', () => {
  expect(existsSync(join(clone, 'miniprogram/miniprogram_npm'))).toBe(false);
  const out = npmRun('size', '--', '--json');
  expect(out.status).toBe(0);
  expect(json(out)).toMatchObject({ mainPackageBytes: expect.any(Number), files: expect.any(Number) });
});

it.each([
  [
    ['evaluate', '--', 'examples/retiree-shenzhen-to-changsha.json'],
    (o: Record<string, unknown>) => expect(o).toHaveProperty('filing'),
  ],
  [['data:check', '--', '--json'], (o: Record<string, unknown>) => expect(o).toMatchObject({ errors: [] })],
  [
    ['deploy', '--', '--dry-run', '--json'],
    (o: Record<string, unknown>) => expect(o.functions).toHaveLength(6),
  ],
])('npm run %j', (args, check) => {
  const out = npmRun(...args);
  expect(out.stderr).not.toMatch(/Error:|at .*\.ts:\d+/);
  expect(out.status).toBe(0);
  check(json(out));
});

it.each([
  [['cities', '--', '西安'], '610100'],
  [['data:report'], ''],
  [['data:cities'], ''],
  [['db:export'], 'build/db/policies.jsonl'],
  [['build:functions'], 'built 6 functions'],
  [['qrcode', '--', '--insured', '鞍山', '--care', '北京', '--out', '../code.png'], '"kind":"link_qr"'],
])('npm run %j', (args, printed) => {
  const out = npmRun(...args);
  expect(out.status).toBe(0);
  expect(out.stdout).toContain(printed);
});

it('db:push and test:cloudbase say what they need instead of crashing', () => {
  for (const script of ['db:push', 'test:cloudbase']) {
    const out = npmRun(script);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('CLOUDBASE_ENV');
  }
});

it('leaves no file behind that git does not ignore (a stray outbox.db, say)', () => {
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: clone,
    encoding: 'utf8',
  });
  expect(status.split('\n').filter((line) => line.startsWith('??'))).toEqual([]);
  expect(readFileSync(join(clone, '../code.png')).subarray(1, 4).toString()).toBe('PNG');
});
