/**
 * The real deploy, through @cloudbase/manager-node (Tencent's maintained management SDK): each
 * function's code, settings, environment variables and timer trigger; who may invoke them (the
 * function security rule); the collections, their security rules and indexes; then the policy
 * data (documents first, commit last).
 *
 * Nothing is written until every function's live state has been read and planned
 * (scripts/deploy/plan.ts): a function is absent only when GetFunction says ResourceNotFound, any
 * other failure stops the deploy. Writes then follow manager-node's own path (its createFunction
 * with force): wait until the function is Active before each change, and create triggers with its
 * retry. The waits are manager-node's (waitFunctionActive: GetFunction every second while Creating
 * or Updating, up to five minutes) except that a failed state — which its wait accepts as settled,
 * UpdateFailed included — stops the deploy, naming the reason.
 *
 * Open-API permissions (config.json → permissions.openapi) have no management API: WeChat applies
 * them when WeChat DevTools uploads the function. The README's "Deploy" section says when to do it.
 */
import { join } from 'node:path';
import { cloudbaseDatabase, CloudbasePolicyStore } from '../../cloudfunctions/common/adapters/cloudbase';
import type { PolicyStore } from '../../cloudfunctions/common/ports';
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import type { DeploySummary, FunctionSettings, IndexSpec, Trigger } from './artifacts';
import {
  describePlan,
  FALLBACK_RUNTIME,
  planFunctions,
  type FunctionPlan,
  type LiveFunction,
  type Plan,
} from './plan';

export interface Credentials {
  envId: string;
  secretId: string;
  secretKey: string;
}

/** The deploy could not, or must not, go on; `reasons` are shown one a line. */
export class DeployRefused extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('\n'));
    this.name = 'DeployRefused';
  }
}

export interface DeployOptions {
  /** Read the live state and plan, write nothing. */
  dryRun?: boolean;
  /** Where the policy data goes; by default the environment's `policies` collection. */
  policyStore?: PolicyStore;
  /** How often to ask whether a function settled (manager-node asks every second). */
  pollMs?: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- manager-node's services are loosely typed */
type Manager = any;

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? '');
const messageOf = (error: unknown) => (error as Error).message ?? String(error);

/** GetFunction's answer as a LiveFunction; null only for ResourceNotFound. */
export async function readLiveFunction(app: Manager, name: string): Promise<LiveFunction | null> {
  let detail: any;
  try {
    detail = await app.functions.getFunctionDetail(name);
  } catch (error) {
    if (codeOf(error).startsWith('ResourceNotFound')) return null;
    throw new DeployRefused([
      `could not read function ${name} (${codeOf(error) || 'no code'}: ${messageOf(error)}): nothing was changed`,
    ]);
  }
  return {
    runtime: detail.Runtime,
    status: detail.Status,
    env: Object.fromEntries(
      ((detail.Environment?.Variables ?? []) as { Key: string; Value: string }[]).map((v) => [
        v.Key,
        v.Value,
      ]),
    ),
    triggers: ((detail.Triggers ?? []) as { TriggerName: string; Type: string; TriggerDesc: string }[]).map(
      (t) => ({ name: t.TriggerName, type: t.Type as 'timer', config: cronOf(t.TriggerDesc) }),
    ),
  };
}

/** A timer's schedule as GetFunction shows it: the cron itself, or {"cron": "…"} (both seen in SCF). */
function cronOf(desc: string): string {
  try {
    const parsed = JSON.parse(desc) as { cron?: unknown };
    if (typeof parsed?.cron === 'string') return parsed.cron;
  } catch {
    // a bare cron expression
  }
  return desc;
}

/** Every function read, then planned; throws DeployRefused with every reason at once. */
export async function planDeploy(app: Manager, settings: FunctionSettings[]): Promise<Plan> {
  const live = new Map<string, LiveFunction | null>();
  for (const s of settings) live.set(s.name, await readLiveFunction(app, s.name));
  const plan = planFunctions(settings, live);
  if (plan.refusals.length) throw new DeployRefused(plan.refusals);
  return plan;
}

const SETTLING = new Set(['Creating', 'Updating', 'Publishing']);
const WAIT_LIMIT_MS = 5 * 60_000;

/** Waits while the function is Creating or Updating; resolves when Active, throws on any other state. */
async function whenActive(app: Manager, name: string, pollMs: number): Promise<void> {
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, pollMs))) {
    const { Status, StatusDesc, StatusReasons } = await app.functions.getFunctionDetail(name);
    if (Status === 'Active') return;
    if (SETTLING.has(Status) && Date.now() - started < WAIT_LIMIT_MS) continue;
    const reasons = ((StatusReasons ?? []) as { ErrorCode: string; ErrorMessage: string }[])
      .map((r) => `[${r.ErrorCode}] ${r.ErrorMessage}`)
      .join('; ');
    throw new Error(
      `function ${name} is ${Status}${StatusDesc ? ` (${StatusDesc})` : ''}${reasons ? `: ${reasons}` : ''}`,
    );
  }
}

type Step = (
  app: Manager,
  f: FunctionPlan,
  root: string,
  log: (l: string) => void,
  pollMs: number,
) => Promise<void>;

const createFunction: Step = async (app, f, root, log, pollMs) => {
  try {
    // manager-node: CreateFunction, wait, triggers with its retry, wait.
    await app.functions.createFunction({
      func: { ...f.func, triggers: f.triggers.create },
      functionRootPath: root,
      force: false,
      deployMode: 'zip',
    });
  } catch (error) {
    const said = `${codeOf(error)} ${messageOf(error)}`.replace(/\s+/g, ' ');
    if (/runtime/i.test(said))
      throw new DeployRefused([
        `the environment refused to create ${f.name} on ${f.func.runtime} (${said.trim()}): set "runtime": "${FALLBACK_RUNTIME}" for every function in cloudbaserc.json (the documented fallback; the bundles are then built for Node 20.19) and deploy again. Nothing else was changed.`,
      ]);
    throw error;
  }
  await whenActive(app, f.name, pollMs);
  log(`  function ${f.name}: created on ${f.func.runtime}`);
};

