/**
 * npm run db:push — pushes the policy data under data/ to a CloudBase environment.
 * Needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY in the environment.
 * Atomic for readers: the documents go in first and the commit last; a push that fails midway
 * leaves the previous version active (and its half-written documents are cleared by the next push).
 */
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { cloudbaseDatabase, CloudbasePolicyStore } from '../../cloudfunctions/common/adapters/cloudbase';

async function main(): Promise<void> {
  const {
    CLOUDBASE_ENV: env,
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: secretKey,
  } = process.env;
  if (!env || !secretId || !secretKey) {
    console.error(
      'db:push needs CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (see README, "Deploy")',
    );
    process.exit(2);
  }
  const { pack } = loadPolicyFiles();
  const store = new CloudbasePolicyStore(cloudbaseDatabase({ env, secretId, secretKey, timeoutMs: 20_000 }));
  const before = await store.activeVersion();
  if (before === pack.version) {
    console.log(`${env} already has policy data ${pack.version}`);
    return;
  }
  const docs = packToDocs(pack);
  console.log(
    `pushing ${docs.length} documents (version ${pack.version}, was ${before ?? 'none'}) to ${env} …`,
  );
  await store.push(pack.version, docs, new Date().toISOString());
  console.log(`done: ${env} now serves policy data ${await store.activeVersion()}`);
}

main().catch((error) => {
  console.error(`db:push failed; the previous version stays active: ${(error as Error).message}`);
  process.exit(1);
});
