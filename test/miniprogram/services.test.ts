/** @jest-environment jsdom */
/**
 * The client's service layer on a real CloudBase, where a call can time out after it went through:
 * destructive calls retried into NOT_FOUND are done; the checklist page slows its polling once the
 * family is quiet; placeholders in config/env.ts are said loudly at launch.
 */
import { api } from '../../miniprogram/services/api';
import { callFunction, CallError } from '../../miniprogram/services/cloud';
import { LIVE_POLL_MS, pollDelay, QUIET_POLL_MS } from '../../miniprogram/services/live-poll';
import { warnAboutPlaceholders } from '../../miniprogram/services/placeholders';
import { installWx, openPage, SITUATION } from '../support/mp';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';

const holder = globalThis as unknown as { wx: Record<string, unknown> };

/** A cloud whose answers are, in turn, `answers` (a function answer for a call that never returns). */
function cloud(...answers: (object | 'hang')[]) {
  const seen: object[] = [];
  holder.wx = {
    ...holder.wx,
    cloud: {
      callFunction: ({ data }: { data: object }) => {
        seen.push(data);
        const next = answers[Math.min(seen.length - 1, answers.length - 1)];
        return next === 'hang' ? new Promise(() => undefined) : Promise.resolve({ result: next });
      },
    },
  };
  return seen;
}
const notFound = { ok: false, error: { code: 'NOT_FOUND', message: '没有找到这份清单，可能已被删除' } };
const unavailable = { ok: false, error: { code: 'UNAVAILABLE', message: '服务暂时不可用' } };

describe('a destructive call retried after it went through unseen', () => {
  beforeAll(() => {
    holder.wx ??= {};
  });

  it('is done when the retry finds its object gone', async () => {
    const seen = cloud('hang', notFound);
    await expect(
      callFunction(
        'checklist',
        { action: 'delete', id: 'x' },
        {
          timeoutMs: 10,
          backoffMs: 1,
          doneWhenGone: () => ({ deleted: true }),
        },
      ),
    ).resolves.toEqual({ deleted: true });
    expect(seen).toHaveLength(2);
  });

  it('still says NOT_FOUND when the first attempt does: it was gone before', async () => {
    cloud(notFound);
    await expect(
      callFunction('checklist', { action: 'delete', id: 'x' }, { doneWhenGone: () => ({ deleted: true }) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is not guessed for other calls: a retried read that finds nothing says so', async () => {
    cloud('hang', notFound);
    const error = await callFunction(
      'checklist',
      { action: 'get', id: 'x' },
      { timeoutMs: 10, backoffMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).code).toBe('NOT_FOUND');
  });

  it.each([
    ['delete', 'owner', { deleted: true }],
    ['leave', 'member', { left: true }],
  ] as const)('%s through the api', async (action, role, done) => {
    const seen = cloud(unavailable, notFound);
    await expect(api.endChecklist('x', role)).resolves.toEqual(done);
    expect(seen).toEqual([
      { action, id: 'x' },
      { action, id: 'x' },
    ]);
  });

  it.each([
    ['removeMember', () => api.removeMember('x', 1)],
    ['rotateToken', () => api.rotateShareToken('x')],
  ])('%s through the api shows the checklist as it now is', async (action, call) => {
    const view = { id: 'x', version: 3 };
    const seen = cloud(unavailable, notFound, { ok: true, data: view });
    await expect(call()).resolves.toEqual(view);
    expect(seen.map((d) => (d as { action: string }).action)).toEqual([action, action, 'get']);
  });
});

describe('polling a checklist on screen', () => {
  it('asks every 4 s while things change, every 30 s after a quiet minute', () => {
    expect(pollDelay(0)).toBe(LIVE_POLL_MS);
    expect(pollDelay(59_999)).toBe(LIVE_POLL_MS);
    expect(pollDelay(60_000)).toBe(QUIET_POLL_MS);
    expect([LIVE_POLL_MS, QUIET_POLL_MS]).toEqual([4000, 30_000]);
  });

  it('slows the page down once nothing changed for a minute, and speeds it up on a change', async () => {
    const fake = await installWx({ openid: 'parent' });
    const created = await runHandler(
      checklistFunction,
      fake.deps,
      { action: 'create', situation: SITUATION },
      {
        openid: 'parent',
      },
    );
    const list = (created as { data: ChecklistView }).data;
    const page = await openPage('pages/checklist/index', { id: list.id }, fake);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page instance's methods
    const inst = page.instance as any;
    const timeouts = jest.spyOn(globalThis, 'setTimeout');
    const nextDelay = () => {
      inst.startPolling();
      return timeouts.mock.calls.at(-1)![1];
    };
    expect(nextDelay()).toBe(LIVE_POLL_MS);
    inst.changedAt = Date.now() - 61_000;
    expect(nextDelay()).toBe(QUIET_POLL_MS);
    inst.apply(list); // a change arrives
    expect(nextDelay()).toBe(LIVE_POLL_MS);
    timeouts.mockRestore();
    inst.onUnload();
  });
});

describe('placeholders in config/env.ts', () => {
  it('are logged at launch, with a dialog in the developer and trial versions only', () => {
    const modals: unknown[] = [];
    for (const [envVersion, dialogs] of [
      ['develop', 1],
      ['trial', 1],
      ['release', 0],
    ] as const) {
      modals.length = 0;
      holder.wx = {
        ...holder.wx,
        getAccountInfoSync: () => ({ miniProgram: { envVersion } }),
        showModal: (options: unknown) => modals.push(options),
      };
      const lines: string[] = [];
      expect(warnAboutPlaceholders((line) => lines.push(line))).toEqual([
        'CLOUD_ENV_ID',
        'REMINDER_TEMPLATE_ID',
      ]);
      expect(lines).toEqual([
        expect.stringContaining('CLOUD_ENV_ID 还是示例值：小程序连不上云函数'),
        expect.stringContaining('REMINDER_TEMPLATE_ID 还是示例值：到期提醒无法订阅'),
      ]);
      expect(modals).toHaveLength(dialogs);
    }
  });
});
