/**
 * npm run deploy [-- --dry-run] [--json]
 *   --dry-run  no credentials, no network: writes build/deploy/ and says what would be deployed
 *   --json     the summary as JSON: { functions: [{ name, bytes, entry, handlerExported, triggers,
 *              openapi }], rules, policyDocs }
 * Without --dry-run it needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY, and
 * deploys the five functions, the database rules and the policy data (scripts/deploy/cloudbase.ts).
 */
import { buildDeployArtifacts } from './artifacts';
import { deployToCloudbase } from './cloudbase';

async function main(): Promise<number> {
  const dryRun = process.argv.includes('--dry-run');
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const {
    CLOUDBASE_ENV: envId,
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
  } = process.env;
  if (!dryRun && (!envId || !secretId || !secretKey)) {
    console.error(
      'deploy needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (README, "Deploy"); `npm run deploy -- --dry-run` needs none',
    );
    return 2;
  }
  const summary = await buildDeployArtifacts();
  if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    log(`build/deploy/ written for ${summary.runtime}:`);
    for (const f of summary.functions)
      log(
        `  ${f.name.padEnd(10)} ${String(Math.round(f.bytes / 1024)).padStart(5)} KB  main ${f.handlerExported ? 'exported' : 'MISSING'}${f.triggers.length ? `  timer ${f.triggers[0].config}` : ''}${f.openapi.length ? `  open API ${f.openapi.join(', ')}` : ''}`,
      );
    log(
      `  rules for ${summary.rules.map((r) => r.collection).join(', ')}; ${summary.policyDocs} policy documents`,
    );
  }
  if (summary.functions.some((f) => !f.handlerExported)) {
    console.error('a bundle does not export main: not deploying');
    return 1;
  }
  if (dryRun) return 0;
  log(`deploying to ${envId} …`);
  await deployToCloudbase(summary, { envId: envId!, secretId: secretId!, secretKey: secretKey! }, log);
  log('done');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`deploy failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
