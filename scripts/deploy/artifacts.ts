/**
 * What `npm run deploy` sends to CloudBase, written to build/deploy/ so it can be read and tested:
 *   functions/<fn>/  index.js (the cloud bundle), package.json (no dependencies), config.json
 *   functions/security-rule.json   who may invoke the functions (云函数安全规则)
 *   database/rules/<collection>.json, database/indexes.json
 *   policies.jsonl   the policy documents, commit last (also importable in the console)
 * and each function's settings from cloudbaserc.json, with its `{{env.NAME}}` values resolved. The
 * summary is what `--dry-run --json` prints.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlaceholder, REMINDER_TEMPLATE_ID, CLOUD_ENV_ID } from '../../miniprogram/config/env';
import {
  buildFunctions,
  CLOUD_BUNDLE_BUDGET,
  cloudRuntime,
  functionConfig,
  FUNCTIONS_DIR,
  ROOT,
} from '../build-functions';
import { exportLines } from '../db/export';

export const DEPLOY_DIR = join(ROOT, 'build/deploy');
export const COLLECTIONS_DIR = join(ROOT, 'database/rules');
export const INDEXES_FILE = join(ROOT, 'database/indexes.json');
export const SECURITY_RULE_FILE = join(FUNCTIONS_DIR, 'security-rule.json');

export interface Trigger {
  name: string;
  type: 'timer';
  config: string;
}

/** A function's settings from cloudbaserc.json, its `{{env.NAME}}` values resolved. */
export interface FunctionSettings {
  name: string;
  handler: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  installDependency: boolean;
  /** The variables that have a value: set in the shell (an empty string counts), or fixed in the file. */
  envVariables: Record<string, string>;
  /**
   * Variables whose `{{env.NAME}}` has no value here: the live function's value is kept, and a
   * function that has none refuses to deploy (scripts/deploy/plan.ts).
   */
  unset: string[];
  triggers: Trigger[];
}

export interface IndexSpec {
  name: string;
  /** Field → 1 (ascending) or -1 (descending), in order. */
  keys: Record<string, 1 | -1>;
}

export interface DeploySummary {
  envId: string | null;
  runtime: string;
  /** Every bundle must be at most this many bytes. */
  budgetBytes: number;
  functions: {
    name: string;
    bytes: number;
    entry: string;
    handlerExported: boolean;
    triggers: Trigger[];
    openapi: string[];
    envVariables: string[];
    /** Variables with no value in this shell: kept from the live function, or the deploy refuses. */
    unsetVariables: string[];
  }[];
  /** The function security rule: who may invoke each function from a client. */
  securityRule: Record<string, { invoke: boolean | string }>;
  rules: { collection: string; rule: Record<string, unknown> }[];
  indexes: { collection: string; indexes: IndexSpec[] }[];
  policyDocs: number;
  /** Settings that are still placeholders, or disagree: said before anything deploys. */
  warnings: string[];
  dir: string;
}

/**
 * The value each `{{env.NAME}}` takes: the shell's, except REMINDER_TEMPLATE_ID, which only the
 * mini-program's config holds (miniprogram/config/env.ts) so that the app and the function never
 * disagree; a placeholder there is no value. Returns the values and what is wrong with them.
 */
export function deployValues(
  env: NodeJS.ProcessEnv,
  app: { REMINDER_TEMPLATE_ID: string; CLOUD_ENV_ID: string } = { REMINDER_TEMPLATE_ID, CLOUD_ENV_ID },
): { values: Record<string, string | undefined>; warnings: string[] } {
  const warnings: string[] = [];
  if (env.REMINDER_TEMPLATE_ID !== undefined && env.REMINDER_TEMPLATE_ID !== app.REMINDER_TEMPLATE_ID)
    warnings.push(
      'REMINDER_TEMPLATE_ID is set in your shell but ignored: it is read from miniprogram/config/env.ts only',
    );
  if (isPlaceholder(app.REMINDER_TEMPLATE_ID))
    warnings.push('miniprogram/config/env.ts: REMINDER_TEMPLATE_ID is still the placeholder');
  if (isPlaceholder(app.CLOUD_ENV_ID))
    warnings.push(
      'miniprogram/config/env.ts: CLOUD_ENV_ID is still the placeholder: the app reaches no environment',
    );
  else if (env.CLOUDBASE_ENV && env.CLOUDBASE_ENV !== app.CLOUD_ENV_ID)
    warnings.push(
      `deploying to ${env.CLOUDBASE_ENV}, but the mini-program calls ${app.CLOUD_ENV_ID} (miniprogram/config/env.ts)`,
    );
  const values: Record<string, string | undefined> = {
    ...env,
    REMINDER_TEMPLATE_ID: isPlaceholder(app.REMINDER_TEMPLATE_ID) ? undefined : app.REMINDER_TEMPLATE_ID,
  };
  return { values, warnings };
}

