/**
 * The entry under CloudBase's environment: identity from the invocation context, and an answer —
 * never a rejection — whatever the context looks like.
 */
import { checklistFunction } from '../../cloudfunctions/common/handlers/checklist';
import { qrcodeFunction } from '../../cloudfunctions/common/handlers/qrcode';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import { fromPack, withNothing } from '../../cloudfunctions/common/runtime/bundled';
import { callerOf, defineFunction } from '../../cloudfunctions/common/runtime/entry';
import { realPack } from '../support/policy';
import { cloudEnv, wxContext } from '../support/cloud-env';

const saved = { ...process.env };
beforeEach(() => Object.assign(process.env, cloudEnv()));
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const timerEvent = { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-22T01:00:00Z', Message: '' };
/** An invocation context carrying these platform variables and no end user. */
const platform = (vars: Record<string, string>) => ({ environment: JSON.stringify(vars) });

describe('callerOf on CloudBase', () => {
  it('reads the OPENID from the invocation context', () => {
    expect(callerOf(wxContext('o-parent'))).toEqual({ openid: 'o-parent', timer: false });
  });

  it('makes nobody of a call without an end user: no OPENID, no timer, no administrator', () => {
    expect(callerOf({ environment: '{}' })).toEqual({ openid: null, timer: false });
    // A body that looks like a timer event is not the timer (HTTP access, another function, the console).
    expect(callerOf({ environment: '{}' }, timerEvent)).toEqual({ openid: null, timer: false });
  });

  it.each([
    ['TRIGGER_SRC=timer in the invocation context', platform({ TRIGGER_SRC: 'timer' }), {}],
    ['TRIGGER_SRC=timer in the process environment', { environment: '{}' }, { TRIGGER_SRC: 'timer' }],
    ['SOURCE wx_trigger', platform({ TCB_SOURCE: 'wx_trigger' }), {}],
  ])('is the timer only with the platform flag (%s) and a timer event', (_what, context, env) => {
    Object.assign(process.env, env);
    expect(callerOf(context, timerEvent)).toEqual({ openid: null, timer: true });
    expect(callerOf(context, { action: 'create' })).toEqual({ openid: null, timer: false });
  });

  it('never makes a user, or a call the timer merely passed through, the timer', () => {
    const withUser = platform({ TRIGGER_SRC: 'timer', WX_OPENID: 'o-x', WX_CONTEXT_KEYS: 'WX_OPENID' });
    expect(callerOf(withUser, timerEvent)).toEqual({ openid: 'o-x', timer: false });
    expect(callerOf(platform({ TCB_SOURCE: 'wx_trigger,scf' }), timerEvent)).toMatchObject({ timer: false });
    expect(callerOf(platform({ TCB_SOURCE: 'wx_client' }), timerEvent)).toMatchObject({ timer: false });
    expect(callerOf(platform({ TRIGGER_SRC: 'cos' }), timerEvent)).toMatchObject({ timer: false });
  });

  it('counts a web SDK user as someone without an OPENID', () => {
    const context = platform({ TCB_UUID: 'u-1', TCB_CONTEXT_KEYS: 'TCB_UUID' });
    expect(callerOf(context)).toEqual({ openid: null, timer: false });
  });
});

describe('functions on CloudBase, called without an end user', () => {
  // The management API, HTTP access, the console's test call or another function: nobody.
  const nobody = { environment: '{}' };

  it('refuses to make a 小程序码, whoever the operators are', async () => {
    const main = defineFunction(qrcodeFunction, () => fromPack({ ...realPack(), origin: 'snapshot' }));
    process.env.QR_OPERATORS = 'o-operator';
    expect(await main({ action: 'create', careCity: '610100' }, nobody)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a timer-looking body without the platform timer flag', async () => {
    const main = defineFunction(remindersFunction, withNothing);
    process.env.REMINDER_TEMPLATE_ID = 'tmpl-1';
    expect(await main(timerEvent, nobody)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '这个功能只由系统定时运行' },
    });
  });
});

describe('main on CloudBase', () => {
  const main = defineFunction(checklistFunction, () => fromPack({ ...realPack(), origin: 'snapshot' }));

  it.each([
    ['no environment nor environ', {}],
    ['not an object', 'oops'],
    ['an environment that is not JSON', { environment: '{' }],
  ])('answers instead of rejecting when the context has %s', async (_what, context) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(main({ action: 'get', id: 'aaaaaaaaaaaa' }, context)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.any(String) },
    });
    errors.mockRestore();
  });
});
