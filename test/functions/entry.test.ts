/**
 * The entry under CloudBase's environment: identity from the invocation context, and an answer —
 * never a rejection — whatever the context looks like.
 */
import { checklistFunction } from '../../cloudfunctions/common/handlers/checklist';
import { fromPack } from '../../cloudfunctions/common/runtime/bundled';
import { callerOf, defineFunction } from '../../cloudfunctions/common/runtime/entry';
import { realPack } from '../support/policy';
import { cloudEnv, wxContext } from '../support/cloud-env';

const saved = { ...process.env };
beforeEach(() => Object.assign(process.env, cloudEnv()));
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('callerOf on CloudBase', () => {
  it('reads the OPENID from the invocation context', () => {
    expect(callerOf(wxContext('o-parent'))).toEqual({ openid: 'o-parent', admin: false, timer: false });
  });

  it('sees no end user in a timer or console call', () => {
    expect(callerOf({ environment: '{}' })).toEqual({ openid: null, admin: true, timer: false });
    // Only a call with no end user that carries the timer event is the timer.
    const timerEvent = { Type: 'Timer', TriggerName: 'daily-9am', Time: '2026-11-22T01:00:00Z', Message: '' };
    expect(callerOf({ environment: '{}' }, timerEvent)).toEqual({ openid: null, admin: true, timer: true });
    expect(callerOf(wxContext('o-parent'), timerEvent)).toMatchObject({ timer: false });
  });

  it('counts a web SDK user as someone, not as the administrator', () => {
    const context = { environment: JSON.stringify({ TCB_UUID: 'u-1', TCB_CONTEXT_KEYS: 'TCB_UUID' }) };
    expect(callerOf(context)).toEqual({ openid: null, admin: false, timer: false });
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
