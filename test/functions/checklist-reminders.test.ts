/**
 * The expiry reminder: counted from the day the filing was made, sent once however many runs
 * overlap, a subscriber who cannot be reached never holds back the others, and a misconfiguration
 * (every send failing) loses nobody: the next run sends.
 */
import { openCollection } from '../../cloudfunctions/common/adapters/nedb';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import type { Deps } from '../../cloudfunctions/common/runtime/deps';
import { checklist } from '../support/fixtures';
import { caller, data, testDeps, timer } from '../support/functions';
import { memoryDir } from '../support/stores';

const planning = {
  insuredCity: '抚顺',
  careCity: '北京',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};
const TIMER = { Type: 'Timer', TriggerName: 'daily-9am' };

async function setup(): Promise<{ deps: Deps; dir: string; call: ReturnType<typeof caller> }> {
  const dir = memoryDir();
  const deps = await testDeps({ env: { DATA_DIR: dir } });
  return { deps, dir, call: caller(deps) };
}

const outbox = (dir: string) => openCollection(dir, 'outbox').findAsync({});

describe('reminders', () => {
  it('count from the day the person says the filing was made', async () => {
    const { deps, dir, call } = await setup();
    const list = data(
      await call(checklistFunction, { action: 'create', situation: planning }, 'parent'),
    ) as ChecklistView;
    data(await call(checklistFunction, { action: 'subscribe', id: list.id, enabled: true }, 'parent'));
    // Not filed yet: nothing to count from, nothing is sent.
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 0, sent: 0, failed: 0 });
    // Filed on 28 May: a 6-month temporary filing ends on 27 November, inside the 7-day window.
    const filed = data(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'file', done: true, filedOn: '2026-05-28' },
        'parent',
      ),
    ) as ChecklistView;
    expect(filed.validUntil).toBe('2026-11-27');
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect((await outbox(dir))[0]).toMatchObject({
      touser: 'parent',
      data: { date2: { value: '2026-11-27' } },
    });

    // The day was wrong: filed in June. A new end, and later a new reminder for it — not now.
    const untick = { action: 'toggle', id: list.id, itemId: 'file', done: false };
    data(await call(checklistFunction, untick, 'parent'));
    data(await call(checklistFunction, { ...untick, done: true, filedOn: '2026-06-20' }, 'parent'));
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 0, sent: 0, failed: 0 });
    deps.now = () => new Date('2026-12-15T01:00:00.000Z');
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(
      (await outbox(dir)).map((m) => (m.data as { date2: { value: string } }).date2.value).sort(),
    ).toEqual(['2026-11-27', '2026-12-19']);
  });

  it('lose none when every send fails with a platform error, and the next run sends them', async () => {
    const { deps, dir } = await setup();
    for (let i = 0; i < 30; i++)
      await deps.checklists.insert(
        checklist(`fail-${String(i).padStart(12, '0')}`, {
          subscribers: ['a', 'b', 'c'].map((s) => `${s}${i}`),
          validUntil: '2026-11-25',
        }),
      );
    // The function's config.json has not granted subscribeMessage.send yet (wx-server-sdk: -604101).
    const send = deps.openapi.sendSubscribeMessage.bind(deps.openapi);
    deps.openapi.sendSubscribeMessage = async () =>
      Promise.reject(Object.assign(new Error('x'), { errCode: -604101, errMsg: 'no permission' }));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({
      due: 30,
      sent: 0,
      failed: 0,
      retrying: 90,
      skipped: 0,
    });
    expect(errors.mock.calls.flat().join('\n')).toMatch(
      /errCode -604101 .*left for the next run, attempt 1 of 3/,
    );
    errors.mockRestore();
    expect(await outbox(dir)).toEqual([]);
    // Fixed: the next run sends every one of them, once.
    deps.openapi.sendSubscribeMessage = send;
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({
      due: 30,
      sent: 90,
      retrying: 0,
    });
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 0, sent: 0 });
    expect((await outbox(dir)).map((m) => m.touser).sort()).toHaveLength(90);
  });

  it('send again only to those a platform error missed, and record them as failed after 3 runs', async () => {
    const { deps, dir } = await setup();
    await deps.checklists.insert(
      checklist('mixed-aaaaaaaaaaa', { subscribers: ['ok', 'refuser', 'unlucky'], validUntil: '2026-11-25' }),
    );
    const send = deps.openapi.sendSubscribeMessage.bind(deps.openapi);
    deps.openapi.sendSubscribeMessage = async (message) => {
      if (message.touser === 'refuser')
        throw Object.assign(new Error('user refuse to accept the msg'), { errCode: 43101 });
      if (message.touser === 'unlucky')
        throw Object.assign(new Error('argument invalid! data.thing1.value'), { errCode: 47003 });
      return send(message);
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({
      sent: 1,
      failed: 1,
      retrying: 1,
    });
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({
      sent: 0,
      failed: 0,
      retrying: 1,
    });
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({
      sent: 0,
      failed: 1,
      retrying: 0,
    });
    expect(errors.mock.calls.flat().join('\n')).toMatch(
      /gave up on 1 subscriber\(s\) after 3 runs ending in errCode 47003/,
    );
    errors.mockRestore();
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 0 });
    expect((await outbox(dir)).map((m) => m.touser)).toEqual(['ok']);
    expect((await deps.checklists.get('mixed-aaaaaaaaaaa'))!.reminderFailures).toEqual([
      { to: 'refuser', at: '2026-11-22T02:00:00.000Z', reason: '43101' },
      { to: 'unlucky', at: '2026-11-22T02:00:00.000Z', reason: '47003 (3 runs)' },
    ]);
  });

  it('move on past a send that never returns, and try that one again next run', async () => {
    const deps = await testDeps({ env: { DATA_DIR: memoryDir(), REMINDER_SEND_TIMEOUT_MS: '50' } });
    await deps.checklists.insert(
      checklist('hang-aaaaaaaaaaaa', { subscribers: ['stuck', 'kid'], validUntil: '2026-11-25' }),
    );
    await deps.checklists.insert(
      checklist('next-aaaaaaaaaaaa', { subscribers: ['aunt'], validUntil: '2026-11-26' }),
    );
    const send = deps.openapi.sendSubscribeMessage.bind(deps.openapi);
    const sentTo: string[] = [];
    deps.openapi.sendSubscribeMessage = async (message) => {
      if (message.touser === 'stuck') return new Promise<void>(() => undefined);
      sentTo.push(message.touser);
      return send(message);
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 2, sent: 2, retrying: 1 });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/errCode timeout/);
    errors.mockRestore();
    expect(sentTo.sort()).toEqual(['aunt', 'kid']);
    deps.openapi.sendSubscribeMessage = send;
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 1, sent: 1, retrying: 0 });
  });

  it('skip a checklist that cannot be read, logging it, and still remind the others', async () => {
    const { deps, dir } = await setup();
    const broken = { ...checklist('broken-aaaaaaaaa', { subscribers: ['x'], validUntil: '2026-11-25' }) };
    delete (broken as Partial<typeof broken>).title;
    await openCollection(dir, 'checklists').insertAsync({
      ...checklist('strange-aaaaaaaa', { validUntil: '2026-11-25' }),
      subscribers: ['y', 7],
    } as never);
    await openCollection(dir, 'checklists').insertAsync(broken as never);
    await deps.checklists.insert(
      checklist('fine-aaaaaaaaaaa', { subscribers: ['kid'], validUntil: '2026-11-25' }),
    );
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({
      due: 1,
      sent: 1,
      failed: 0,
      retrying: 0,
      skipped: 2,
    });
    expect(errors.mock.calls.flat().join('\n')).toMatch(
      /checklist broken-aaaaaaaaa cannot be read \(title: /,
    );
    errors.mockRestore();
    expect((await outbox(dir)).map((m) => m.touser)).toEqual(['kid']);
  });

  it('are sent once when runs overlap', async () => {
    const { deps, dir } = await setup();
    await deps.checklists.insert(
      checklist('due-aaaaaaaaaaaa', { subscribers: ['a', 'b'], validUntil: '2026-11-25' }),
    );
    await deps.checklists.insert(
      checklist('due-bbbbbbbbbbbb', { subscribers: ['c'], validUntil: '2026-11-26' }),
    );
    await deps.checklists.insert(
      checklist('not-due-cccccccc', { subscribers: ['d'], validUntil: '2027-03-01' }),
    );
    const runs = await Promise.all(Array.from({ length: 10 }, () => timer(deps)(remindersFunction, TIMER)));
    const totals = runs.map((r) => data(r) as { due: number; sent: number; failed: number });
    expect(totals.reduce((n, t) => n + t.sent, 0)).toBe(3);
    expect(totals.reduce((n, t) => n + t.due, 0)).toBe(2);
    expect((await outbox(dir)).map((m) => m.touser).sort()).toEqual(['a', 'b', 'c']);
  });

  it('record a failed send for that subscriber and still reach the others, once', async () => {
    const { deps, dir } = await setup();
    await deps.checklists.insert(
      checklist('family-aaaaaaaaaa', { subscribers: ['refuser', 'kid', 'aunt'], validUntil: '2026-11-25' }),
    );
    const send = deps.openapi.sendSubscribeMessage.bind(deps.openapi);
    deps.openapi.sendSubscribeMessage = async (message) => {
      if (message.touser === 'refuser')
        throw Object.assign(new Error('user refuse to accept the msg'), { errCode: 43101 });
      return send(message);
    };
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({
      due: 1,
      sent: 2,
      failed: 1,
      retrying: 0,
      skipped: 0,
    });
    expect((await outbox(dir)).map((m) => m.touser).sort()).toEqual(['aunt', 'kid']);
    expect((await deps.checklists.get('family-aaaaaaaaaa'))!.reminderFailures).toEqual([
      { to: 'refuser', at: '2026-11-22T02:00:00.000Z', reason: '43101' },
    ]);
    // The next day: nothing is sent again, to anyone.
    expect(data(await timer(deps)(remindersFunction, TIMER))).toMatchObject({ due: 0, sent: 0, failed: 0 });
    expect(await outbox(dir)).toHaveLength(2);
  });

  it('delete checklists nobody changed for a year', async () => {
    const { deps } = await setup();
    await deps.checklists.insert(checklist('idle-aaaaaaaaaaa', { updatedAt: '2025-11-01T00:00:00.000Z' }));
    await deps.checklists.insert(checklist('used-aaaaaaaaaaa', { updatedAt: '2026-01-01T00:00:00.000Z' }));
    data(await timer(deps)(remindersFunction, TIMER));
    expect(await deps.checklists.get('idle-aaaaaaaaaaa')).toBeNull();
    expect(await deps.checklists.get('used-aaaaaaaaaaa')).not.toBeNull();
  });

  it('delete idle checklists even before the reminder template is set up', async () => {
    const deps = await testDeps({ env: { DATA_DIR: memoryDir(), REMINDER_TEMPLATE_ID: '' } });
    await deps.checklists.insert(checklist('idle-aaaaaaaaaaa', { updatedAt: '2025-11-01T00:00:00.000Z' }));
    expect(await timer(deps)(remindersFunction, TIMER)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: '还没有配置订阅消息模板（REMINDER_TEMPLATE_ID）' },
    });
    expect(await deps.checklists.get('idle-aaaaaaaaaaa')).toBeNull();
  });
});
