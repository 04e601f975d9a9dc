/**
 * The storage and platform ports the handlers use. Two real implementations of each storage port:
 * CloudBase (adapters/cloudbase.ts) in production, NeDB (adapters/nedb.ts) locally and in tests.
 * One contract suite (test/stores/contract.test.ts) runs against both.
 */
import type { Place, PolicyLayer, Source } from './policy/schema';
import type { WatchReport } from './watch/report';

export type StoredLayer = Omit<PolicyLayer, 'params'> & { params: { key: string; values: unknown[] }[] };
import type { FilingCategory, Term, Validity } from '../../typings/contract';
import type { SharedSituation } from '../../typings/api';

export type { SharedSituation };

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
  /** Bumped by every change to this item: a write that names an older rev lost a race (see patchItem). */
  rev?: number;
}

/** The filing's dates as the verdict gave them, kept so they can be recounted from the real filing day. */
export interface ChecklistValidity {
  from: string;
  basis: Validity['basis'];
  until: string | null;
  untilIsMinimum: boolean;
  term: Term | null;
}

export interface ReminderFailure {
  /** OPENID of the subscriber the message could not reach. */
  to: string;
  at: string;
  /** WeChat's errCode (43101: refused or used up), or the errCode the last retry ended with. */
  reason: string;
}

/** How far the reminder for one filing end has got, across runs (handlers/reminders.ts). */
export interface ReminderProgress {
  /** The filing end this is for: progress recorded for another end (the filing day changed) is stale. */
  validUntil: string;
  /** Subscribers with a final outcome: sent, or refused by them. */
  done: string[];
  /** Runs that ended with a platform error for someone (a bad template, a token, a timeout …). */
  attempts: number;
}

/** What a run writes when it is done with a checklist it claimed. */
export interface ReminderOutcome {
  progress: ReminderProgress;
  /** The final failures for this filing end, all of them (replacing what was stored). */
  failures: ReminderFailure[];
  /** Set once every subscriber has a final outcome: the checklist is no longer due. */
  remindedAt: string | null;
}

/** A document as stored, before anything reads it as a checklist: possibly incomplete or malformed. */
export type StoredRow = Record<string, unknown>;

