/**
 * What deploys, checked offline: every bundle loads and answers, each function's package.json and
 * config.json, cloudbaserc.json, the database rules, and the JSON Lines export.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  buildFunctions,
  functionConfig,
  functionNames,
  FUNCTIONS_DIR,
  type BuiltFunction,
} from '../../scripts/build-functions';
import { exportLines } from '../../scripts/db/export';

jest.setTimeout(120_000);
const ROOT = join(__dirname, '../..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const OPEN_APIS = ['wxacode.getUnlimited', 'subscribeMessage.send'];

describe('local function bundles (what npm start serves)', () => {
  const out = mkdtempSync(join(tmpdir(), 'yidi-bundles-'));
  let built: BuiltFunction[];
  beforeAll(async () => {
    built = await buildFunctions(out, 'local');
  });

  it('builds one bundle per function', () => {
    expect(built.map((b) => b.name)).toEqual([
      'checklist',
      'cities',
      'evaluate',
      'qrcode',
      'reminders',
      'watch',
    ]);
  });

  it.each(functionNames())('%s loads on its own and answers bad input with INVALID_INPUT', (name) => {
    const script = `require(${JSON.stringify(join(out, name, 'index.js'))}).main({ bogus: 1 }, {}).then(r => process.stdout.write(JSON.stringify(r)))`;
    const result = JSON.parse(
      execFileSync(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH, DATA_DIR: ':memory:' },
        encoding: 'utf8',
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/INVALID_INPUT|FORBIDDEN/), message: expect.any(String) },
    });
  });
});

const functionSchema = z.object({
  name: z.string(),
  handler: z.literal('index.main'),
  runtime: z.string().regex(/^Nodejs\d+/),
  timeout: z.number().int().min(1).max(900),
  memorySize: z.number().int(),
  installDependency: z.boolean(),
  envVariables: z.record(z.string(), z.string()).optional(),
  triggers: z.array(z.object({ name: z.string(), type: z.literal('timer'), config: z.string() })).optional(),
  ignore: z.array(z.string()).optional(),
});

describe('deployment configuration', () => {
  const rc = readJson(join(ROOT, 'cloudbaserc.json'));

  it('cloudbaserc.json lists exactly the functions, with handler index.main', () => {
    expect(rc).toMatchObject({
      version: '2.1',
      envId: '{{env.CLOUDBASE_ENV}}',
      functionRoot: './cloudfunctions',
    });
    const functions = z.array(functionSchema).parse(rc.functions);
    expect(functions.map((f) => f.name).sort()).toEqual(functionNames());
  });

  it.each(functionNames())('%s has package.json and config.json that agree with cloudbaserc.json', (name) => {
    const pkg = readJson(join(FUNCTIONS_DIR, name, 'package.json'));
    expect(pkg.main).toBe('index.js');
    const config = z
      .object({
        permissions: z.object({ openapi: z.array(z.enum(OPEN_APIS)) }),
        triggers: z
          .array(
            z.object({
              name: z.string(),
              type: z.literal('timer'),
              config: z.string().regex(/^(\S+\s){6}\S+$/),
            }),
          )
          .optional(),
      })
      .parse(readJson(join(FUNCTIONS_DIR, name, 'config.json')));
    const entry = rc.functions.find((f: { name: string }) => f.name === name);
    // Every dependency is in the bundle (wx-server-sdk included): nothing is installed in the cloud.
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(entry.installDependency).toBe(false);
    expect(entry.runtime).toBe(rc.functions[0].runtime);
    expect(entry.triggers ?? []).toEqual(config.triggers ?? []);
  });

  it('qrcode may call wxacode.getUnlimited and reminders runs on a timer and sends subscribe messages', () => {
    expect(readJson(join(FUNCTIONS_DIR, 'qrcode/config.json')).permissions.openapi).toEqual([
      'wxacode.getUnlimited',
    ]);
    const reminders = readJson(join(FUNCTIONS_DIR, 'reminders/config.json'));
    expect(reminders.permissions.openapi).toEqual(['subscribeMessage.send']);
    expect(reminders.triggers[0].type).toBe('timer');
  });

  it("README's deploy step 6 names every function with open-API permissions, and their APIs", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const step = /^6\. \*\*Open-API permissions[\s\S]*?(?=^7\. )/m.exec(readme)?.[0] ?? '';
    const named = [...step.matchAll(/`cloudfunctions\/(\w+)`/g)].map((m) => m[1]).sort();
    const needing = functionNames().filter((name) => functionConfig(name).permissions.openapi.length > 0);
    expect(named).toEqual(needing);
    for (const name of needing)
      for (const api of functionConfig(name).permissions.openapi) expect(step).toContain(`\`${api}\``);
  });

  it('watch re-reads the sources once a week on a timer, and needs no open API', () => {
    const watch = readJson(join(FUNCTIONS_DIR, 'watch/config.json'));
    expect(watch.permissions.openapi).toEqual([]);
    expect(watch.triggers).toEqual([{ name: 'weekly-mon-3am', type: 'timer', config: '0 0 3 * * MON *' }]);
    // Reading every page with a pause between requests to one host takes minutes, not seconds.
    expect(rc.functions.find((f: { name: string }) => f.name === 'watch').timeout).toBeGreaterThanOrEqual(
      300,
    );
  });

  it.each(['policies', 'checklists', 'watch'])('has security rules for the %s collection', (collection) => {
    const path = join(ROOT, 'database/rules', `${collection}.json`);
    expect(existsSync(path)).toBe(true);
    const rules = readJson(path);
    expect(Object.keys(rules).every((k) => ['read', 'write', 'create', 'update', 'delete'].includes(k))).toBe(
      true,
    );
    expect(rules.write).toBe(false);
  });
});

describe('db:export', () => {
  it('writes valid JSON Lines for the console import: one object a line, unique ids, no dotted keys, commit last', () => {
    const lines = exportLines('2026-11-22T00:00:00.000Z');
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length);
    expect(docs.at(-1)).toMatchObject({ key: 'commit' });
    const keys = (node: unknown): string[] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    expect(docs.flatMap((d) => keys(d)).filter((k) => k.includes('.') || k.startsWith('$'))).toEqual([]);
    expect(docs.length).toBeGreaterThan(337);
  });
});
