import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const run = (args: string[]) =>
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/cities.ts'), ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
    },
  );

describe('npm run cities', () => {
  jest.setTimeout(30_000);
  it('--json prints every city with code, name, province, pinyin and initials', () => {
    const out = run(['--json']);
    expect(out.status).toBe(0);
    const cities = JSON.parse(out.stdout) as Record<string, string>[];
    expect(cities.length).toBeGreaterThanOrEqual(337);
    for (const c of cities) {
      expect(Object.keys(c).sort()).toEqual(['code', 'initials', 'name', 'pinyin', 'province']);
      expect(c.code).toMatch(/^\d{6}$/);
      expect(c.pinyin).toMatch(/^[a-z]+$/);
    }
  });
  it('prints matches as a table', () => {
    const out = run(['西安']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/610100\s+西安市\s+陕西省\s+xian\s+xa/);
  });
  it('says so when nothing matches', () => {
    const out = run(['zzzzqqq']);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('没有找到');
  });
});
