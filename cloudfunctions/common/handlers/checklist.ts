/**
 * The shared filing checklist. Only the owner and family members who joined with the share token
 * may read or change it; anyone else gets FORBIDDEN. Ticks are atomic per item, so family members
 * ticking at the same time never lose each other's work. Who ticked is shown as 我 / 创建者 / 家人N.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { chinaDate } from '../contract/dates';
import { REASON_LABELS } from '../engine/messages';
import { itemsFromVerdict, titleOf } from '../checklist/items';
import type { ChecklistView } from '../../../typings/api';
import type { ChecklistDoc } from '../ports';
import { userText } from '../privacy';
import { AppError } from '../runtime/errors';
import type { Caller, FunctionSpec } from '../runtime/entry';
import type { Deps } from '../runtime/deps';
import { checkedSituation, verdictFor } from './evaluate';

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const note = userText(200); // no phone or ID number however written, nothing that displays misleadingly
const itemId = z.string().regex(/^[a-z0-9_-]{1,40}$/);

export const checklistSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('create'), situation: z.unknown() }),
  z.strictObject({ action: z.literal('get'), id }),
  z.strictObject({ action: z.literal('toggle'), id, itemId, done: z.boolean() }),
  z.strictObject({ action: z.literal('note'), id, itemId, note }),
  z.strictObject({ action: z.literal('join'), id, shareToken: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal('leave'), id }),
  z.strictObject({ action: z.literal('delete'), id }),
  z.strictObject({ action: z.literal('subscribe'), id, enabled: z.boolean() }),
]);
export type ChecklistInput = z.infer<typeof checklistSchema>;

export type { ChecklistView } from '../../../typings/api';

/** A name for a person that never reveals an OPENID: 我, 创建者 or 家人N (by joining order). */
function who(doc: ChecklistDoc, openid: string | undefined, viewer: string): string | undefined {
  if (!openid) return undefined;
  if (openid === viewer) return '我';
  if (openid === doc._openid) return '创建者';
  const index = doc.members.indexOf(openid);
  return index >= 0 ? `家人${index + 1}` : '已退出的家人';
}

function view(doc: ChecklistDoc, viewer: string): ChecklistView {
  return {
    id: doc._id,
    shareToken: doc.shareToken,
    title: doc.title,
    role: doc._openid === viewer ? 'owner' : 'member',
    items: doc.items.map(({ doneBy, noteBy, ...item }) => ({
      ...item,
      ...(doneBy ? { doneBy: who(doc, doneBy, viewer) } : {}),
      ...(noteBy ? { noteBy: who(doc, noteBy, viewer) } : {}),
    })),
    memberCount: doc.members.length,
    subscribed: doc.subscribers.includes(viewer),
    validUntil: doc.validUntil,
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}

function requireCaller(caller: Caller): string {
  if (!caller.openid) throw new AppError('FORBIDDEN', '请在微信中打开小程序后再使用清单');
  return caller.openid;
}

async function load(deps: Deps, checklistId: string): Promise<ChecklistDoc> {
  const doc = await deps.checklists.get(checklistId);
  if (!doc) throw new AppError('NOT_FOUND');
  return doc;
}

/** Owner or joined member, else FORBIDDEN. */
async function loadForMember(deps: Deps, checklistId: string, openid: string): Promise<ChecklistDoc> {
  const doc = await load(deps, checklistId);
  if (doc._openid !== openid && !doc.members.includes(openid)) throw new AppError('FORBIDDEN');
  return doc;
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

async function reread(deps: Deps, checklistId: string, viewer: string): Promise<ChecklistView> {
  return view(await load(deps, checklistId), viewer);
}

export const checklistFunction: FunctionSpec<
  ChecklistInput,
  ChecklistView | { deleted: true } | { left: true }
> = {
  name: 'checklist',
  schema: checklistSchema,
  rateLimit: (input) => (input.action === 'get' ? null : 'write'), // every call that may write
  async handler(deps, input, caller) {
    const openid = requireCaller(caller);
    const now = deps.now().toISOString();
    switch (input.action) {
      case 'create': {
        const today = chinaDate(deps.now());
        const situation = checkedSituation(deps, input.situation, today);
        const verdict = await verdictFor(deps, situation, today);
        const doc: ChecklistDoc = {
          _id: randomBytes(12).toString('base64url'),
          _openid: openid,
          shareToken: randomBytes(16).toString('base64url'),
          members: [],
          subscribers: [],
          title: titleOf(verdict, REASON_LABELS[situation.reason]),
          items: itemsFromVerdict(verdict),
          situation,
          validUntil: verdict.validity?.until ?? null,
          remindedAt: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await deps.checklists.insert(doc);
        return view(doc, openid);
      }
      case 'get':
        return view(await loadForMember(deps, input.id, openid), openid);
      case 'toggle': {
        const doc = await loadForMember(deps, input.id, openid);
        const patch = { done: input.done, doneBy: openid, doneAt: now };
        if (!(await deps.checklists.patchItem(input.id, itemIndex(doc, input.itemId), patch, now)))
          throw new AppError('NOT_FOUND');
        return reread(deps, input.id, openid);
      }
      case 'note': {
        const doc = await loadForMember(deps, input.id, openid);
        const note = input.note.trim();
        if (
          !(await deps.checklists.patchItem(
            input.id,
            itemIndex(doc, input.itemId),
            { note, noteBy: openid, noteAt: now },
            now,
          ))
        )
          throw new AppError('NOT_FOUND');
        return reread(deps, input.id, openid);
      }
      case 'join': {
        const doc = await load(deps, input.id);
        if (!sameToken(doc.shareToken, input.shareToken))
          throw new AppError('FORBIDDEN', '分享链接已失效，请让家人重新分享');
        if (doc._openid !== openid && !doc.members.includes(openid)) {
          if (doc.members.length >= deps.config.maxMembers)
            throw new AppError('CONFLICT', '这份清单的家人数量已满');
          await deps.checklists.addMember(input.id, openid, now);
        }
        return reread(deps, input.id, openid);
      }
      case 'leave': {
        const doc = await loadForMember(deps, input.id, openid);
        if (doc._openid === openid)
          throw new AppError('INVALID_INPUT', '创建者不能退出清单；不再需要时可以删除');
        await deps.checklists.removeMember(input.id, openid, now);
        return { left: true };
      }
      case 'delete': {
        const doc = await loadForMember(deps, input.id, openid);
        if (doc._openid !== openid) throw new AppError('FORBIDDEN', '只有创建者可以删除清单');
        await deps.checklists.remove(input.id);
        return { deleted: true };
      }
      case 'subscribe': {
        const doc = await loadForMember(deps, input.id, openid);
        if (input.enabled && !doc.validUntil)
          throw new AppError('INVALID_INPUT', '这份清单没有到期日，不需要到期提醒');
        await deps.checklists.setSubscribed(input.id, openid, input.enabled, now);
        return reread(deps, input.id, openid);
      }
    }
  },
};
