/**
 * `npm run deploy -- --dry-run --json`: what would go to CloudBase, built exactly as it deploys, then
 * loaded the way CloudBase loads it — a fresh Node process per call, CloudBase's environment
 * variables, no network — on this machine's Node and on the Node version of the declared runtime.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIRST_CALLS } from '../../scripts/bench/cold-start';
import { CLOUD_BUNDLE_BUDGET, cloudRuntime } from '../../scripts/build-functions';
import {
  invokeCommand,
  offlineCloudEnv,
  type DeploySummary,
  type Invocation,
} from '../../scripts/deploy/artifacts';
import { captureServer, defaultAnswer } from '../support/capture-server';
import { cloudEnv, wxContext } from '../support/cloud-env';
import { realPack } from '../support/policy';

jest.setTimeout(180_000);
const ROOT = join(__dirname, '../..');
const run = promisify(execFile);

let summary: DeploySummary;
beforeAll(() => {
  const out = execFileSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['scripts/deploy/index.ts', '--dry-run', '--json'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // its warnings (placeholders) are checked in the summary
    },
  );
  summary = JSON.parse(out) as DeploySummary;
});

/** The declared runtime's Node (cloudbaserc.json), from the npm registry's `node` package. */
function runtimeNode(): string[] | null {
  const { nodeVersion } = cloudRuntime();
  try {
    const bin = execFileSync('npx', ['-y', '-p', `node@${nodeVersion}`, 'node', '-p', 'process.execPath'], {
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    return version.startsWith(`v${nodeVersion}.`) ? [bin] : null;
  } catch {
    return null;
  }
}

async function invoke(
  entry: string,
  event: unknown,
  context: unknown,
  env: Record<string, string>,
  node?: string[],
) {
  const [bin, args] = invokeCommand(join(summary.dir, entry), event, context, node);
  const { stdout } = await run(bin, args, { env: { ...offlineCloudEnv(), ...env }, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Invocation;
}

describe('the dry run', () => {
  it('lists the six functions, each exporting main, with triggers and open-API permissions', () => {
    expect(summary.runtime).toBe(cloudRuntime().runtime);
    expect(summary.functions.map((f) => [f.name, f.handlerExported])).toEqual([
      ['checklist', true],
      ['cities', true],
      ['evaluate', true],
      ['qrcode', true],
      ['reminders', true],
      ['watch', true],
    ]);
    const byName = Object.fromEntries(summary.functions.map((f) => [f.name, f]));
    expect(byName.reminders.triggers).toEqual([
      { name: 'daily-9am', type: 'timer', config: '0 0 9 * * * *' },
    ]);
    expect(byName.reminders.openapi).toEqual(['subscribeMessage.send']);
    expect(byName.watch.triggers).toEqual([
      { name: 'weekly-mon-3am', type: 'timer', config: '0 0 3 * * MON *' },
    ]);
    expect(byName.watch.openapi).toEqual([]);
    expect(byName.qrcode.openapi).toEqual(['wxacode.getUnlimited']);
    expect(byName.evaluate.openapi).toEqual([]);
    for (const f of summary.functions) expect(f.entry).toBe(`functions/${f.name}/index.js`);
  });

  it('lists the variables with no value in this shell (kept from the live function on deploy), and the placeholders', () => {
    const byName = Object.fromEntries(summary.functions.map((f) => [f.name, f]));
    expect(byName.qrcode).toMatchObject({
      envVariables: ['QR_OPERATORS', 'QR_PAGE'],
      unsetVariables: ['QR_OPERATORS'],
    });
    // The template id comes from miniprogram/config/env.ts only, still a placeholder there.
    expect(byName.reminders.unsetVariables).toEqual(['REMINDER_TEMPLATE_ID']);
    expect(summary.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('REMINDER_TEMPLATE_ID is still the placeholder')]),
    );
  });

  it('ships who may invoke the functions: signed-in users, and nobody but the timer for the timer functions', () => {
    const timerOnly = summary.functions.filter((f) => f.triggers.length).map((f) => f.name);
    expect(timerOnly).toEqual(['reminders', 'watch']);
    expect(summary.securityRule).toEqual({
      '*': { invoke: 'auth != null' },
      ...Object.fromEntries(timerOnly.map((name) => [name, { invoke: false }])),
    });
    expect(summary.indexes.map((c) => [c.collection, c.indexes.map((i) => i.name)])).toEqual([
      ['checklists', ['owner_newest', 'member_newest', 'reminder_due', 'idle']],
      ['policies', ['key']],
      ['watch', ['newest']],
    ]);
  });

  it('ships the security rules (checklists closed to clients) and the policy documents', () => {
    expect(summary.rules).toEqual([
      { collection: 'checklists', rule: { read: false, write: false } },
      { collection: 'policies', rule: { read: false, write: false } },
      { collection: 'watch', rule: { read: false, write: false } },
    ]);
    expect(summary.policyDocs).toBeGreaterThan(337);
  });

  it('keeps every cloud bundle within its budget', () => {
    for (const f of summary.functions)
      expect([f.name, f.bytes <= CLOUD_BUNDLE_BUDGET]).toEqual([f.name, true]);
  });

  it('bundles the policy snapshot only into the functions that fall back to it, the sources into the watch', () => {
    const bundling = (text: string) =>
      summary.functions
        .filter((f) => readFileSync(join(summary.dir, f.entry), 'utf8').includes(text))
        .map((f) => f.name);
    // A source's address is in the source register (part of the snapshot) and nowhere in the code;
    // a layer's note is in the snapshot alone (as esbuild writes it: non-ASCII as \uXXXX).
    const asBundled = (text: string) =>
      text.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    expect(bundling(Object.values(realPack().sources)[0].url)).toEqual(['cities', 'evaluate', 'watch']);
    expect(bundling(asBundled(realPack().national.note!))).toEqual(['cities', 'evaluate']);
  });

  it('puts no local-only module in a cloud bundle', () => {
    for (const f of summary.functions) {
      const source = readFileSync(join(summary.dir, f.entry), 'utf8');
      expect(source).not.toMatch(/@seald-io\/nedb|persistCachedDatabase|QRCode\.toBuffer|class LocalOpenApi/);
    }
  });
});

const node = runtimeNode();
if (!node)
  console.warn(
    `SKIPPED: could not install Node ${cloudRuntime().nodeVersion} from the npm registry (npx -p node@${cloudRuntime().nodeVersion}); the bundles were not run on the declared runtime`,
  );

const nodes: [string, string[] | undefined][] = [['this machine’s Node', undefined]];
if (node) nodes.push([`Node ${cloudRuntime().nodeVersion} (${cloudRuntime().runtime})`, node]);

describe.each(nodes)('on %s, as CloudBase calls them', (_label, nodeBin) => {
  const down = cloudEnv(); // the database on a closed loopback port: every store call fails
  const operator = { QR_OPERATORS: 'o-operator', REMINDER_TEMPLATE_ID: 'tmpl-1' };
  // The documented timer event, with the platform's timer flag, and for the others the first calls
  // the benchmark times.
  const timer = FIRST_CALLS.reminders;
  const timerContext = { environment: JSON.stringify({ TRIGGER_SRC: 'timer' }) };

  it.each([
    ['checklist', FIRST_CALLS.checklist, wxContext('o-parent')],
    ['cities', FIRST_CALLS.cities, wxContext('o-parent')],
    ['qrcode', FIRST_CALLS.qrcode, wxContext('o-operator')],
    ['reminders', timer, timerContext],
  ])('%s answers cleanly when the database is unreachable', async (name, event, context) => {
    const out = await invoke(`functions/${name}/index.js`, event, context, { ...down, ...operator }, nodeBin);
    expect(out.handlerExported).toBe(true);
    if (name === 'cities')
      expect(out.result).toMatchObject({ ok: true }); // the bundled snapshot answers
    else
      expect(out.result).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', message: expect.any(String) },
      });
  });

  it('evaluate answers from the bundled snapshot and says so', async () => {
    const out = await invoke(
      'functions/evaluate/index.js',
      FIRST_CALLS.evaluate,
      wxContext('o-parent'),
      down,
      nodeBin,
    );
    expect(out.result).toMatchObject({ ok: true, data: { dataFreshness: { origin: 'snapshot' } } });
  });

  it('watch refuses anyone but its timer, before reading a single page', async () => {
    const out = await invoke('functions/watch/index.js', timer, wxContext('o-parent'), down, nodeBin);
    expect(out.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers, not crashes, on a context with neither environment nor environ', async () => {
    const out = await invoke(
      'functions/checklist/index.js',
      { action: 'get', id: 'aaaaaaaaaaaa' },
      {},
      down,
      nodeBin,
    );
    expect(out.result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('qrcode calls wxacode.getUnlimited through the bundled wx-server-sdk', async () => {
    const server = await captureServer();
    server.answer(() => ({ code: 'CAPTURED', message: 'no WeChat here' }));
    try {
      const out = await invoke(
        'functions/qrcode/index.js',
        { action: 'create', careCity: '610100' },
        wxContext('o-operator'),
        { ...cloudEnv(server.url), ...operator },
        nodeBin,
      );
      expect(out.result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect(server.requests.map((r) => [r.action, r.raw.apiName])).toEqual([
        ['wx.openApi', 'wxacode.getUnlimited'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('reminders answers { ok: true } to the documented timer event, its requests reaching the database', async () => {
    const server = await captureServer();
    server.answer(defaultAnswer);
    try {
      const out = await invoke(
        'functions/reminders/index.js',
        timer,
        timerContext,
        { ...cloudEnv(server.url), ...operator },
        nodeBin,
      );
      expect(out.result).toEqual({ ok: true, data: { due: 0, sent: 0, failed: 0, retrying: 0, skipped: 0 } });
      // The retention clean-up of checklists idle for a year, then what is due.
      expect(server.requests.map((r) => [r.action, r.collectionName])).toEqual([
        ['database.removeDocument', 'checklists'],
        ['database.getDocument', 'checklists'],
      ]);
    } finally {
      await server.close();
    }
  });
});
