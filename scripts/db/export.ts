/**
 * npm run db:export — writes the policy data as JSON Lines for the CloudBase console import
 * (数据库 → policies → 导入, "JSON Lines", mode Insert): build/db/policies.jsonl, one document a
 * line, the commit document last. Keys never contain dots (the console refuses them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { newPushId } from '../../cloudfunctions/common/adapters/policy-push';

export function exportLines(at = new Date().toISOString()): string[] {
  const { pack } = loadPolicyFiles();
  const pushId = newPushId(at);
  const docs = packToDocs(pack).map((d) => ({ _id: `${pushId}:${d.key}`, pushId, ...d }));
  const commit = { _id: `${pushId}:commit`, pushId, key: 'commit', version: pack.version, committedAt: at };
  return [...docs, commit].map((d) => JSON.stringify(d));
}

if (require.main === module) {
  const dir = join(__dirname, '../../build/db');
  mkdirSync(dir, { recursive: true });
  const lines = exportLines();
  writeFileSync(join(dir, 'policies.jsonl'), `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} documents to build/db/policies.jsonl`);
}
