/**
 * npm run -s journeys -- [--json]
 * Plays the user journeys (test/miniprogram/journeys.test.ts) against the real function
 * handlers and prints, for each, the taps it took, the deepest the page stack went and whether it
 * reached a verdict: { journeys: [{ name, taps, maxStackDepth, reachedVerdict }] }.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const out = join(mkdtempSync(join(tmpdir(), 'journeys-')), 'journeys.json');
const run = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/miniprogram/journeys.test.ts', '--silent'],
  { cwd: ROOT, env: { ...process.env, JOURNEYS_OUT: out }, encoding: 'utf8' },
);
let report: { journeys: { name: string; taps: number; maxStackDepth: number; reachedVerdict: boolean }[] };
try {
  report = JSON.parse(readFileSync(out, 'utf8'));
} catch {
  process.stderr.write(run.stderr || run.stdout);
  process.stderr.write('\nthe journeys did not run to the end\n');
  process.exit(1);
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else
  for (const j of report.journeys)
    process.stdout.write(
      `${j.name.padEnd(34)} ${String(j.taps).padStart(3)} taps, stack ≤ ${j.maxStackDepth}, ${j.reachedVerdict ? 'verdict' : 'NO VERDICT'}\n`,
    );
// A journey that failed its own checks fails the command too.
process.exitCode = run.status ?? 1;
