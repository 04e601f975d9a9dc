/**
 * npm run build:functions — bundles each cloudfunctions/<fn>/src/index.ts with esbuild into one
 * file, after writing the policy snapshot from data/. Two builds of the same handlers:
 *   cloud  cloudfunctions/<fn>/index.js (what deploys; npm run deploy copies it to build/deploy/):
 *          the CloudBase adapters only, wx-server-sdk bundled into the functions whose config.json
 *          lists open APIs, for the Node runtime named in cloudbaserc.json;
 *   local  build/local/<fn>/index.js (what npm start serves): NeDB and the local QR stand-in.
 * No dependency is installed in the cloud: each bundle is the whole function.
 */
import { mkdirSync, readdirSync, existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';

export const ROOT = join(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');
export const LOCAL_BUNDLES_DIR = join(ROOT, 'build/local');
export type BundleTarget = 'cloud' | 'local';

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => existsSync(join(FUNCTIONS_DIR, name, 'src/index.ts')))
    .sort();
}

export interface FunctionConfigFile {
  permissions: { openapi: string[] };
  triggers?: { name: string; type: 'timer'; config: string }[];
}

export const functionConfig = (name: string): FunctionConfigFile =>
  JSON.parse(readFileSync(join(FUNCTIONS_DIR, name, 'config.json'), 'utf8')) as FunctionConfigFile;

/** The CloudBase runtime every function is deployed on (cloudbaserc.json), e.g. "Nodejs24.11". */
export function cloudRuntime(): { runtime: string; nodeVersion: string; esbuildTarget: string } {
  const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functions: { runtime: string }[];
  };
  const runtimes = [...new Set(rc.functions.map((f) => f.runtime))];
  const match = runtimes.length === 1 ? /^Nodejs(\d+)\.(\d+)$/.exec(runtimes[0]) : null;
  if (!match)
    throw new Error(`cloudbaserc.json: expected one NodejsX.Y runtime, found ${runtimes.join(', ')}`);
  return {
    runtime: runtimes[0],
    nodeVersion: `${match[1]}.${match[2]}`,
    esbuildTarget: `node${match[1]}.${match[2]}`,
  };
}

export function writeSnapshot(): string {
  const { pack } = loadPolicyFiles();
  const dir = join(FUNCTIONS_DIR, 'common/generated');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'policy-snapshot.json'), JSON.stringify({ ...pack, origin: 'snapshot' }));
  return pack.version;
}

/** A function without open-API permissions gets no wx-server-sdk: WeChat would refuse the call anyway. */
const WX_SERVER_SDK_ABSENT = './cloudfunctions/common/adapters/wx-server-sdk-absent.ts';

/** Parts of @cloudbase/node-sdk no function uses, left out of the cloud bundles (see the stub). */
const SDK_PARTS_ABSENT = Object.fromEntries(
  ['@cloudbase/wx-cloud-client-sdk', '@cloudbase/ai', 'xml2js'].map((name) => [
    name,
    './cloudfunctions/common/adapters/sdk-part-absent.ts',
  ]),
);

export interface BuiltFunction {
  name: string;
  file: string;
  bytes: number;
}

/** Bundles every function into `outDir/<fn>/index.js`. */
export function buildFunctions(outDir = FUNCTIONS_DIR, target: BundleTarget = 'cloud'): BuiltFunction[] {
  writeSnapshot();
  const { esbuildTarget } = cloudRuntime();
  return functionNames().map((name) => {
    const file = join(outDir, name, 'index.js');
    const usesOpenApi = functionConfig(name).permissions.openapi.length > 0;
    buildSync({
      entryPoints: [join(FUNCTIONS_DIR, name, 'src/index.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: target === 'cloud' ? esbuildTarget : 'node20',
      format: 'cjs',
      define: { 'process.env.YIDI_BUNDLE': JSON.stringify(target) },
      alias: {
        ...(target === 'cloud' ? SDK_PARTS_ABSENT : {}),
        ...(target === 'cloud' && usesOpenApi ? {} : { 'wx-server-sdk': WX_SERVER_SDK_ABSENT }),
      },
      absWorkingDir: ROOT,
      legalComments: 'none',
      logLevel: 'error',
    });
    return { name, file, bytes: statSync(file).size };
  });
}

/** The local build, where npm start and the tests load it from. */
export const localBundle = (name: string) => join(LOCAL_BUNDLES_DIR, name, 'index.js');

if (require.main === module) {
  const started = Date.now();
  const built = buildFunctions();
  for (const b of built) console.log(`  ${b.name.padEnd(10)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB`);
  console.log(
    `built ${built.length} functions for CloudBase (${cloudRuntime().runtime}) in ${Date.now() - started} ms`,
  );
}
