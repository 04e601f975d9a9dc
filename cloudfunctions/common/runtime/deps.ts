/**
 * Everything a handler needs, chosen once per container from the environment:
 * inside CloudBase (TENCENTCLOUD_RUNENV=SCF) the CloudBase stores and WeChat open APIs
 * (wiring-cloud.ts); elsewhere NeDB under DATA_DIR (":memory:" for an in-memory store) and local
 * stand-ins for the open APIs (wiring-local.ts).
 *
 * A bundle holds one of the two: scripts/build-functions.ts replaces `process.env.YIDI_BUNDLE` by
 * "cloud" or "local" and esbuild drops the other branch, so no local-only module (NeDB, qrcode)
 * ships to CloudBase. Unbundled (tests, scripts) it is undefined and both are available.
 */
import { PolicySource } from '../policy/live';
import type { Place, Source } from '../policy/schema';
import type { ChecklistStore, PageFetcher, PolicyStore, WatchStore, WxOpenApi } from '../ports';
import { HttpPageFetcher } from '../adapters/http-pages';
import type { Bundled } from './bundled';
import { AppError } from './errors';

export interface FunctionConfig {
  /** OPENIDs allowed to make 小程序码 (comma-separated QR_OPERATORS). */
  operators: string[];
  /** Page a 小程序码 opens. */
  qrPage: string;
  /** URL prefix of the plain-QR link rule (普通链接二维码); the local QR encodes `${prefix}?scene=…`. */
  qrLinkPrefix: string;
  reminderTemplateId: string | null;
  reminderDaysBefore: number;
  /** How long one subscribe message may take before the run moves on (REMINDER_SEND_TIMEOUT_MS). */
  reminderSendTimeoutMs: number;
  /** Family members per checklist, owner excluded. */
  maxMembers: number;
  /** Writes per caller per function per minute (WRITES_PER_MINUTE, default 60; 0 turns the limit off). */
  writesPerMinute: number;
  /** The source watch's pause between two requests to one host (WATCH_DELAY_MS, default 3000). */
  watchDelayMs: number;
}

/** The adapters that differ between CloudBase and a local run. */
export interface Wiring {
  policyStore: PolicyStore;
  checklists: ChecklistStore;
  watches: WatchStore;
  openapi: WxOpenApi;
}

export interface Deps {
  policies: PolicySource;
  policyStore: PolicyStore;
  checklists: ChecklistStore;
  /** The bundled city list (not policy: names, codes, pinyin); empty in a function that names no city. */
  places: Record<string, Place>;
  /** The register of sources bundled at build time: what the source watch re-reads. */
  sources: Record<string, Source>;
  /** The source watch's reports, and how it reads pages (HTTP in both builds). */
  watches: WatchStore;
  pages: PageFetcher;
  openapi: WxOpenApi;
  config: FunctionConfig;
  now: () => Date;
}

export const isCloud = (env: NodeJS.ProcessEnv = process.env) => env.TENCENTCLOUD_RUNENV === 'SCF';

function nonNegative(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function configFrom(env: NodeJS.ProcessEnv): FunctionConfig {
  return {
    operators: (env.QR_OPERATORS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    qrPage: env.QR_PAGE ?? 'pages/home/index',
    qrLinkPrefix: env.QR_LINK_PREFIX ?? 'https://yidi.example.com/mp',
    reminderTemplateId: env.REMINDER_TEMPLATE_ID || null,
    reminderDaysBefore: nonNegative(env.REMINDER_DAYS_BEFORE, 7),
    reminderSendTimeoutMs: nonNegative(env.REMINDER_SEND_TIMEOUT_MS, 8000) || 8000,
    maxMembers: 20,
    writesPerMinute: nonNegative(env.WRITES_PER_MINUTE, 60),
    watchDelayMs: nonNegative(env.WATCH_DELAY_MS, 3000),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- required in branches esbuild can drop */
function wiringFor(env: NodeJS.ProcessEnv): Wiring {
  if (isCloud(env)) {
    if (process.env.YIDI_BUNDLE !== 'local') return require('./wiring-cloud').cloudWiring();
  } else if (process.env.YIDI_BUNDLE !== 'cloud') {
    return require('./wiring-local').localWiring(env.DATA_DIR || '.local-data', configFrom(env).qrLinkPrefix);
  }
  console.error(
    `this function was built for ${process.env.YIDI_BUNDLE === 'cloud' ? 'CloudBase' : 'local runs'}, but TENCENTCLOUD_RUNENV is ${env.TENCENTCLOUD_RUNENV ?? 'unset'}: deploy build/deploy/, run the local server with npm start`,
  );
  throw new AppError('UNAVAILABLE');
}
/* eslint-enable @typescript-eslint/no-require-imports */

export function createDeps(bundled: Bundled, env: NodeJS.ProcessEnv = process.env): Deps {
  const { policyStore, checklists, watches, openapi } = wiringFor(env);
  return {
    policies: new PolicySource(policyStore, bundled.snapshot, Date.now, 60_000, watches),
    policyStore,
    checklists,
    places: bundled.places,
    sources: bundled.sources,
    watches,
    pages: new HttpPageFetcher(),
    openapi,
    config: configFrom(env),
    now: () => new Date(),
  };
}
