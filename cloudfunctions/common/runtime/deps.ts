/**
 * Everything a handler needs, chosen once per container from the environment:
 * inside CloudBase (TENCENTCLOUD_RUNENV=SCF) the CloudBase stores and WeChat open APIs; elsewhere
 * NeDB under DATA_DIR (":memory:" for an in-memory store) and local stand-ins for the open APIs.
 */
import { CloudbaseChecklistStore, cloudbaseDatabase, CloudbasePolicyStore } from '../adapters/cloudbase';
import { LocalOpenApi, WxServerOpenApi } from '../adapters/openapi';
import { NedbChecklistStore, NedbPolicyStore } from '../adapters/nedb';
import type { PolicyPack } from '../policy/pack';
import { PolicySource } from '../policy/live';
import type { Place } from '../policy/schema';
import type { ChecklistStore, PolicyStore, WxOpenApi } from '../ports';

export interface FunctionConfig {
  /** OPENIDs allowed to make 小程序码 (comma-separated QR_OPERATORS). */
  operators: string[];
  /** Page a 小程序码 opens. */
  qrPage: string;
  /** URL prefix of the plain-QR link rule (普通链接二维码); the local QR encodes `${prefix}?scene=…`. */
  qrLinkPrefix: string;
  reminderTemplateId: string | null;
  reminderDaysBefore: number;
  /** Family members per checklist, owner excluded. */
  maxMembers: number;
  /** Writes per caller per function per minute (WRITES_PER_MINUTE, default 60; 0 turns the limit off). */
  writesPerMinute: number;
}

export interface Deps {
  policies: PolicySource;
  policyStore: PolicyStore;
  checklists: ChecklistStore;
  /** The bundled city list (not policy: names, codes, pinyin). */
  places: Record<string, Place>;
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
    reminderDaysBefore: Number(env.REMINDER_DAYS_BEFORE ?? 7) || 7,
    maxMembers: 20,
    writesPerMinute: nonNegative(env.WRITES_PER_MINUTE, 60),
  };
}

export function createDeps(snapshot: PolicyPack, env: NodeJS.ProcessEnv = process.env): Deps {
  let policyStore: PolicyStore;
  let checklists: ChecklistStore;
  let openapi: WxOpenApi;
  if (isCloud(env)) {
    const db = cloudbaseDatabase();
    policyStore = new CloudbasePolicyStore(db);
    checklists = new CloudbaseChecklistStore(db);
    openapi = new WxServerOpenApi();
  } else {
    const dataDir = env.DATA_DIR ?? '.local-data';
    policyStore = new NedbPolicyStore(dataDir);
    checklists = new NedbChecklistStore(dataDir);
    openapi = new LocalOpenApi(dataDir, configFrom(env).qrLinkPrefix);
  }
  return {
    policies: new PolicySource(policyStore, snapshot),
    policyStore,
    checklists,
    places: snapshot.places,
    openapi,
    config: configFrom(env),
    now: () => new Date(),
  };
}
