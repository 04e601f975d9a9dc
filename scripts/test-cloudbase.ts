/**
 * npm run test:cloudbase — the store contract suite (test/stores/contract.test.ts) against a real
 * CloudBase environment, as well as NeDB. It needs:
 *   CLOUDBASE_ENV           the environment id (云开发控制台 → 环境 → 环境 ID)
 *   TENCENTCLOUD_SECRETID   an API key of the account that owns it (访问管理 → API 密钥管理),
 *   TENCENTCLOUD_SECRETKEY  allowed to manage the environment's database
 * It creates three collections named test_policies_<time>, test_checklists_<time> and
 * test_watch_<time>, runs the suite on them, and deletes them. Nothing else in the environment is
 * touched.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const missing = ['CLOUDBASE_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter(
  (name) => !process.env[name],
);
if (missing.length) {
  console.error(
    `test:cloudbase runs the store contract suite against a real CloudBase environment and needs ${missing.join(', ')} (see the header of scripts/test-cloudbase.ts). Not run.`,
  );
  process.exit(2);
}
const root = join(__dirname, '..');
const jest = spawnSync(
  process.execPath,
  [join(root, 'node_modules/jest/bin/jest.js'), 'test/stores/contract.test.ts', '--runInBand'],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(jest.status ?? 1);