/** cloudbaserc.json's functions, each `{{env.NAME}}` filled from `values` or listed as unset. */
export function functionSettings(values: Record<string, string | undefined>): FunctionSettings[] {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functions: (Omit<FunctionSettings, 'unset' | 'envVariables' | 'triggers'> & {
      envVariables?: Record<string, string>;
      triggers?: Trigger[];
    })[];
  };
  return rc.functions.map((f) => {
    const envVariables: Record<string, string> = {};
    const unset: string[] = [];
    for (const [key, template] of Object.entries(f.envVariables ?? {})) {
      const names = [...template.matchAll(/\{\{env\.(\w+)\}\}/g)].map((m) => m[1]);
      if (names.some((name) => values[name] === undefined)) unset.push(key);
      else envVariables[key] = template.replace(/\{\{env\.(\w+)\}\}/g, (_m, name: string) => values[name]!);
    }
    return { ...f, envVariables, unset, triggers: f.triggers ?? [] };
  });
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

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

export async function buildDeployArtifacts(
  env: NodeJS.ProcessEnv = process.env,
  dir = DEPLOY_DIR,
  at = new Date().toISOString(),
): Promise<DeploySummary> {
  const { values, warnings } = deployValues(env);
  rmSync(dir, { recursive: true, force: true });
  const functionsDir = join(dir, 'functions');
  const built = await buildFunctions(functionsDir, 'cloud');
  const settings = functionSettings(values);
  const functions = built.map((b) => {
    const config = functionConfig(b.name);
    const own = settings.find((s) => s.name === b.name);
    if (!own) throw new Error(`cloudbaserc.json has no entry for function ${b.name}`);
    writeFileSync(
      join(functionsDir, b.name, 'package.json'),
      `${JSON.stringify({ name: b.name, version: '1.0.0', private: true, main: 'index.js' }, null, 2)}\n`,
    );
    copyFileSync(join(FUNCTIONS_DIR, b.name, 'config.json'), join(functionsDir, b.name, 'config.json'));
    // Loading alone must not touch the network: the database URL is a closed loopback port.
    const { handlerExported } = invokeBuilt(b.file, { __loadOnly: true });
    return {
      name: b.name,
      bytes: b.bytes,
      entry: `functions/${b.name}/index.js`,
      handlerExported,
      triggers: config.triggers ?? [],
      openapi: config.permissions.openapi,
      envVariables: [...Object.keys(own.envVariables), ...own.unset].sort(),
      unsetVariables: own.unset,
    };
  });
  copyFileSync(SECURITY_RULE_FILE, join(functionsDir, 'security-rule.json'));
  const rulesDir = join(dir, 'database/rules');
  mkdirSync(rulesDir, { recursive: true });
  const rules = readdirSync(COLLECTIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      copyFileSync(join(COLLECTIONS_DIR, file), join(rulesDir, file));
      return {
        collection: file.replace(/\.json$/, ''),
        rule: readJson<Record<string, unknown>>(join(COLLECTIONS_DIR, file)),
      };
    });
  copyFileSync(INDEXES_FILE, join(dir, 'database/indexes.json'));
  const indexes = Object.entries(readJson<Record<string, IndexSpec[]>>(INDEXES_FILE)).map(
    ([collection, list]) => ({ collection, indexes: list }),
  );
  const lines = exportLines(at);
  writeFileSync(join(dir, 'policies.jsonl'), `${lines.join('\n')}\n`);
  return {
    envId: env.CLOUDBASE_ENV || null,
    runtime: cloudRuntime().runtime,
    budgetBytes: CLOUD_BUNDLE_BUDGET,
    functions,
    securityRule: readJson(SECURITY_RULE_FILE),
    rules,
    indexes,
    policyDocs: lines.length,
    warnings,
    dir,
  };
}
