/**
 * The per-caller write budget applied by the function runtime, and the timer as its own signal.
 */
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { callerOf, isTimerEvent, runHandler } from '../../cloudfunctions/common/runtime/entry';
import { caller, data, testDeps, timer } from '../support/functions';

const situation = SHENZHEN_TO_CHANGSHA;
const BUSY = /^您操作得太频繁了，请\d+秒后再试$/;

afterEach(() => jest.restoreAllMocks());

describe('write budget per caller', () => {
  it('allows 60 writes a minute, then answers TOO_MANY_REQUESTS with a message that says to wait; the refused write is not made', async () => {
    const deps = await testDeps();
    expect(deps.config.writesPerMinute).toBe(60);
    const call = caller(deps);
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'son'));
    const toggle = (who: string, done: boolean, item = 0) =>
      call(checklistFunction, { action: 'toggle', id: list.id, itemId: list.items[item].id, done }, who);
    for (let i = 0; i < 59; i++) data(await toggle('parent', i % 2 === 0)); // create + 59 = 60
    const refused = await toggle('parent', false, 1);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(BUSY) },
    });

    const view = data(
      await call(checklistFunction, { action: 'get', id: list.id }, 'parent'),
    ) as ChecklistView;
    expect(view.items[1].done).toBe(false); // reads are not limited, and the refused write was not made
    expect((await toggle('son', true, 2)).ok).toBe(true); // another family member has their own budget

    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect((await toggle('parent', true, 1)).ok).toBe(true);
  });

  it('counts only calls the function marks as writes, and only with an OPENID', async () => {
    const deps = await testDeps();
    const call = caller(deps);
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    for (let i = 0; i < 80; i++)
      data(await call(checklistFunction, { action: 'get', id: list.id }, 'parent'));
    for (let i = 0; i < 80; i++)
      expect(await call(checklistFunction, { action: 'get', id: list.id })).toMatchObject({
        error: { code: 'FORBIDDEN' },
      });
  });

  it('is off with WRITES_PER_MINUTE=0 (load tests)', async () => {
    const deps = await testDeps({ env: { WRITES_PER_MINUTE: '0' } });
    const call = caller(deps);
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    for (let i = 0; i < 100; i++)
      data(
        await call(
          checklistFunction,
          { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true },
          'parent',
        ),
      );
  });
});

describe('the timer', () => {
  const event = { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-22T01:00:00Z' };

  it('is recognised by its event, not by a missing OPENID', () => {
    expect(isTimerEvent(event)).toBe(true);
    expect(isTimerEvent({ ...event, Message: '' })).toBe(true);
    for (const other of [{}, null, 'Timer', { Type: 'Timer' }, { Type: 'http', TriggerName: 'x' }])
      expect(isTimerEvent(other)).toBe(false);
    expect(callerOf({}, event)).toEqual({ openid: null, timer: false });
    expect(callerOf({ localTimer: true }, event)).toEqual({ openid: null, timer: true });
    expect(callerOf({ localOpenid: 'someone', localTimer: true }, event)).toEqual({
      openid: 'someone',
      timer: false,
    });
  });

  it('alone may run the reminders: a call without OPENID that is not the timer is refused', async () => {
    const deps = await testDeps();
    expect(await runHandler(remindersFunction, deps, event, { openid: null })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(data(await timer(deps)(remindersFunction, event))).toEqual({
      due: 0,
      sent: 0,
      failed: 0,
      retrying: 0,
      skipped: 0,
    });
  });
});
