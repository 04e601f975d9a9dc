/**
 * The storage and platform ports the handlers use. Two real implementations of each storage port:
 * CloudBase (adapters/cloudbase.ts) in production, NeDB (adapters/nedb.ts) locally and in tests.
 * One contract suite (test/stores/contract.test.ts) runs against both.
 */
import type { Place, PolicyLayer, Source } from './policy/schema';

export type StoredLayer = Omit<PolicyLayer, 'params'> & { params: { key: string; values: unknown[] }[] };
import type { CheckedSituation } from './engine/context';

/** One stored piece of policy data for one push. Keys: "n" national, "p:<code>" province, "c:<code>" city. */
export interface PolicyDoc {
  _id: string;
  pushId: string;
  key: string;
  /** The layer with its params as a list: databases read dots in field names as paths. */
  layer: StoredLayer | null;
  place: Place | null;
  sources: Source[];
}

/** Written last by a push: until it exists, readers keep using the previous push. */
export interface PolicyCommit {
  _id: string;
  pushId: string;
  key: 'commit';
  /** The data version (content hash) that was pushed. */
  version: string;
  committedAt: string;
}

export interface LoadedPolicies {
  pushId: string;
  version: string;
  docs: PolicyDoc[];
}

export interface PolicyStore {
  /** The docs for these keys in the latest committed push, in one round trip; null when nothing is committed. */
  load(keys: string[]): Promise<LoadedPolicies | null>;
  /** Writes a new push and commits it last; a failure before the commit leaves the previous push active. */
  push(version: string, docs: Omit<PolicyDoc, '_id' | 'pushId'>[], at: string): Promise<string>;
  /** The committed version, or null. */
  activeVersion(): Promise<string | null>;
}

export interface ChecklistItem {
  id: string;
  label: string;
  hint?: string;
  done: boolean;
  /** OPENID of who ticked it; handlers show it as 我 / 创建者 / 家人N, never the raw id. */
  doneBy?: string;
  doneAt?: string;
  note?: string;
  noteBy?: string;
  noteAt?: string;
}

export interface ChecklistDoc {
  _id: string;
  /** The owner's OPENID (CloudBase convention; the server SDK does not write it for us). */
  _openid: string;
  shareToken: string;
  members: string[];
  /** OPENIDs that asked for an expiry reminder. */
  subscribers: string[];
  title: string;
  items: ChecklistItem[];
  situation: CheckedSituation;
  /** Last day of a temporary filing, for reminders; null when open-ended or not applicable. */
  validUntil: string | null;
  remindedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ItemPatch = Partial<
  Pick<ChecklistItem, 'done' | 'doneBy' | 'doneAt' | 'note' | 'noteBy' | 'noteAt'>
>;

export interface ChecklistStore {
  insert(doc: ChecklistDoc): Promise<void>;
  get(id: string): Promise<ChecklistDoc | null>;
  /** Atomic update of one item (by index) and the version; other items are untouched. False if gone. */
  patchItem(id: string, index: number, patch: ItemPatch, at: string): Promise<boolean>;
  addMember(id: string, openid: string, at: string): Promise<boolean>;
  removeMember(id: string, openid: string, at: string): Promise<boolean>;
  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Checklists with subscribers whose filing ends on or before `until`, not yet reminded. */
  dueForReminder(until: string): Promise<ChecklistDoc[]>;
  markReminded(id: string, at: string): Promise<void>;
}

/** WeChat open APIs used by the functions. */
export interface WxOpenApi {
  /** A 小程序码 image for the scene. */
  getUnlimitedCode(input: {
    scene: string;
    page: string;
  }): Promise<{ kind: 'wxacode' | 'link_qr'; contentType: string; buffer: Buffer }>;
  sendSubscribeMessage(input: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
  }): Promise<void>;
}
