/**
 * npm run build:functions — bundles each cloudfunctions/<fn>/src/index.ts with esbuild into one
 * file, after writing the bundled data from data/ (the city list, and the policy snapshot that
 * evaluate and cities fall back to). Two builds of the same handlers:
 *   cloud  cloudfunctions/<fn>/index.js (what deploys; npm run deploy copies it to build/deploy/):
 *          the CloudBase adapters only, wx-server-sdk bundled into the functions whose config.json
 *          lists open APIs, minified, for the Node runtime named in cloudbaserc.json;
 *   local  build/local/<fn>/index.js (what npm start serves): NeDB and the local QR stand-in.
 * No dependency is installed in the cloud: each bundle is the whole function.
 */
import { mkdirSync, readdirSync, existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';

export const ROOT = join(__dirname, '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');
export const LOCAL_BUNDLES_DIR = join(ROOT, 'build/local');
export type BundleTarget = 'cloud' | 'local';

/** A cloud bundle above this many bytes fails the deploy dry run (and its test). */
export const CLOUD_BUNDLE_BUDGET = 1_000_000;

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

/**
 * Writes the data the functions bundle: generated/places.json (the city list, for every function
 * that names cities), generated/policy-snapshot.json (the policy layers and sources without the
 * places, only for evaluate and cities) and generated/sources.json (the source register alone, for
 * the source watch): runtime/bundled.ts. Returns the data version.
 */
export function writeSnapshot(): string {
  const { pack } = loadPolicyFiles();
  const dir = join(FUNCTIONS_DIR, 'common/generated');
  mkdirSync(dir, { recursive: true });
  const { places, ...policies } = pack;
  writeFileSync(join(dir, 'places.json'), JSON.stringify(places));
  writeFileSync(join(dir, 'policy-snapshot.json'), JSON.stringify({ ...policies, origin: 'snapshot' }));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(pack.sources));
  return pack.version;
}

const STUBS = './cloudfunctions/common/adapters';

/** A function without open-API permissions gets no wx-server-sdk: WeChat would refuse the call anyway. */
const WX_SERVER_SDK_ABSENT = `${STUBS}/wx-server-sdk-absent.ts`;

/**
 * Packages left out of the cloud bundles, each replaced by a stand-in (see the stub files): parts of
 * @cloudbase/node-sdk no function uses — data models and MySQL, AI (and the web SDK it brings),
 * custom login tickets (jsonwebtoken), file storage's XML — and mime-db, of which the SDKs only
 * look up the few types our calls send.
 */
const CLOUD_ALIASES: Record<string, string> = {
  ...Object.fromEntries(
    [
      '@cloudbase/wx-cloud-client-sdk',
      '@cloudbase/ai',
      '@cloudbase/app',
      'web-streams-polyfill',
      'jsonwebtoken',
      'xml2js',
    ].map((name) => [name, `${STUBS}/sdk-part-absent.ts`]),
  ),
  'mime-db': `${STUBS}/mime-db-cloud.ts`,
};

/**
 * zod's namespace re-exports its 40-odd locales (a quarter of a megabyte minified), so tree-shaking
 * cannot drop them: in the cloud bundles its locale index is replaced by one offering English (its
 * default) and Chinese. A relative import inside zod, hence a plugin rather than an alias.
 */
const zodLocalesForCloud: Plugin = {
  name: 'zod-locales-for-cloud',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: join(ROOT, STUBS, 'zod-locales-cloud.ts') }
        : undefined,
    );
  },
};

/**
 * How every bundle is built, the cold-start benchmark's floor included (scripts/bench/cold-start.ts).
 * Cloud bundles are minified with their names kept: a stack trace in the function log still names
 * the functions it went through (measured in README, "Deploy": about 5% more bytes).
 */
export function bundleOptions(target: BundleTarget, usesOpenApi = false): BuildOptions {
  const cloud = target === 'cloud';
  return {
    bundle: true,
    platform: 'node',
    target: cloud ? cloudRuntime().esbuildTarget : 'node20',
    format: 'cjs',
    define: { 'process.env.YIDI_BUNDLE': JSON.stringify(target) },
    alias: {
      ...(cloud ? CLOUD_ALIASES : {}),
      ...(cloud && usesOpenApi ? {} : { 'wx-server-sdk': WX_SERVER_SDK_ABSENT }),
    },
    plugins: cloud ? [zodLocalesForCloud] : [],
    minify: cloud,
    keepNames: cloud,
    absWorkingDir: ROOT,
    legalComments: 'none',
    logLevel: 'error',
  };
}

export interface BuiltFunction {
  name: string;
  file: string;
  bytes: number;
}

/** Bundles every function into `outDir/<fn>/index.js`. */
export async function buildFunctions(
  outDir = FUNCTIONS_DIR,
  target: BundleTarget = 'cloud',
): Promise<BuiltFunction[]> {
  writeSnapshot();
  return Promise.all(
    functionNames().map(async (name) => {
      const file = join(outDir, name, 'index.js');
      await build({
        ...bundleOptions(target, functionConfig(name).permissions.openapi.length > 0),
        entryPoints: [join(FUNCTIONS_DIR, name, 'src/index.ts')],
        outfile: file,
      });
      return { name, file, bytes: statSync(file).size };
    }),
  );
}

/** The local build, where npm start and the tests load it from. */
export const localBundle = (name: string) => join(LOCAL_BUNDLES_DIR, name, 'index.js');

if (require.main === module) {
  const started = Date.now();
  buildFunctions().then((built) => {
    for (const b of built)
      console.log(`  ${b.name.padEnd(10)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB`);
    console.log(
      `built ${built.length} functions for CloudBase (${cloudRuntime().runtime}) in ${Date.now() - started} ms`,
    );
  });
}
