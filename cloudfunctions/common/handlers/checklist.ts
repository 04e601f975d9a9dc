/**
 * The shared filing checklist. Only the owner and family members who joined with the share token
 * may read or change it; to anyone else a checklist that exists looks exactly like one that does
 * not. Every write checks membership in the same conditional update that writes (ports.ts), so a
 * member who has left — or been removed — cannot write again once that was acknowledged. Changes
 * are per item: when someone else changed the item first, their change stands and the answer says
 * whose it was. People show as 我 / 创建者 / 家人N (fixed when they join), never as an OPENID.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  ChecklistCodeView,
  ChecklistConflict,
  ChecklistPage,
  ChecklistView,
} from '../../../typings/api';
import { encodeChecklistScene } from '../../../miniprogram/shared/scene';
import { addDays, chinaDate, isIsoDate } from '../contract/dates';
import { REASON_LABELS } from '../engine/messages';
import {
  filingEnd,
  newChecklist,
  newShareToken,
  sharedSituation,
  SHARE_TOKEN_LENGTH,
} from '../checklist/doc';
import { FILING_ITEM_ID } from '../checklist/items';
import { checklistRow, checklistView, isMember, labelOf } from '../checklist/view';
import type { ChecklistDoc, ChecklistItem, FilingPatch, ItemPatch, ListCursor } from '../ports';
import { userText } from '../privacy';
import { AppError } from '../runtime/errors';
import { describeWxError } from '../runtime/wx-errors';
import type { Caller, FunctionSpec } from '../runtime/entry';
import type { Deps } from '../runtime/deps';
import { checkedSituation, verdictFor } from './evaluate';

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const note = userText(200); // no phone or ID number however written, nothing that displays misleadingly
const itemId = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const isoDate = z.string().refine(isIsoDate, { message: '办好的日期须为真实日期，格式如 2026-05-01' });

export const checklistSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('create'), situation: z.unknown() }),
  z.strictObject({ action: z.literal('get'), id }),
  z.strictObject({ action: z.literal('version'), id }),
  z.strictObject({
    action: z.literal('list'),
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  z.strictObject({ action: z.literal('toggle'), id, itemId, done: z.boolean(), filedOn: isoDate.optional() }),
  // `previous`: the note as the writer last saw it; if someone changed it since, theirs stands.
  z.strictObject({ action: z.literal('note'), id, itemId, note, previous: z.string().max(400).optional() }),
  z.strictObject({ action: z.literal('join'), id, shareToken: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal('leave'), id }),
  z.strictObject({ action: z.literal('delete'), id }),
  z.strictObject({ action: z.literal('subscribe'), id, enabled: z.boolean() }),
  z.strictObject({ action: z.literal('removeMember'), id, member: z.number().int().min(1).max(1000) }),
  z.strictObject({ action: z.literal('rotateToken'), id }),
  z.strictObject({ action: z.literal('reshare'), id, allow: z.boolean() }),
  z.strictObject({ action: z.literal('code'), id }),
]);
export type ChecklistInput = z.infer<typeof checklistSchema>;

export type { ChecklistView } from '../../../typings/api';

/** The page a checklist's own 小程序码 opens. */
export const CHECKLIST_PAGE = 'pages/checklist/index';

/** One answer for a checklist that is missing and for one the caller may not see. */
const NOT_SHARED = '没有找到这份清单：它可能已被删除，或者还没有分享给您。请让家人重新分享给您。';
const LINK_EXPIRED =
  '这个分享链接或小程序码已失效：清单可能已被删除，或者创建者重新生成了分享链接。请让家人重新分享给您。';
const NOTHING_TO_DO = '这种情况不需要办理备案，也没有要一起准备的事项，所以不生成清单。';
const LIST_PAGE_SIZE = 20;
/** How far back a filing day may be: a filing older than this is not what a checklist tracks. */
const FILED_ON_MAX_DAYS_AGO = 730;
/** Everyone who may ever join one checklist (members who left included): keeps a document bounded. */
const peopleCap = (deps: Deps) => deps.config.maxMembers * 3;

