/**
 * npm run build:functions — bundles each cloudfunctions/<fn>/src/index.ts with esbuild into one
 * cloudfunctions/<fn>/index.js (deployable as is), after writing the policy snapshot from data/.
 * wx-server-sdk stays external: only qrcode/reminders use it, in the cloud, installed on deploy.
 */
import { mkdirSync, readdirSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';

export const FUNCTIONS_DIR = join(__dirname, '../cloudfunctions');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => existsSync(join(FUNCTIONS_DIR, name, 'src/index.ts')))
    .sort();
}

export function writeSnapshot(): string {
  const { pack } = loadPolicyFiles();
  const dir = join(FUNCTIONS_DIR, 'common/generated');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'policy-snapshot.json'), JSON.stringify({ ...pack, origin: 'snapshot' }));
  return pack.version;
}

/** Bundles every function into `outDir/<fn>/index.js` (default: next to its sources). */
export function buildFunctions(outDir = FUNCTIONS_DIR): { name: string; bytes: number }[] {
  writeSnapshot();
  return functionNames().map((name) => {
    const outfile = join(outDir, name, 'index.js');
    buildSync({
      entryPoints: [join(FUNCTIONS_DIR, name, 'src/index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      legalComments: 'none',
      logLevel: 'error',
    });
    return { name, bytes: statSync(outfile).size };
  });
}

if (require.main === module) {
  const started = Date.now();
  const built = buildFunctions();
  for (const b of built) console.log(`  ${b.name.padEnd(10)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB`);
  console.log(`built ${built.length} functions in ${Date.now() - started} ms`);
}
