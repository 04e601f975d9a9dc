/**
 * Builds what the browser preview needs to run the real mini-program pages inside
 * miniprogram-simulate's browser build: every page and component reachable from app.json with its
 * JSON, WXSS (rpx as 750 = screen width, app.wxss applied to pages) and JS (bundled by esbuild), and
 * all WXML compiled by WeChat's official compiler (wcc).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { buildSync } from 'esbuild';

export const MP_ROOT = join(__dirname, '../../miniprogram');
const NPM_ROOT = join(MP_ROOT, 'miniprogram_npm');

/** 750rpx is the screen width: 1rpx = 1/7.5 vw. */
export function rpxToVw(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${+(parseFloat(n) / 7.5).toFixed(4)}vw`);
}

/** Where a usingComponents entry points, as a path relative to miniprogram/ (no extension). */
function resolveComponent(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  if (target.startsWith('.')) return posix.normalize(posix.join(posix.dirname(from), target));
  return `miniprogram_npm/${target}`; // an npm component, as "build npm" lays it out
}

function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** @import targets too: simulate inlines them by looking them up in the file map. */
function addWxss(files: Record<string, string>, rel: string, prefix = ''): void {
  const key = `${rel}.wxss`;
  if (key in files) return;
  const css = readText(join(MP_ROOT, key));
  files[key] = rpxToVw(prefix + css);
  for (const match of css.matchAll(/@import\s+['"]([^'"]+)['"]/g)) {
    const target = posix.normalize(posix.join(posix.dirname(rel), match[1])).replace(/\.wxss$/, '');
    addWxss(files, target);
  }
}

function bundle(entry: string): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2018',
    logLevel: 'error',
    nodePaths: [
      join(NPM_ROOT, 'tdesign-miniprogram/miniprogram_npm'),
      NPM_ROOT,
      join(__dirname, '../../node_modules'),
    ],
  });
  return result.outputFiles[0].text;
}

export interface PreviewAssets {
  /** window.__FILE_MAP__ without the WXML, which the browser fills from $gwx. */
  fileMap: Record<string, string>;
  components: string[];
  pages: string[];
  /** The body of a function returning $gwx (wcc output). */
  gwxSource: string;
}

export function buildPreviewAssets(): PreviewAssets {
  if (!existsSync(join(NPM_ROOT, 'tdesign-miniprogram')))
    throw new Error('miniprogram_npm is missing: run npm run build:npm');
  const app = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as { pages: string[] };
  // app.wxss applies to every page; its `page { }` rule is the body's, which the host page sets.
  const appWxss = readText(join(MP_ROOT, 'app.wxss')).replace(/(^|\})\s*page\s*\{[^}]*\}/g, '$1');
  const fileMap: Record<string, string> = {};
  const seen = new Set<string>();
  const queue = app.pages.map((p) => ({ path: p, isPage: true }));
  while (queue.length) {
    const { path, isPage } = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const json = JSON.parse(readText(join(MP_ROOT, `${path}.json`)) || '{}') as {
      usingComponents?: Record<string, string>;
    };
    const using: Record<string, string> = {};
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      const resolved = resolveComponent(path, target);
      using[tag] = `/${resolved}`;
      queue.push({ path: resolved, isPage: false });
    }
    fileMap[`${path}.json`] = JSON.stringify({ ...json, usingComponents: using });
    addWxss(fileMap, path, isPage ? `${appWxss}\n` : '');
    const ts = join(MP_ROOT, `${path}.ts`);
    fileMap[`${path}.js`] = bundle(existsSync(ts) ? ts : join(MP_ROOT, `${path}.js`));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, options?: object): string };
  const gwxSource = compiler.wxmlToJs(MP_ROOT, { maxBuffer: 64 << 20 });
  return { fileMap, components: [...seen], pages: app.pages, gwxSource };
}

export const SIMULATE_BROWSER_BUILD = join(
  dirname(require.resolve('miniprogram-simulate/package.json')),
  'build.js',
);
