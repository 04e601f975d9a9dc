/**
 * npm run deploy [-- --dry-run] [--json]
 *   --dry-run  writes build/deploy/ and says what would be deployed; with CLOUDBASE_ENV and keys it
 *              also reads the live functions (read-only) and prints the plan: which variables are
 *              kept from the live functions, what it refuses
 *   --json     the summary as JSON: { functions: [{ name, bytes, entry, handlerExported, triggers,
 *              openapi, envVariables, unsetVariables }], securityRule, rules, indexes, policyDocs,
 *              warnings } (the plan, if any, goes to stderr)
 * Without --dry-run it needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY, and
 * deploys every function (cloudbaserc.json), who may invoke them, the collections with their rules and indexes,
 * and the policy data (scripts/deploy/cloudbase.ts). Exit 1 when it refuses or fails.
 */
import { buildDeployArtifacts, deployValues, functionSettings } from './artifacts';
import { DeployRefused, deployToCloudbase } from './cloudbase';

async function main(): Promise<number> {
  const dryRun = process.argv.includes('--dry-run');
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const {
    CLOUDBASE_ENV: envId,
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
  } = process.env;
  const credentials = envId && secretId && secretKey ? { envId, secretId, secretKey } : null;
  if (!dryRun && !credentials) {
    console.error(
      'deploy needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (README, "Deploy"); `npm run deploy -- --dry-run` needs none',
    );
    return 2;
  }
  const summary = await buildDeployArtifacts(process.env);
  if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    log(`build/deploy/ written for ${summary.runtime}:`);
    for (const f of summary.functions)
      log(
        `  ${f.name.padEnd(10)} ${String(Math.round(f.bytes / 1024)).padStart(5)} KB  main ${f.handlerExported ? 'exported' : 'MISSING'}${f.triggers.length ? `  timer ${f.triggers[0].config}` : ''}${f.openapi.length ? `  open API ${f.openapi.join(', ')}` : ''}${f.unsetVariables.length ? `  unset ${f.unsetVariables.join(', ')} (the live value is kept; refused if there is none)` : ''}`,
      );
    log(
      `  rules for ${summary.rules.map((r) => r.collection).join(', ')}; indexes ${summary.indexes.map((c) => `${c.collection} ${c.indexes.length}`).join(', ')}; ${summary.policyDocs} policy documents`,
    );
  }
  for (const warning of summary.warnings) log(`WARNING: ${warning}`);
  const problems = [
    ...summary.functions
      .filter((f) => !f.handlerExported)
      .map((f) => `${f.name}: the bundle does not export main`),
    ...summary.functions
      .filter((f) => f.bytes > summary.budgetBytes)
      .map((f) => `${f.name}: the bundle is ${f.bytes} bytes, over the ${summary.budgetBytes}-byte budget`),
  ];
  if (problems.length) {
    for (const problem of problems) console.error(`not deploying: ${problem}`);
    return 1;
  }
  if (!credentials) return 0;
  log(dryRun ? `reading ${envId} (nothing is written) …` : `deploying to ${envId} …`);
  const settings = functionSettings(deployValues(process.env).values);
  await deployToCloudbase(summary, settings, credentials, log, { dryRun });
  log(dryRun ? 'dry run: nothing was written' : 'done');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof DeployRefused)
      for (const reason of error.reasons) console.error(`refused: ${reason}`);
    else console.error(`deploy failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
