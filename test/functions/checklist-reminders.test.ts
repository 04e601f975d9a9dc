/**
 * The expiry reminder: counted from the day the filing was made, sent once however many runs
 * overlap, and a subscriber who cannot be reached never holds back the others.
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
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 0, sent: 0, failed: 0 });
    // Filed on 28 May: a 6-month temporary filing ends on 27 November, inside the 7-day window.
    const filed = data(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'file', done: true, filedOn: '2026-05-28' },
        'parent',
      ),
    ) as ChecklistView;
    expect(filed.validUntil).toBe('2026-11-27');
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 1, sent: 1, failed: 0 });
    expect((await outbox(dir))[0]).toMatchObject({
      touser: 'parent',
      data: { date2: { value: '2026-11-27' } },
    });

    // The day was wrong: filed in June. A new end, and later a new reminder for it — not now.
    const untick = { action: 'toggle', id: list.id, itemId: 'file', done: false };
    data(await call(checklistFunction, untick, 'parent'));
    data(await call(checklistFunction, { ...untick, done: true, filedOn: '2026-06-20' }, 'parent'));
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 0, sent: 0, failed: 0 });
    deps.now = () => new Date('2026-12-15T01:00:00.000Z');
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 1, sent: 1, failed: 0 });
    expect(
      (await outbox(dir)).map((m) => (m.data as { date2: { value: string } }).date2.value).sort(),
    ).toEqual(['2026-11-27', '2026-12-19']);
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
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 1, sent: 2, failed: 1 });
    expect((await outbox(dir)).map((m) => m.touser).sort()).toEqual(['aunt', 'kid']);
    expect((await deps.checklists.get('family-aaaaaaaaaa'))!.reminderFailures).toEqual([
      { to: 'refuser', at: '2026-11-22T02:00:00.000Z', reason: '43101' },
    ]);
    // The next day: nothing is sent again, to anyone.
    expect(data(await timer(deps)(remindersFunction, TIMER))).toEqual({ due: 0, sent: 0, failed: 0 });
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