const updateFunction: Step = async (app, f, root, log, pollMs) => {
  // The path manager-node's createFunction takes for an existing function (force): code, wait,
  // configuration, wait, triggers with its retry, wait. The triggers are handled here because its
  // updateFunctionConfig would try them before the function settles, and only warn if they fail.
  await app.functions.updateFunctionCode({ func: f.func, functionRootPath: root, deployMode: 'zip' });
  await whenActive(app, f.name, pollMs);
  await app.functions.updateFunctionConfig(f.func);
  await whenActive(app, f.name, pollMs);
  for (const t of f.triggers.replace) await app.functions.deleteFunctionTrigger(f.name, t.name);
  const triggers: Trigger[] = [...f.triggers.replace, ...f.triggers.create];
  if (triggers.length) {
    await app.functions.retryCreateTrigger(f.name, triggers);
    await whenActive(app, f.name, pollMs);
  }
  log(`  function ${f.name}: updated`);
};

/** Every collection name, a page at a time. */
async function collectionNames(app: Manager): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const { Collections, Pager } = await app.database.listCollections({ MgoOffset: offset, MgoLimit: 100 });
    for (const c of Collections ?? []) names.add(c.CollectionName);
    if (!Collections?.length || offset + 100 >= (Pager?.Total ?? 0)) return names;
  }
}

async function ensureIndexes(
  app: Manager,
  collection: string,
  wanted: IndexSpec[],
  log: (l: string) => void,
) {
  const { Indexes } = await app.database.describeCollection(collection);
  const existing = new Map<string, string>(
    ((Indexes ?? []) as { Name: string; Keys: { Name: string; Direction: string }[] }[]).map((i) => [
      i.Name,
      i.Keys.map((k) => `${k.Name}:${k.Direction}`).join(','),
    ]),
  );
  const missing = wanted.filter((i) => !existing.has(i.name));
  for (const i of wanted) {
    const keys = Object.entries(i.keys)
      .map(([k, d]) => `${k}:${d}`)
      .join(',');
    if (existing.has(i.name) && existing.get(i.name) !== keys)
      log(
        `  collection ${collection}: index ${i.name} differs (${existing.get(i.name)}, wanted ${keys}); left as it is — drop it in the console and deploy again to recreate it`,
      );
  }
  if (!missing.length) return;
  await app.database.updateCollection(collection, {
    CreateIndexes: missing.map((i) => ({
      IndexName: i.name,
      MgoKeySchema: {
        MgoIndexKeys: Object.entries(i.keys).map(([Name, d]) => ({ Name, Direction: String(d) })),
        MgoIsUnique: false,
      },
    })),
  });
  log(`  collection ${collection}: indexes ${missing.map((i) => i.name).join(', ')} created`);
}

export async function deployToCloudbase(
  summary: DeploySummary,
  settings: FunctionSettings[],
  credentials: Credentials,
  log: (line: string) => void,
  options: DeployOptions = {},
): Promise<Plan> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node');
  const app: Manager = new CloudBase({ ...credentials });
  const root = join(summary.dir, 'functions');
  const shipped = settings.filter((s) => summary.functions.some((f) => f.name === s.name));

  const plan = await planDeploy(app, shipped);
  log(`plan for ${credentials.envId}:`);
  for (const line of describePlan(plan)) log(line);
  if (options.dryRun) return plan;

  const pollMs = options.pollMs ?? 1000;
  for (const f of plan.functions)
    await (f.action === 'create' ? createFunction : updateFunction)(app, f, root, log, pollMs);

  await app.permission.modifyResourcePermission({
    resourceType: 'function',
    permission: 'CUSTOM',
    securityRule: JSON.stringify(summary.securityRule),
  });
  log(`  function security rule: ${JSON.stringify(summary.securityRule)}`);

  const existing = await collectionNames(app);
  const tcb = app.commonService('tcb', '2018-06-08');
  for (const { collection, rule } of summary.rules) {
    if (!existing.has(collection)) {
      await app.database.createCollection(collection);
      log(`  collection ${collection}: created`);
    }
    await tcb.call({
      Action: 'ModifySafeRule',
      Param: {
        EnvId: credentials.envId,
        CollectionName: collection,
        AclTag: 'CUSTOM',
        Rule: JSON.stringify(rule),
      },
    });
    log(`  collection ${collection}: rule ${JSON.stringify(rule)}`);
  }
  for (const { collection, indexes } of summary.indexes) await ensureIndexes(app, collection, indexes, log);

  const { pack } = loadPolicyFiles();
  const store =
    options.policyStore ??
    new CloudbasePolicyStore(
      cloudbaseDatabase({
        env: credentials.envId,
        secretId: credentials.secretId,
        secretKey: credentials.secretKey,
        timeoutMs: 20_000,
      }),
    );
  if ((await store.activeVersion()) === pack.version) log(`  policy data ${pack.version}: already there`);
  else {
    await store.push(pack.version, packToDocs(pack), new Date().toISOString());
    log(`  policy data ${pack.version}: pushed (${summary.policyDocs} documents)`);
  }
  const needing = summary.functions.filter((f) => f.openapi.length).map((f) => f.name);
  if (needing.length)
    log(
      `open-API permissions are applied by WeChat DevTools only: upload ${needing.join(', ')} once from DevTools (README, "Deploy", step 6)`,
    );
  return plan;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