const notShared = () => new AppError('NOT_FOUND', NOT_SHARED);

/** Names of cities from the bundled place list: a checklist keeps only their codes. */
const cityNames = (deps: Deps) => (code: string) => deps.places[code]?.name ?? code;
/** What a view is drawn with: today's date (for "if filed today") and the city names. */
const seen = (deps: Deps) => ({ today: chinaDate(deps.now()), cityName: cityNames(deps) });

function requireCaller(caller: Caller): string {
  if (!caller.openid) throw new AppError('FORBIDDEN', '请在微信中打开小程序后再使用清单');
  return caller.openid;
}

/** The checklist, if the caller is its owner or a member; otherwise NOT_FOUND, exists or not. */
async function readable(deps: Deps, checklistId: string, openid: string): Promise<ChecklistDoc> {
  const doc = await deps.checklists.get(checklistId);
  if (!doc || !isMember(doc, openid)) throw notShared();
  return doc;
}

function ownerOnly(doc: ChecklistDoc, openid: string, message: string): void {
  if (doc._openid !== openid) throw new AppError('FORBIDDEN', message);
}

function itemIndex(doc: ChecklistDoc, wanted: string): number {
  const index = doc.items.findIndex((i) => i.id === wanted);
  if (index < 0) throw new AppError('NOT_FOUND', '清单里没有这一项，请刷新后再试', 'itemId');
  return index;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function encodeCursor(doc: ChecklistDoc): string {
  return Buffer.from(JSON.stringify([doc.createdAt, doc._id])).toString('base64url');
}

function decodeCursor(cursor: string): ListCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && id.length <= 64) return { createdAt, id };
  } catch {
    // falls through
  }
  throw new AppError('INVALID_INPUT', '翻页位置无效，请从第一页重新加载', 'cursor');
}

/** One change to one item, as the caller asked for it. */
interface ItemChange {
  itemId: string;
  patch: ItemPatch;
  also?: FilingPatch;
  /** The item already is what the caller wants: nothing to write. */
  isDone(item: ChecklistItem): boolean;
  /** Someone else changed it since the caller saw it: theirs stands (undefined: the caller's wins). */
  conflict(item: ChecklistItem, doc: ChecklistDoc): ChecklistConflict | undefined;
}

/**
 * Writes one item, conditional on the caller's membership and on the item being as it was read
 * (its rev); when the condition fails the checklist is read again and the change reconsidered.
 */
async function changeItem(
  deps: Deps,
  checklistId: string,
  openid: string,
  change: ItemChange,
): Promise<ChecklistView> {
  const now = deps.now().toISOString();
  for (let attempt = 0; attempt < 4; attempt++) {
    const doc = await readable(deps, checklistId, openid);
    const index = itemIndex(doc, change.itemId);
    const item = doc.items[index];
    const conflict = change.conflict(item, doc);
    if (conflict) return checklistView(doc, openid, seen(deps), conflict);
    if (change.isDone(item)) return checklistView(doc, openid, seen(deps));
    const written = await deps.checklists.patchItem(checklistId, index, change.patch, now, {
      caller: openid,
      itemId: change.itemId,
      rev: item.rev,
      ...(change.also ? { also: change.also } : {}),
    });
    if (written) return afterWrite(deps, doc, openid);
  }
  throw await contended(deps, checklistId, openid, change.itemId);
}

/** Who changed the item last: the author of its newer tick or note. */
function lastWriter(item: ChecklistItem): string | undefined {
  return (item.noteAt ?? '') > (item.doneAt ?? '') ? item.noteBy : (item.doneBy ?? item.noteBy);
}

/**
 * Every attempt lost to another change of the same item: says whose, since it is often the
 * caller's own — several quick taps in flight at once — and then no family member is to blame.
 */
