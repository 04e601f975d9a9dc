/**
 * What `npm run deploy` sends to CloudBase, written to build/deploy/ so it can be read and tested:
 *   functions/<fn>/  index.js (the cloud bundle), package.json (no dependencies), config.json
 *   database/rules/<collection>.json
 *   policies.jsonl   the policy documents, commit last (also importable in the console)
 * The summary is what `--dry-run --json` prints.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions, cloudRuntime, functionConfig, ROOT } from '../build-functions';
import { exportLines } from '../db/export';

export const DEPLOY_DIR = join(ROOT, 'build/deploy');
export const COLLECTIONS_DIR = join(ROOT, 'database/rules');

export interface FunctionSettings {
  name: string;
  handler: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  installDependency: boolean;
  envVariables?: Record<string, string>;
  triggers?: { name: string; type: 'timer'; config: string }[];
}

export interface DeploySummary {
  envId: string | null;
  runtime: string;
  functions: {
    name: string;
    bytes: number;
    entry: string;
    handlerExported: boolean;
    triggers: { name: string; type: string; config: string }[];
    openapi: string[];
    envVariables: string[];
  }[];
  rules: { collection: string; rule: Record<string, unknown> }[];
  policyDocs: number;
  dir: string;
}

/** cloudbaserc.json's functions, `{{env.NAME}}` filled from `env` (empty when unset). */
export function functionSettings(env: NodeJS.ProcessEnv = process.env): FunctionSettings[] {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functions: FunctionSettings[];
  };
  const fill = (value: string) => value.replace(/\{\{env\.(\w+)\}\}/g, (_m, name: string) => env[name] ?? '');
  return rc.functions.map((f) => ({
    ...f,
    envVariables:
      f.envVariables && Object.fromEntries(Object.entries(f.envVariables).map(([k, v]) => [k, fill(v)])),
  }));
}

/** The environment CloudBase gives a function, with fake keys and the database on a closed loopback port. */
export const offlineCloudEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  TENCENTCLOUD_RUNENV: 'SCF',
  SCF_NAMESPACE: 'dry-run-env',
  TCB_ENV: 'dry-run-env',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  TENCENTCLOUD_SECRETID: 'AKIDdryrun',
  TENCENTCLOUD_SECRETKEY: 'dryrun',
  TENCENTCLOUD_SESSIONTOKEN: 'dryrun',
  TCB_CONTEXT_CNFG: JSON.stringify({ URL: 'http://127.0.0.1:9/admin' }),
});

export interface Invocation {
  handlerExported: boolean;
  result?: { ok: boolean; error?: { code: string; message: string }; data?: unknown };
  error?: string;
}

/** The command that loads a built entry in a fresh Node process as CloudBase would, and calls it once. */
export function invokeCommand(
  entry: string,
  event: unknown,
  context: unknown = { environment: '{}' },
  node: string[] = [process.execPath],
): [string, string[]] {
  const [bin, ...pre] = node;
  return [bin, [...pre, join(__dirname, 'invoke.js'), entry, JSON.stringify(event), JSON.stringify(context)]];
}

export function invokeBuilt(
  entry: string,
  event: unknown,
  context?: unknown,
  env: Record<string, string> = {},
): Invocation {
  const [bin, args] = invokeCommand(entry, event, context);
  const out = execFileSync(bin, args, {
    env: { ...offlineCloudEnv(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Invocation;
}

export async function buildDeployArtifacts(
  dir = DEPLOY_DIR,
  at = new Date().toISOString(),
): Promise<DeploySummary> {
  rmSync(dir, { recursive: true, force: true });
  const functionsDir = join(dir, 'functions');
  const built = await buildFunctions(functionsDir, 'cloud');
  const settings = functionSettings({});
  const functions = built.map((b) => {
    const config = functionConfig(b.name);
    const own = settings.find((s) => s.name === b.name);
    if (!own) throw new Error(`cloudbaserc.json has no entry for function ${b.name}`);
    writeFileSync(
      join(functionsDir, b.name, 'package.json'),
      `${JSON.stringify({ name: b.name, version: '1.0.0', private: true, main: 'index.js' }, null, 2)}\n`,
    );
    copyFileSync(
      join(ROOT, 'cloudfunctions', b.name, 'config.json'),
      join(functionsDir, b.name, 'config.json'),
    );
    // Loading alone must not touch the network: the database URL is a closed loopback port.
    const { handlerExported } = invokeBuilt(b.file, { __loadOnly: true });
    return {
      name: b.name,
      bytes: b.bytes,
      entry: `functions/${b.name}/index.js`,
      handlerExported,
      triggers: config.triggers ?? [],
      openapi: config.permissions.openapi,
      envVariables: Object.keys(own.envVariables ?? {}),
    };
  });
  const rulesDir = join(dir, 'database/rules');
  mkdirSync(rulesDir, { recursive: true });
  const rules = readdirSync(COLLECTIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      copyFileSync(join(COLLECTIONS_DIR, file), join(rulesDir, file));
      return {
        collection: file.replace(/\.json$/, ''),
        rule: JSON.parse(readFileSync(join(COLLECTIONS_DIR, file), 'utf8')),
      };
    });
  const lines = exportLines(at);
  writeFileSync(join(dir, 'policies.jsonl'), `${lines.join('\n')}\n`);
  return {
    envId: process.env.CLOUDBASE_ENV || null,
    runtime: cloudRuntime().runtime,
    functions,
    rules,
    policyDocs: lines.length,
    dir,
  };
}