export interface ChecklistDoc {
  _id: string;
  /** The owner's OPENID (CloudBase convention; the server SDK does not write it for us). */
  _openid: string;
  shareToken: string;
  /** Members may see the token and pass the checklist on; otherwise only the owner shares it. */
  allowReshare: boolean;
  /** Family members now, OPENIDs, at most `maxMembers`. */
  members: string[];
  /**
   * Everyone who ever joined, in joining order, never shortened: 家人N is `people[N-1]`, so a
   * person's label is fixed when they join and never changes when others leave. Someone who left
   * without having ticked or noted anything leaves an empty place ('') here, not their OPENID.
   */
  people: string[];
  /** OPENIDs that asked for an expiry reminder. */
  subscribers: string[];
  title: string;
  category: FilingCategory | null;
  items: ChecklistItem[];
  situation: SharedSituation;
  validity: ChecklistValidity | null;
  /** The day the user said the filing was made (ticking the filing item), when they did. */
  filedOn: string | null;
  /** Last day of the filing the reminder counts from; null while unknown or open-ended. */
  validUntil: string | null;
  /** When every subscriber had a final outcome for `validUntil` (sent or refused); null while due. */
  remindedAt: string | null;
  reminderFailures: ReminderFailure[];
  /** When a reminders run took it on (a lease: an old claim is abandoned); absent or null when none. */
  reminderClaimedAt?: string | null;
  /** Absent until a run has worked on it. */
  reminderProgress?: ReminderProgress;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A 小程序码 made for a checklist's share token; kept until the token changes. */
export interface ChecklistCode {
  token: string;
  scene: string;
  kind: 'wxacode' | 'link_qr';
  contentType: string;
  imageBase64: string;
}

export type ItemPatch = Partial<
  Pick<ChecklistItem, 'done' | 'doneBy' | 'doneAt' | 'note' | 'noteBy' | 'noteAt'>
>;

/** Checklist-level fields a tick may change in the same write (the filing day and what follows from it). */
export type FilingPatch = Partial<Pick<ChecklistDoc, 'filedOn' | 'validUntil' | 'remindedAt'>>;

/** The conditions a write holds only under: all checked inside the one update that writes. */
export interface ItemGuard {
  /** Only if this OPENID is the owner or a member at the moment of the write. */
  caller: string;
  /** Only if the item at the index still has this id. */
  itemId: string;
  /** Only if the item is still at this rev (nobody changed it since the caller saw it). */
  rev?: number;
  /** Written with the item, in the same update. */
  also?: FilingPatch;
}

/** Where a page of `list` starts: after this row of the previous page. */
export interface ListCursor {
  createdAt: string;
  id: string;
}

export interface ChecklistStore {
  /** Stores a new checklist; false (nothing written) when one with its id exists already. */
  insert(doc: ChecklistDoc): Promise<boolean>;
  /** The checklist without its code image; null when there is none. */
  get(id: string): Promise<ChecklistDoc | null>;
  /** Its version, if `caller` is the owner or a member; null otherwise (missing or not theirs alike). */
  version(id: string, caller: string): Promise<number | null>;
  /** Checklists `caller` owns or has joined, newest first (createdAt, then id), after `cursor`. */
  list(caller: string, limit: number, cursor?: ListCursor): Promise<ChecklistDoc[]>;
  /**
   * Atomic update of one item (by index), its rev and the version; other items are untouched.
   * With a guard, written only while its conditions hold. False if nothing was written.
   */
  patchItem(id: string, index: number, patch: ItemPatch, at: string, guard?: ItemGuard): Promise<boolean>;
  /**
   * Adds `openid` as a member while the token matches, there are fewer than `maxMembers` members and
   * (unless they joined before) fewer than `maxPeople` people ever joined — all in the one update.
   */
  join(
    id: string,
    openid: string,
    limits: { shareToken: string; maxMembers: number; maxPeople: number },
    at: string,
  ): Promise<boolean>;
  /**
   * Takes `openid` out of the members and subscribers (and its reminder failures), if they are a
   * member; if no item was ticked or noted by them, out of `people` too (their place kept empty,
   * so others' 家人N stay): what they wrote is all that is kept of them. Without `by`, they leave;
   * with `by`, only if `by.owner` owns the checklist, and the share token becomes `by.shareToken`
   * in the same write, so the removed person's link no longer lets them back in.
   */
  removeMember(
    id: string,
    openid: string,
    at: string,
    by?: { owner: string; shareToken: string },
  ): Promise<boolean>;
  /** Owner only: a new share token (old links and codes stop working) and the old code is dropped. */
  rotateToken(id: string, owner: string, shareToken: string, at: string): Promise<boolean>;
  /**
   * Owner only. With `shareToken`, the token becomes it in the same write and the old code is
   * dropped: turning re-sharing off revokes the token members were shown while it was on.
   */
  setAllowReshare(
    id: string,
    owner: string,
    allow: boolean,
    at: string,
    shareToken?: string,
  ): Promise<boolean>;
  /** Only for the owner or a member. */
  setSubscribed(id: string, openid: string, subscribed: boolean, at: string): Promise<boolean>;
  /** Deletes the checklist (with `owner`, only if they own it). */
  remove(id: string, owner?: string): Promise<boolean>;
  code(id: string): Promise<ChecklistCode | null>;
  /** Keeps a code, only while the share token is still the one it was made for. */
  saveCode(id: string, code: ChecklistCode): Promise<boolean>;
  /**
   * Checklists with subscribers whose filing ends on or before `until`, not yet reminded: only the
   * fields a reminder reads (_id, title, validUntil, subscribers, reminderProgress,
   * reminderFailures), as stored — the caller validates each row, so one malformed document never
   * fails the others.
   */
  dueForReminder(until: string): Promise<StoredRow[]>;
  /**
   * Takes it on at `at`, unless it was reminded, its date changed, or another run holds a claim made
   * at or after `staleBefore`: true for the one run that sends.
   */
  claimReminder(id: string, validUntil: string, at: string, staleBefore: string): Promise<boolean>;
  /**
   * Ends the claim made at `claimedAt`, writing the outcome only if the filing still ends on
   * `validUntil` (otherwise the claim is dropped and the new date is due on its own): true when the
   * outcome was written.
   */
  settleReminder(
    id: string,
    claimedAt: string,
    validUntil: string,
    outcome: ReminderOutcome,
  ): Promise<boolean>;
  /** Deletes checklists nobody changed since `before`; how many. */
  removeIdleBefore(before: string): Promise<number>;
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

/** What fetching a page gave: an HTTP answer (after redirects), or no answer at all. */
export type PageAnswer =
  | {
      kind: 'answer';
      status: number;
      /** Where the request ended after redirects. */
      finalUrl: string;
      contentType: string | null;
      body: Uint8Array;
    }
  | { kind: 'failed'; reason: string };

/** Reads a source's page: over HTTP (adapters/http-pages.ts) or from saved pages (adapters/saved-pages.ts). */
export interface PageFetcher {
  fetch(source: { id: string; url: string }): Promise<PageAnswer>;
}

/** The source watch's reports (data/watch.json in the repository; the `watch` collection in production). */
export interface WatchStore {
  /** Keeps a report; readers use the one with the latest checkedAt. Older ones are kept a while for the record. */
  record(report: WatchReport): Promise<void>;
  /** The newest report, or null when none was recorded. */
  latest(): Promise<WatchReport | null>;
}