async function contended(deps: Deps, checklistId: string, openid: string, itemId: string): Promise<AppError> {
  const doc = await deps.checklists.get(checklistId);
  const item = doc?.items.find((i) => i.id === itemId);
  const last = item && lastWriter(item);
  if (!doc || !last) return new AppError('CONFLICT');
  const who = last === openid ? '您刚刚连着改了几次这一项' : `${labelOf(doc, last)}刚刚也在改这一项`;
  return new AppError('CONFLICT', `${who}，请看一下现在的样子，需要的话再改一次`, 'itemId');
}

/**
 * The view after a write that was accepted: read again for everyone's changes. The caller was a
 * member when it was written, so it is shown even if they left (or the checklist was deleted)
 * a moment later — an accepted write is never answered as a failure.
 */
async function afterWrite(deps: Deps, before: ChecklistDoc, openid: string): Promise<ChecklistView> {
  return checklistView((await deps.checklists.get(before._id)) ?? before, openid, seen(deps));
}

/** The filing day a tick of the filing item carries, and the dates that follow from it. */
function filingPatch(
  doc: ChecklistDoc,
  done: boolean,
  filedOn: string | undefined,
  today: string,
): FilingPatch {
  const day = done ? (filedOn ?? today) : null;
  if (day && day > today) throw new AppError('INVALID_INPUT', '办好的日期不能晚于今天', 'filedOn');
  if (day && day < addDays(today, -FILED_ON_MAX_DAYS_AGO))
    throw new AppError('INVALID_INPUT', '请选择两年以内办好备案的日期', 'filedOn');
  const validUntil = filingEnd(doc.validity, day);
  // A new end date is a new reminder.
  return { filedOn: day, validUntil, ...(validUntil !== doc.validUntil ? { remindedAt: null } : {}) };
}

async function toggle(
  deps: Deps,
  openid: string,
  input: Extract<ChecklistInput, { action: 'toggle' }>,
): Promise<ChecklistView> {
  const today = chinaDate(deps.now());
  const doc = await readable(deps, input.id, openid);
  const isFiling = input.itemId === FILING_ITEM_ID && doc.validity !== null;
  if (input.filedOn !== undefined && !isFiling)
    throw new AppError('INVALID_INPUT', '只有“办理备案”这一项需要填写办好的日期', 'filedOn');
  return changeItem(deps, input.id, openid, {
    itemId: input.itemId,
    patch: { done: input.done, doneBy: openid, doneAt: deps.now().toISOString() },
    ...(isFiling ? { also: filingPatch(doc, input.done, input.filedOn, today) } : {}),
    isDone: (item) => item.done === input.done,
    // A tap asks for the opposite of what the caller saw; if it is already so, someone else did it.
    conflict: (item, current) =>
      item.done === input.done && item.doneBy && item.doneBy !== openid
        ? { itemId: item.id, by: labelOf(current, item.doneBy), at: item.doneAt, what: 'done' }
        : undefined,
  });
}

async function saveNote(
  deps: Deps,
  openid: string,
  input: Extract<ChecklistInput, { action: 'note' }>,
): Promise<ChecklistView> {
  const text = input.note.trim();
  const previous = input.previous?.trim();
  return changeItem(deps, input.id, openid, {
    itemId: input.itemId,
    patch: { note: text, noteBy: openid, noteAt: deps.now().toISOString() },
    isDone: (item) => (item.note ?? '') === text,
    conflict: (item, current) => {
      const stored = item.note ?? '';
      if (previous === undefined || stored === previous || stored === text || !item.noteBy) return undefined;
      if (item.noteBy === openid) return undefined;
      return { itemId: item.id, by: labelOf(current, item.noteBy), at: item.noteAt, what: 'note' };
    },
  });
}

