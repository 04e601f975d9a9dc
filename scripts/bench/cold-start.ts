/**
 * Cold start as a user waits for it on CloudBase: a fresh Node process with CloudBase's environment
 * (TENCENTCLOUD_RUNENV=SCF, fake keys), the function's bundle required and its first call made
 * with the SDK loaded and initialised for real, up to the moment its first request — a database
 * query, or for qrcode the open-API call — reaches a loopback listener standing in for CloudBase.
 * On CloudBase that request is one round trip more. The same is measured for a function that does
 * nothing but initialise the SDK and make one query ("bare-sdk"), bundled exactly as the functions
 * are (bundleOptions: the same minification, stand-ins and target), so the ratio is like for like.
 *
 * npx tsx scripts/bench/cold-start.ts <dir>   measures <dir>/<fn>/index.js (e.g. an older build)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions, cloudRuntime, functionNames, ROOT } from '../build-functions';

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const situation = {
  insuredCity: '440300',
  careCity: '430100',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};
/** One event per function that reaches the database (or WeChat) on its first call. */
export const FIRST_CALLS: Record<string, unknown> = {
  evaluate: { situation },
  cities: { action: 'detail', code: '610100' },
  checklist: { action: 'get', id: 'aaaaaaaaaaaa' },
  qrcode: { action: 'create', careCity: '610100' },
  reminders: { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-23T01:00:00Z', Message: '' },
  'bare-sdk': {},
};

/** A function that only initialises the SDK and makes one query: the floor. */
export async function buildBareSdk(dir: string): Promise<string> {
  const src = join(dir, 'bare-sdk-src.js');
  const file = join(dir, 'bare-sdk', 'index.js');
  writeFileSync(
    src,
    `const tcb = require('@cloudbase/node-sdk');
exports.main = async () => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  const { data } = await app.database().collection('policies').where({ key: 'n' }).limit(1).get();
  return { ok: true, data: data.length };
};
`,
  );
  await build({
    ...bundleOptions('cloud'),
    entryPoints: [src],
    outfile: file,
    nodePaths: [join(ROOT, 'node_modules')],
  });
  return file;
}

interface Sample {
  firstRequestMs: number | null;
  answerMs: number;
  ok: boolean;
}

/** Starts `file` in a fresh process as CloudBase would and times its first outbound request. */
async function sample(file: string, event: unknown, caller: string | null): Promise<Sample> {
  let firstRequestAt: bigint | null = null;
  const server = createServer((req, res) => {
    firstRequestAt ??= process.hrtime.bigint();
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ requestId: 'bench', data: { list: [], insertedIds: [], updated: 0, deleted: 0 } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A mini-program call carries the caller's OPENID; a timer carries no one, and the platform's flag.
  const context = {
    environment: JSON.stringify(
      caller ? { WX_OPENID: caller, WX_CONTEXT_KEYS: 'WX_OPENID' } : { TRIGGER_SRC: 'timer' },
    ),
  };
  const script = `require(${JSON.stringify(file)}).main(${JSON.stringify(event)}, ${JSON.stringify(context)}).then(r => { process.stdout.write(JSON.stringify({ ok: r.ok })); process.exit(0); }, () => process.exit(1))`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', script], {
    env: {
      PATH: process.env.PATH,
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: 'bench-env',
      TCB_ENV: 'bench-env',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'AKIDbench',
      TENCENTCLOUD_SECRETKEY: 'bench',
      TENCENTCLOUD_SESSIONTOKEN: 'bench',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `http://127.0.0.1:${port}/admin` }),
      QR_OPERATORS: 'o-bench',
      REMINDER_TEMPLATE_ID: 'tmpl-bench',
    },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const answeredAt = process.hrtime.bigint();
  await new Promise((resolve) => server.close(resolve));
  const ms = (t: bigint) => Math.round(Number(t - started) / 1e5) / 10;
  return {
    firstRequestMs: firstRequestAt === null ? null : ms(firstRequestAt),
    answerMs: ms(answeredAt),
    ok: out.includes('"ok"'),
  };
}

export interface ColdStart {
  /** Process start → the first request reaching CloudBase (median of 7); add one round trip there. */
  coldStartMs: number | null;
  /** Process start → the answer, with that request answered on loopback at once. */
  answerMs: number;
  bundleBytes: number;
  /** coldStartMs / bare-sdk's coldStartMs. */
  ratioToBareSdk: number | null;
}

export async function measureColdStarts(bundles: { name: string; file: string }[]): Promise<{
  runtime: string;
  functions: Record<string, ColdStart>;
}> {
  const bare = await buildBareSdk(mkdtempSync(join(tmpdir(), 'yidi-bare-')));
  const all = [...bundles, { name: 'bare-sdk', file: bare }];
  const run = (name: string, file: string) =>
    sample(file, FIRST_CALLS[name] ?? {}, name === 'reminders' ? null : 'o-bench');
  // One untimed start each (file cache), then round after round across all bundles, so that a
  // slow spell of this shared machine falls on every bundle alike.
  for (const { name, file } of all) await run(name, file);
  const samples: Record<string, Sample[]> = Object.fromEntries(all.map((b) => [b.name, []]));
  for (let i = 0; i < RUNS; i++) for (const { name, file } of all) samples[name].push(await run(name, file));
  const figures: Record<string, Omit<ColdStart, 'ratioToBareSdk'>> = {};
  for (const { name, file } of all) {
    const first = samples[name].map((s) => s.firstRequestMs).filter((x): x is number => x !== null);
    figures[name] = {
      coldStartMs: first.length === RUNS ? median(first) : null,
      answerMs: median(samples[name].map((s) => s.answerMs)),
      bundleBytes: statSync(file).size,
    };
  }
  const floor = figures['bare-sdk'].coldStartMs;
  return {
    runtime: `${cloudRuntime().runtime} bundles run on Node ${process.version}`,
    functions: Object.fromEntries(
      Object.entries(figures).map(([name, f]) => [
        name,
        {
          ...f,
          ratioToBareSdk: f.coldStartMs && floor ? Math.round((f.coldStartMs / floor) * 100) / 100 : null,
        },
      ]),
    ),
  };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx scripts/bench/cold-start.ts <dir with <fn>/index.js>');
  measureColdStarts(functionNames().map((name) => ({ name, file: join(dir, name, 'index.js') }))).then((r) =>
    console.log(JSON.stringify(r, null, 2)),
  );
}
