/**
 * The local server — the main job of `npm start`. It serves the functions' local build (the same
 * handlers as the CloudBase build, wired to an embedded NeDB database under DATA_DIR), seeded from
 * data/ on first run (and again whenever data/ changes or its file was damaged):
 *   POST /fn/<name>   body = the event as JSON; header x-openid = the caller (local mode only)
 *   GET  /            what is running, with an example
 * It listens on loopback unless HOST says otherwise, since x-openid is trusted. A POST of the timer
 * event ({ Type: 'Timer', TriggerName, Time, Message }) without x-openid to a function whose
 * config.json has a timer trigger is that timer; no other call is. One log line per request, with
 * timing. Oversized, unparsable or deeply nested bodies get INVALID_INPUT (413/400), never a crash
 * or a reset connection; a collection whose file cannot load answers UNAVAILABLE, the server stays up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  buildFunctions,
  functionNames,
  FUNCTIONS_DIR,
  localBundle,
  LOCAL_BUNDLES_DIR,
} from './build-functions';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';
import { packToDocs } from '../cloudfunctions/common/policy/store-docs';
import { collection, damageFound, NedbPolicyStore } from '../cloudfunctions/common/adapters/nedb';
import { isTimerEvent } from '../cloudfunctions/common/runtime/entry';
import { AppError } from '../cloudfunctions/common/runtime/errors';
import { readEvent } from './http-body';
import type { ApiError } from '../typings/contract';
import { buildPreviewAssets, SIMULATE_BROWSER_BUILD } from './preview/assets';

type Main = (event: unknown, context: unknown) => Promise<unknown>;

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Skip the esbuild step (tests that built already). */
  skipBuild?: boolean;
  /** Where the built bundles are (`<dir>/<fn>/index.js`); default next to their sources. */
  functionsDir?: string;
  /** Serve the browser preview of the mini-program at / (default true). */
  preview?: boolean;
  log?: (line: string) => void;
}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export interface SeedResult {
  version: string;
  seeded: boolean;
  /** The policy store could not be read or written: evaluate and cities answer from the snapshot. */
  unavailable?: boolean;
}

/**
 * Seeds the policy collection when it is empty, holds another version of data/, or had damaged lines
 * kept aside on opening (a push with a missing city would answer with the wrong rules).
 */
export async function seedPolicies(dataDir: string): Promise<SeedResult> {
  const { pack } = loadPolicyFiles();
  const store = new NedbPolicyStore(dataDir);
  try {
    const active = await store.activeVersion();
    if (active === pack.version && !damageFound(dataDir, 'policies'))
      return { version: pack.version, seeded: false };
    await store.push(pack.version, packToDocs(pack), new Date().toISOString());
    return { version: pack.version, seeded: true };
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAVAILABLE')
      return { version: pack.version, seeded: false, unavailable: true };
    throw error;
  }
}

/** Functions whose config.json declares a timer trigger: only they may receive the local timer signal. */
function timerFunctions(names: string[]): Set<string> {
  return new Set(
    names.filter((name) => {
      const config = join(FUNCTIONS_DIR, name, 'config.json');
      if (!existsSync(config)) return false;
      const triggers = (JSON.parse(readFileSync(config, 'utf8')) as { triggers?: { type?: string }[] })
        .triggers;
      return (triggers ?? []).some((t) => t.type === 'timer');
    }),
  );
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

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

/** The invocation context for a request: the caller's OPENID, or the timer signal, or neither. */
function contextFor(req: IncomingMessage, name: string, event: unknown, timers: Set<string>) {
  const header = req.headers['x-openid'];
  if (header === undefined) return timers.has(name) && isTimerEvent(event) ? { localTimer: true } : {};
  return { localOpenid: typeof header === 'string' && OPENID.test(header) ? header : undefined };
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
  if (!options.skipBuild) await buildFunctions(options.functionsDir ?? LOCAL_BUNDLES_DIR, 'local');
  const { version, seeded, unavailable } = await seedPolicies(dataDir);
  // Open the checklists now, so damage or an unloadable file is reported at start-up, not at first use.
  await collection(dataDir, 'checklists')
    .read(async () => undefined)
    .catch(() => undefined);
  log(
    unavailable
      ? `policy store in ${dataDir} is unavailable (see above): evaluate and cities answer from the bundled snapshot`
      : seeded
        ? `seeded policy data ${version} into ${dataDir}`
        : `policy data ${version} already in ${dataDir}`,
  );

  const names = functionNames();
  const timers = timerFunctions(names);
  const mains = new Map<string, Main>();
  for (const name of names) {
    const bundle = options.functionsDir ? join(options.functionsDir, name, 'index.js') : localBundle(name);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mains.set(name, require(bundle).main as Main);
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
      const body = await readEvent(req);
      if (!body.ok) {
        send(res, body.status, error('INVALID_INPUT', body.message));
        return done(body.status);
      }
      const context = contextFor(req, match[1], body.event, timers);
      const result = (await main(body.event, context)) as { ok: boolean; error?: ApiError };
      send(res, 200, result);
      done(200, result.ok ? 'ok' : result.error?.code);
    } catch (err) {
      send(res, 500, error('UNAVAILABLE', '服务暂时不可用，请稍后再试'));
      done(500, (err as Error).message);
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready) => server.listen(options.port ?? 8787, host, ready));
  const port = (server.address() as AddressInfo).port;
  log(
    isLoopback(host)
      ? `local mode trusts the x-openid header as the caller; listening on ${host} only (HOST changes that)`
      : `WARNING: listening on ${host}: local mode trusts the x-openid header, so anyone who can reach port ${port} can act as any user. Use HOST=127.0.0.1 unless that is what you want.`,
  );
  return {
    server,
    port,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST || '127.0.0.1';
  startServer({ port, host })
    .then(({ port: bound, close }) => {
      const shown = host.includes(':') ? `[${host}]` : host;
      console.log(`异地就医备案助手 local server: http://${shown}:${bound}/  (Ctrl+C to stop)`);
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(`could not start: ${(err as Error).message}`);
      process.exit(1);
    });
}