async function create(deps: Deps, openid: string, raw: unknown): Promise<ChecklistView> {
  const today = chinaDate(deps.now());
  const situation = checkedSituation(deps, raw, today);
  const verdict = await verdictFor(deps, situation, today);
  const gaveDate = typeof (raw as { treatmentDate?: unknown }).treatmentDate === 'string';
  const doc = newChecklist({
    openid,
    situation: sharedSituation(situation, gaveDate),
    verdict,
    reasonLabel: REASON_LABELS[situation.reason],
    at: deps.now().toISOString(),
  });
  if (!doc.items.length) throw new AppError('INVALID_INPUT', NOTHING_TO_DO, 'situation');
  // The id is the fingerprint of owner and situation: made before, the insert writes nothing and
  // the existing checklist, with the family's ticks, is opened instead.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await deps.checklists.insert(doc)) return checklistView(doc, openid, seen(deps));
    const existing = await deps.checklists.get(doc._id);
    if (existing) return checklistView(existing, openid, seen(deps));
    // Deleted between the two calls: insert again.
  }
  throw new AppError('UNAVAILABLE');
}

async function join(
  deps: Deps,
  openid: string,
  checklistId: string,
  shareToken: string,
): Promise<ChecklistView> {
  const limits = { shareToken, maxMembers: deps.config.maxMembers, maxPeople: peopleCap(deps) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await deps.checklists.get(checklistId);
    // A member opening an old card is still a member; anyone else needs the current token.
    if (doc && isMember(doc, openid)) return checklistView(doc, openid, seen(deps));
    if (!doc || !sameToken(doc.shareToken, shareToken)) throw new AppError('NOT_FOUND', LINK_EXPIRED);
    if (doc.members.length >= deps.config.maxMembers)
      throw new AppError(
        'CONFLICT',
        `这份清单的家人已满 ${deps.config.maxMembers} 位，请让创建者先移出不再需要的家人`,
      );
    if (!doc.people.includes(openid) && doc.people.length >= limits.maxPeople)
      throw new AppError('CONFLICT', '加入过这份清单的人太多了，请让创建者重新生成一份清单');
    // Token, cap and membership are checked again inside the write itself.
    if (await deps.checklists.join(checklistId, openid, limits, deps.now().toISOString()))
      return afterWrite(deps, doc, openid);
  }
  throw new AppError('CONFLICT');
}

async function code(deps: Deps, openid: string, checklistId: string): Promise<ChecklistCodeView> {
  const doc = await readable(deps, checklistId, openid);
  if (doc._openid !== openid && !doc.allowReshare)
    throw new AppError('FORBIDDEN', '只有创建者可以生成这份清单的小程序码');
  const cached = await deps.checklists.code(checklistId);
  if (cached && cached.token === doc.shareToken) {
    const { token: _token, ...shown } = cached;
    return { ...shown, page: CHECKLIST_PAGE };
  }
  if (doc.shareToken.length !== SHARE_TOKEN_LENGTH)
    throw new AppError('CONFLICT', '这份清单是旧版本生成的：请创建者先点“重新生成分享链接”，再生成小程序码');
  const scene = encodeChecklistScene({ checklistId, shareToken: doc.shareToken });
  const image = await deps.openapi
    .getUnlimitedCode({ scene, page: CHECKLIST_PAGE })
    .catch((error: unknown) => {
      console.error(`checklist code: wxacode.getUnlimited failed: ${describeWxError(error)}`);
      throw new AppError('UNAVAILABLE', '暂时无法生成小程序码，请稍后再试');
    });
  const made = {
    scene,
    kind: image.kind,
    contentType: image.contentType,
    imageBase64: image.buffer.toString('base64'),
  };
  // Kept only if the token has not changed meanwhile: a rotated token never gets an old code.
  await deps.checklists.saveCode(checklistId, { token: doc.shareToken, ...made });
  return { ...made, page: CHECKLIST_PAGE };
}

