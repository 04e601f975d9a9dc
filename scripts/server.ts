/**
 * The local server — the main job of `npm start`. It serves the functions' local build (the same
 * handlers as the CloudBase build, wired to an embedded NeDB database under DATA_DIR), seeded from data/ on first run (and again
 * whenever data/ changes):
 *   POST /fn/<name>   body = the event as JSON; header x-openid = the caller (local mode only)
 *   GET  /            what is running, with an example
 * One log line per request, with timing. Malformed bodies get INVALID_INPUT, never a crash.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildFunctions, functionNames, localBundle, LOCAL_BUNDLES_DIR } from './build-functions';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';
import { packToDocs } from '../cloudfunctions/common/policy/store-docs';
import { NedbPolicyStore } from '../cloudfunctions/common/adapters/nedb';
import type { ApiError } from '../typings/contract';
import { buildPreviewAssets, SIMULATE_BROWSER_BUILD } from './preview/assets';

type Main = (event: unknown, context: unknown) => Promise<unknown>;

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Skip the esbuild step (tests that built already). */
  skipBuild?: boolean;
  /** Serve the browser preview of the mini-program at / (default true). */
  preview?: boolean;
  log?: (line: string) => void;
}

const MAX_BODY_BYTES = 256 * 1024;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** Seeds the policy collection when it is empty or holds another version of data/. */
export async function seedPolicies(dataDir: string): Promise<{ version: string; seeded: boolean }> {
  const { pack } = loadPolicyFiles();
  const store = new NedbPolicyStore(dataDir);
  if ((await store.activeVersion()) === pack.version) return { version: pack.version, seeded: false };
  await store.push(pack.version, packToDocs(pack), new Date().toISOString());
  return { version: pack.version, seeded: true };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

const error = (code: ApiError['code'], message: string) => ({ ok: false, error: { code, message } });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The browser preview's files, built once at start-up. */
function previewFiles(
  names: string[],
  version: string,
): Map<string, { type: string; body: string | Buffer }> {
  // "Build npm" (miniprogram-ci never exits by itself, so it runs in its own process).
  execFileSync(process.execPath, [join(__dirname, 'miniprogram/pack-npm.js'), '--if-missing'], {
    stdio: 'inherit',
  });
  const assets = buildPreviewAssets();
  const js = 'application/javascript; charset=utf-8';
  const html = 'text/html; charset=utf-8';
  const files = new Map<string, { type: string; body: string | Buffer }>();
  files.set('/', {
    type: html,
    body: readFileSync(join(__dirname, 'preview/shell.html'), 'utf8')
      .replace('__VERSION__', version)
      .replace('__FUNCTIONS__', names.map((n) => `<code>POST /fn/${n}</code>`).join(' ')),
  });
  files.set('/preview/app.html', { type: html, body: readFileSync(join(__dirname, 'preview/app.html')) });
  files.set('/preview/simulate.js', { type: js, body: readFileSync(SIMULATE_BROWSER_BUILD) });
  files.set('/preview/runtime.js', { type: js, body: readFileSync(join(__dirname, 'preview/runtime.js')) });
  files.set('/preview/files.js', {
    type: js,
    body: `window.__FILE_MAP__ = ${JSON.stringify(assets.fileMap)};\nwindow.__PREVIEW__ = ${JSON.stringify({ components: assets.components, pages: assets.pages })};\n`,
  });
  files.set('/preview/wxml.js', {
    type: js,
    body: `window.__GWX__ = (function () {\n${assets.gwxSource}\n})();\n`,
  });
  return files;
}

function plainHome(names: string[], version: string): string {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>异地就医备案助手 · 本地服务</title>
<body style="font:16px/1.6 system-ui,sans-serif;max-width:760px;margin:2em auto">
<h1>异地就医备案助手 · 本地服务</h1><p>政策数据版本 <code>${version}</code>。</p>
<ul>${names.map((n) => `<li><code>POST /fn/${n}</code></li>`).join('')}</ul></body></html>`;
}

export async function startServer(
  options: ServerOptions = {},
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? '.local-data');
  // The bundles pick their adapters from the environment: never CloudBase here.
  process.env.DATA_DIR = dataDir;
  delete process.env.TENCENTCLOUD_RUNENV;
  if (!options.skipBuild) buildFunctions(LOCAL_BUNDLES_DIR, 'local');
  const { version, seeded } = await seedPolicies(dataDir);
  log(
    seeded ? `seeded policy data ${version} into ${dataDir}` : `policy data ${version} already in ${dataDir}`,
  );

  const names = functionNames();
  const mains = new Map<string, Main>();
  for (const name of names) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mains.set(name, require(localBundle(name)).main as Main);
  }

  const statics =
    options.preview === false
      ? new Map([
          ['/', { type: 'text/html; charset=utf-8', body: plainHome(names, version) as string | Buffer }],
        ])
      : previewFiles(names, version);
  if (options.preview !== false) log('browser preview of the mini-program ready at /');

  const server = createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const done = (status: number, note = '') => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${req.method} ${req.url} ${status} ${ms.toFixed(1)}ms${note ? ` ${note}` : ''}`);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const file = req.method === 'GET' ? statics.get(url.pathname) : undefined;
      if (file) {
        res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
        res.end(file.body);
        return done(200);
      }
      const match = /^\/fn\/([a-z]+)$/.exec(url.pathname);
      if (!match) {
        send(res, 404, error('NOT_FOUND', '没有这个地址'));
        return done(404);
      }
      const main = mains.get(match[1]);
      if (!main) {
        send(res, 404, error('NOT_FOUND', `没有名为 ${match[1]} 的云函数`));
        return done(404);
      }
      if (req.method !== 'POST') {
        send(res, 405, error('INVALID_INPUT', '请用 POST 调用云函数'));
        return done(405);
      }
      let event: unknown;
      try {
        const body = await readBody(req);
        event = body.trim() ? JSON.parse(body) : {};
      } catch {
        send(res, 400, error('INVALID_INPUT', '请求体不是有效的 JSON，或者太大'));
        return done(400);
      }
      const header = req.headers['x-openid'];
      const openid = typeof header === 'string' && OPENID.test(header) ? header : undefined;
      const result = (await main(event, { localOpenid: openid })) as { ok: boolean; error?: ApiError };
      send(res, 200, result);
      done(200, result.ok ? 'ok' : result.error?.code);
    } catch (err) {
      send(res, 500, error('UNAVAILABLE', '服务暂时不可用，请稍后再试'));
      done(500, (err as Error).message);
    }
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8787);
  startServer({ port, host: process.env.HOST ?? '127.0.0.1' })
    .then(({ port: bound, close }) => {
      console.log(`异地就医备案助手 local server: http://127.0.0.1:${bound}/  (Ctrl+C to stop)`);
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(`could not start: ${(err as Error).message}`);
      process.exit(1);
    });
}
