/**
 * The CLI is a contract other tools rely on: verdict JSON on stdout and exit 0, or
 * { ok: false, error: { code, message } } and exit 2 — never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'evaluate-cli-'));

function run(args: string[], stdin?: string) {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/evaluate.ts'), ...args],
    {
      input: stdin,
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const valid = {
  insuredCity: '深圳',
  careCity: '西安市',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
  treatmentDate: '2026-12-01',
  localRatio: 0.9,
  coveredCost: 10000,
};

describe('npm run evaluate', () => {
  jest.setTimeout(30_000);

  it('prints the verdict and exits 0, resolving Chinese city names', () => {
    const out = run([file('ok.json', JSON.stringify(valid)), '--as-of', '2026-11-22']);
    expect(out.status).toBe(0);
    const verdict = out.json();
    expect(verdict).toMatchObject({
      insuredCity: { code: '440300' },
      careCity: { code: '610100' },
      scope: 'cross_province',
      reimbursement: { adjustment: { method: 'multiplier', value: 0.8 }, estimate: { min: 7200, max: 7200 } },
    });
  });

  it('reads the situation from standard input with -', () => {
    const out = run(['-', '--as-of', '2026-11-22'], JSON.stringify(valid));
    expect(out.status).toBe(0);
    expect(out.json().scope).toBe('cross_province');
  });

  it.each([
    ['malformed JSON', '{"insuredCity": "深圳",', 'INVALID_INPUT'],
    ['a missing field', JSON.stringify({ ...valid, stage: undefined }), 'INVALID_INPUT'],
    ['an unknown value', JSON.stringify({ ...valid, careType: 'dental' }), 'INVALID_INPUT'],
    ['an unknown city', JSON.stringify({ ...valid, careCity: '亚特兰蒂斯' }), 'UNKNOWN_CITY'],
    ['not an object', '[1, 2, 3]', 'INVALID_INPUT'],
  ])('%s → error JSON, exit 2, no stack trace', (_label, content, code) => {
    const out = run([file(`bad-${code}-${Math.random()}.json`, content)]);
    expect(out.status).toBe(2);
    expect(out.json()).toEqual({
      ok: false,
      error: expect.objectContaining({ code, message: expect.any(String) }),
    });
    expect(out.stdout + out.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file as invalid input', () => {
    const out = run([join(dir, 'nope.json')]);
    expect(out.status).toBe(2);
    expect(out.json().error.code).toBe('INVALID_INPUT');
  });
});