/** A change only the owner may make: refused to members, and conditional on ownership in the write. */
async function ownerWrite(
  deps: Deps,
  openid: string,
  checklistId: string,
  refusal: string,
  write: (doc: ChecklistDoc) => Promise<boolean>,
): Promise<ChecklistView> {
  const doc = await readable(deps, checklistId, openid);
  ownerOnly(doc, openid, refusal);
  if (!(await write(doc))) throw notShared();
  return afterWrite(deps, doc, openid);
}

type ChecklistResult =
  | ChecklistView
  | ChecklistPage
  | ChecklistCodeView
  | { version: number }
  | { deleted: true }
  | { left: true };

export const checklistFunction: FunctionSpec<ChecklistInput, ChecklistResult> = {
  name: 'checklist',
  schema: checklistSchema,
  // Every call that may write counts; reading (and the page's polling of the version) does not.
  rateLimit: (input) => (['get', 'list', 'version'].includes(input.action) ? null : 'write'),
  async handler(deps, input, caller) {
    const openid = requireCaller(caller);
    const now = deps.now().toISOString();
    switch (input.action) {
      case 'create':
        return create(deps, openid, input.situation);
      case 'get':
        return checklistView(await readable(deps, input.id, openid), openid, seen(deps));
      case 'version': {
        const version = await deps.checklists.version(input.id, openid);
        if (version === null) throw notShared();
        return { version };
      }
      case 'list': {
        const limit = input.limit ?? LIST_PAGE_SIZE;
        const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
        const docs = await deps.checklists.list(openid, limit + 1, cursor);
        const page = docs.slice(0, limit);
        return {
          lists: page.map((doc) => checklistRow(doc, openid, cityNames(deps))),
          next: docs.length > limit ? encodeCursor(page[page.length - 1]) : null,
        };
      }
      case 'toggle':
        return toggle(deps, openid, input);
      case 'note':
        return saveNote(deps, openid, input);
      case 'join':
        return join(deps, openid, input.id, input.shareToken);
      case 'leave': {
        const doc = await readable(deps, input.id, openid);
        if (doc._openid === openid)
          throw new AppError('INVALID_INPUT', '创建者不能退出清单；不再需要时可以删除');
        if (!(await deps.checklists.removeMember(input.id, openid, now))) throw notShared();
        return { left: true };
      }
      case 'delete': {
        ownerOnly(await readable(deps, input.id, openid), openid, '只有创建者可以删除清单');
        if (!(await deps.checklists.remove(input.id, openid))) throw notShared();
        return { deleted: true };
      }
      case 'subscribe': {
        const doc = await readable(deps, input.id, openid);
        if (input.enabled && !checklistView(doc, openid, seen(deps)).canSubscribe)
          throw new AppError('INVALID_INPUT', '这份清单没有到期日，不需要到期提醒');
        if (!(await deps.checklists.setSubscribed(input.id, openid, input.enabled, now))) throw notShared();
        return afterWrite(deps, doc, openid);
      }
      case 'removeMember':
        return ownerWrite(deps, openid, input.id, '只有创建者可以移出家人', async (doc) => {
          const member = doc.people[input.member - 1];
          const by = { owner: openid, shareToken: newShareToken() };
          if (!member || !(await deps.checklists.removeMember(input.id, member, now, by)))
            throw new AppError('NOT_FOUND', '这位家人已经不在清单里了', 'member');
          return true;
        });
      case 'rotateToken':
        return ownerWrite(deps, openid, input.id, '只有创建者可以重新生成分享链接', () =>
          deps.checklists.rotateToken(input.id, openid, newShareToken(), now),
        );
      case 'reshare':
        return ownerWrite(deps, openid, input.id, '只有创建者可以设置家人能否转发', (doc) =>
          deps.checklists.setAllowReshare(
            input.id,
            openid,
            input.allow,
            now,
            // Members were shown the token while they could pass it on: turning that off revokes it.
            !input.allow && doc.allowReshare ? newShareToken() : undefined,
          ),
        );
      case 'code':
        return code(deps, openid, input.id);
    }
  },
};
