import { openCollection } from '../../cloudfunctions/common/adapters/nedb';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { qrcodeFunction, type QrcodeResult } from '../../cloudfunctions/common/handlers/qrcode';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import { decodeScene, sceneFromLink } from '../../miniprogram/shared/scene';
import { caller, data, NOW, testDeps, timer } from '../support/functions';
import { memoryDir } from '../support/stores';

describe('qrcode function', () => {
  it('makes a code whose scene presets the cities, for an operator', async () => {
    const result = data(
      await caller(await testDeps())(
        qrcodeFunction,
        { action: 'create', insuredCity: '440300', careCity: '610100', hospital: 'XJ01' },
        'operator-1',
      ),
    ) as QrcodeResult;
    expect(result.scene.length).toBeLessThanOrEqual(32);
    expect(decodeScene(result.scene)).toEqual({
      insuredCity: '440300',
      careCity: '610100',
      hospital: 'XJ01',
    });
    expect(result.kind).toBe('link_qr');
    expect(Buffer.from(result.imageBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  // The same refusal on CloudBase, where a call without an end user used to pass as the
  // administrator: test/functions/entry.test.ts ("functions on CloudBase, called without an end user").
  it('refuses anyone not on the operator list, and a call with no identity', async () => {
    const call = caller(await testDeps());
    expect(await call(qrcodeFunction, { action: 'create', careCity: '610100' }, 'someone')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call(qrcodeFunction, { action: 'create', careCity: '610100' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses everyone while no operator is configured', async () => {
    const call = caller(await testDeps({ env: { QR_OPERATORS: '' } }));
    expect(await call(qrcodeFunction, { action: 'create', careCity: '610100' }, 'operator-1')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it("logs WeChat's errCode when WeChat refuses the code, and answers UNAVAILABLE", async () => {
    const deps = await testDeps();
    deps.openapi.getUnlimitedCode = async () =>
      Promise.reject(Object.assign(new Error('x'), { errCode: -604101, errMsg: 'no permission' }));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(
      await caller(deps)(qrcodeFunction, { action: 'create', careCity: '610100' }, 'operator-1'),
    ).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(errors.mock.calls.flat().join(' ')).toContain('errCode -604101: no permission');
    errors.mockRestore();
  });

  it('refuses an empty preset, a hospital without a city, and an unknown city', async () => {
    const call = caller(await testDeps());
    expect(await call(qrcodeFunction, { action: 'create' }, 'operator-1')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // The app reads only the cities from a code: a hospital alone would land on "没有认出来".
    expect(await call(qrcodeFunction, { action: 'create', hospital: 'XJ01' }, 'operator-1')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '请至少预设一个城市（参保地或就医地）' },
    });
    expect(await call(qrcodeFunction, { action: 'create', careCity: '999900' }, 'operator-1')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CITY' },
    });
  });

  it('refuses a code whose 参保地 and 就医地 are the same city', async () => {
    const call = caller(await testDeps());
    expect(
      await call(
        qrcodeFunction,
        { action: 'create', insuredCity: '210300', careCity: '210300' },
        'operator-1',
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        field: 'careCity',
        message: '参保地和就医地不能是同一个城市：在参保的城市看病不算异地就医',
      },
    });
  });
});

describe('scene codec', () => {
  it.each([
    [{ insuredCity: '440300', careCity: '610100' }, 'i4403c6101'],
    [{ careCity: '110000' }, 'c1100'],
    [{ hospital: 'abc_DEF-123' }, 'habc_DEF-123'],
  ])('round-trips %j', async (preset, scene) => {
    const { encodeScene } = await import('../../miniprogram/shared/scene');
    expect(encodeScene(preset)).toBe(scene);
    expect(decodeScene(encodeURIComponent(scene))).toEqual(preset);
  });
  it('rejects what is not ours', () => {
    expect(decodeScene('x=1')).toBeNull();
    expect(decodeScene('%E0%A4%A')).toBeNull();
    expect(decodeScene('')).toBeNull();
  });
  it('reads a plain QR link', () => {
    expect(sceneFromLink(encodeURIComponent('https://yidi.example.com/mp?scene=c6101'))).toEqual({
      careCity: '610100',
    });
  });
});

describe('reminders function', () => {
  it('reminds subscribers once, a week before a temporary filing ends', async () => {
    const dir = memoryDir();
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const call = caller(deps);
    const situation = {
      insuredCity: '抚顺',
      careCity: '北京',
      scheme: 'employee',
      retired: true,
      reason: 'temporary',
      careType: 'inpatient',
      // A late filing counts from the admission date, so it ends in the reminder window.
      stage: 'admitted_unfiled',
      treatmentDate: '2026-05-27',
    };
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    expect(list.validUntil).toBe('2026-11-26');
    data(await call(checklistFunction, { action: 'subscribe', id: list.id, enabled: true }, 'parent'));
    expect(
      data(
        await timer(deps)(remindersFunction, {
          Type: 'Timer',
          TriggerName: 'daily-9am',
          Time: NOW.toISOString(),
        }),
      ),
    ).toEqual({ due: 1, sent: 1, failed: 0, retrying: 0, skipped: 0 });
    expect(data(await timer(deps)(remindersFunction, { Type: 'Timer' }))).toMatchObject({
      due: 0,
      sent: 0,
      failed: 0,
    });
    const outbox = await openCollection(dir, 'outbox').findAsync({});
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      touser: 'parent',
      templateId: 'tmpl-expiry',
      page: `pages/checklist/index?id=${list.id}`,
      data: { date2: { value: '2026-11-26' } },
    });
  });

  // Tencent's timer trigger event, as documented (定时触发器的事件消息结构): Message is the
  // trigger's 附加信息, an empty string unless one was set.
  const TIMER_EVENT = { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-22T01:00:00Z', Message: '' };

  it('accepts the documented timer event, Message included', async () => {
    expect(await timer(await testDeps())(remindersFunction, TIMER_EVENT)).toEqual({
      ok: true,
      data: { due: 0, sent: 0, failed: 0, retrying: 0, skipped: 0 },
    });
    expect(
      await timer(await testDeps())(remindersFunction, { ...TIMER_EVENT, Message: 'set in the console' }),
    ).toMatchObject({ ok: true });
  });

  it('refuses the timer event from a caller with an OPENID, and what is not a timer event', async () => {
    const call = caller(await testDeps());
    expect(await call(remindersFunction, TIMER_EVENT, 'someone')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Without the timer signal nothing runs, whatever the event says.
    expect(await call(remindersFunction, TIMER_EVENT)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await timer(await testDeps())(remindersFunction, { ...TIMER_EVENT, Type: 'Cos' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await timer(await testDeps())(remindersFunction, { ...TIMER_EVENT, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('is refused to a user calling it directly', async () => {
    expect(await caller(await testDeps())(remindersFunction, {}, 'someone')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
