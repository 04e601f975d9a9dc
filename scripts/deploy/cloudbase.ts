/**
 * The real deploy, through @cloudbase/manager-node (Tencent's maintained management SDK): each
 * function's code, settings, environment variables and timer triggers; the collections and their
 * security rules; then the policy data (documents first, commit last).
 *
 * Open-API permissions (config.json → permissions.openapi) have no management API: WeChat applies
 * them when WeChat DevTools uploads the function. The README's "Deploy" section says when to do it.
 */
import { join } from 'node:path';
import { cloudbaseDatabase, CloudbasePolicyStore } from '../../cloudfunctions/common/adapters/cloudbase';
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { functionSettings, type DeploySummary } from './artifacts';

export interface Credentials {
  envId: string;
  secretId: string;
  secretKey: string;
}

export async function deployToCloudbase(
  summary: DeploySummary,
  credentials: Credentials,
  log: (line: string) => void,
): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node');
  const app = new CloudBase({ ...credentials });
  const functionRootPath = join(summary.dir, 'functions');
  const settings = functionSettings(process.env);

  for (const fn of summary.functions) {
    const own = settings.find((s) => s.name === fn.name)!;
    const missing = Object.entries(own.envVariables ?? {})
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length) log(`  ${fn.name}: ${missing.join(', ')} not set in your shell; deployed empty`);
    const func = {
      name: fn.name,
      handler: own.handler,
      runtime: own.runtime,
      timeout: own.timeout,
      memorySize: own.memorySize,
      installDependency: false,
      envVariables: own.envVariables ?? {},
      ignore: [],
    };
    const exists = await app.functions.getFunctionDetail(fn.name).then(
      () => true,
      () => false,
    );
    if (exists) {
      await app.functions.updateFunctionCode({ func, functionRootPath, deployMode: 'zip' });
      await app.functions.waitFunctionActive(fn.name);
      await app.functions.updateFunctionConfig(func);
    } else {
      await app.functions.createFunction({ func, functionRootPath, force: true, deployMode: 'zip' });
      await app.functions.waitFunctionActive(fn.name);
    }
    if (fn.triggers.length) await app.functions.createFunctionTriggers(fn.name, fn.triggers);
    log(
      `  function ${fn.name}: ${exists ? 'updated' : 'created'} (${Math.round(fn.bytes / 1024)} KB${fn.triggers.length ? `, trigger ${fn.triggers.map((t) => t.config).join(', ')}` : ''})`,
    );
  }

  const tcb = app.commonService('tcb', '2018-06-08');
  for (const { collection, rule } of summary.rules) {
    await app.database.createCollectionIfNotExists(collection);
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

  const { pack } = loadPolicyFiles();
  const store = new CloudbasePolicyStore(
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
  const needing = summary.functions.filter((f) => f.openapi.length);
  if (needing.length)
    log(
      `open-API permissions are applied by WeChat DevTools only: upload ${needing.map((f) => f.name).join(' and ')} once from DevTools (README, "Deploy", step 5)`,
    );
}
