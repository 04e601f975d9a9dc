/**
 * `npm run deploy` against a stand-in for the Tencent Cloud management API (test/support/
 * management-fake.ts): the real @cloudbase/manager-node signs and sends every request, and only
 * node-fetch is replaced, delivering them to the fake. What a deploy must never do to a live
 * environment: overwrite a variable it has no value for, take a failed read for a missing function,
 * change a runtime in place, write anything before it knows it can finish, or stop short of Active.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NedbPolicyStore } from '../../cloudfunctions/common/adapters/nedb';
import { cloudRuntime } from '../../scripts/build-functions';
import { buildDeployArtifacts, functionSettings, type DeploySummary } from '../../scripts/deploy/artifacts';
import { DeployRefused, deployToCloudbase } from '../../scripts/deploy/cloudbase';
import { FALLBACK_RUNTIME } from '../../scripts/deploy/plan';
import { fetchInto, ManagementFake, type FakeOptions } from '../support/management-fake';
import { realPack } from '../support/policy';
import { memoryDir } from '../support/stores';

jest.mock('node-fetch', () => jest.fn());
jest.setTimeout(120_000);

const fakes = new Map<string, ManagementFake>();
beforeAll(() => {
  (jest.requireMock('node-fetch') as jest.Mock).mockImplementation(fetchInto(fakes));
  jest.spyOn(console, 'log').mockImplementation(() => undefined); // manager-node's progress lines
});
afterAll(() => jest.restoreAllMocks());

let built: DeploySummary;
let summary: DeploySummary;
beforeAll(async () => {
  built = await buildDeployArtifacts({ PATH: process.env.PATH }, mkdtempSync(join(tmpdir(), 'yidi-deploy-')));
  // Two functions are enough to see every rule: one with a timer, both with variables.
  summary = { ...built, functions: built.functions.filter((f) => ['qrcode', 'reminders'].includes(f.name)) };
});

const RUNTIME = () => cloudRuntime().runtime;
const ALL_SET = { QR_OPERATORS: 'o-operator', REMINDER_TEMPLATE_ID: 'tmpl-1' };
let seq = 0;

/** A fresh environment behind the fake, and a deploy into it. */
function environment(options: FakeOptions = {}) {
  const secretId = `AKIDfake${++seq}`;
  const fake = new ManagementFake(`env-${seq}`, options);
  fakes.set(secretId, fake);
  const lines: string[] = [];
  const policyStore = new NedbPolicyStore(memoryDir());
  const deploy = (values: Record<string, string | undefined>, extra: { dryRun?: boolean } = {}) =>
    deployToCloudbase(
      summary,
      functionSettings(values),
      { envId: fake.envId, secretId, secretKey: 'fake-key' },
      (line) => lines.push(line),
      { policyStore, pollMs: 5, ...extra },
    );
  return { fake, lines, policyStore, deploy };
}

/** A live environment where both functions were deployed before, with their variables set. */
function liveEnvironment(options: FakeOptions = {}) {
  const env = environment(options);
  env.fake.addFunction('qrcode', {
    Runtime: RUNTIME(),
    env: { QR_OPERATORS: 'o-live', QR_PAGE: 'pages/home/index', TZ: 'Asia/Shanghai' },
  });
  env.fake.addFunction('reminders', {
    Runtime: RUNTIME(),
    env: { REMINDER_TEMPLATE_ID: 'tmpl-live', REMINDER_DAYS_BEFORE: '7' },
    Triggers: [{ TriggerName: 'daily-9am', Type: 'timer', TriggerDesc: '{"cron":"0 0 9 * * * *"}' }],
  });
  return env;
}

describe('a first deploy to an empty environment', () => {
  it('creates the functions on the declared runtime, their timer (retrying as manager-node does), who may invoke them, the collections, rules, indexes and policy data', async () => {
    const { fake, deploy, policyStore } = environment({ failTriggerCreates: 1, settleAfterPolls: 2 });
    await deploy(ALL_SET);
    expect(fake.writes[0]).toBe('CreateFunction');
    for (const name of ['qrcode', 'reminders']) {
      expect(fake.functions.get(name)).toMatchObject({ Runtime: RUNTIME(), Status: 'Active' });
      expect(fake.functions.get(name)!.ZipBytes).toBeGreaterThan(0);
    }
    expect(fake.env('qrcode')).toEqual({ QR_OPERATORS: 'o-operator', QR_PAGE: 'pages/home/index' });
    expect(fake.env('reminders')).toEqual({ REMINDER_TEMPLATE_ID: 'tmpl-1', REMINDER_DAYS_BEFORE: '7' });
    expect(fake.functions.get('reminders')!.Triggers).toEqual([
      { TriggerName: 'daily-9am', Type: 'timer', TriggerDesc: '0 0 9 * * * *' },
    ]);
    expect(fake.writes.filter((w) => w === 'BatchCreateTrigger')).toHaveLength(2); // one failure, one retry
    expect(JSON.parse(fake.functionRule!)).toEqual({
      '*': { invoke: 'auth != null' },
      reminders: { invoke: false },
      watch: { invoke: false },
    });
    expect([...fake.collections.keys()].sort()).toEqual(['checklists', 'policies', 'watch']);
    expect(JSON.parse(fake.collections.get('checklists')!.rule!)).toEqual({ read: false, write: false });
    expect(fake.collections.get('checklists')!.indexes.map((i) => i.Name)).toEqual([
      '_id_',
      'owner_newest',
      'member_newest',
      'reminder_due',
      'idle',
    ]);
    expect(fake.collections.get('checklists')!.indexes[1].Keys).toEqual([
      { Name: '_openid', Direction: '1' },
      { Name: 'createdAt', Direction: '-1' },
    ]);
    expect(fake.collections.get('policies')!.indexes.map((i) => i.Name)).toEqual(['_id_', 'key']);
    expect(await policyStore.activeVersion()).toBe(realPack().version);

    // Again: the same environment, updated in place; nothing is created twice.
    fake.calls.length = 0;
    await deploy(ALL_SET);
    expect(fake.writes).not.toContain('CreateFunction');
    expect(fake.writes).not.toContain('BatchCreateTrigger');
    expect(fake.writes).not.toContain('CreateTable');
    expect(fake.writes).not.toContain('UpdateTable');
    expect(fake.writes.filter((w) => w === 'UpdateFunctionCode')).toHaveLength(2);
  });

  it('refuses, before writing anything, when a variable has no value and there is no live one to keep', async () => {
    const { fake, deploy } = environment();
    const refusal = deploy({ QR_OPERATORS: 'o-operator' }); // no template id
    await expect(refusal).rejects.toThrow(DeployRefused);
    await expect(refusal).rejects.toThrow(
      /reminders: REMINDER_TEMPLATE_ID has no value here and the function does not exist yet/,
    );
    expect(fake.writes).toEqual([]);
  });

  it('stops at the first create when the environment refuses the runtime, naming the fallback', async () => {
    const { fake, deploy } = environment({ acceptedRuntimes: [FALLBACK_RUNTIME] });
    await expect(deploy(ALL_SET)).rejects.toThrow(
      new RegExp(`refused to create qrcode on ${RUNTIME()} .*set "runtime": "${FALLBACK_RUNTIME}"`),
    );
    expect(fake.writes).toEqual(['CreateFunction']);
  });
});

describe('a deploy over a live environment', () => {
  it('keeps the live value of every variable unset here, and variables set in the console', async () => {
    const { fake, deploy, lines } = liveEnvironment({ settleAfterPolls: 3 });
    await deploy({}); // neither QR_OPERATORS nor a template id in this shell
    expect(fake.env('qrcode')).toEqual({
      QR_OPERATORS: 'o-live',
      QR_PAGE: 'pages/home/index',
      TZ: 'Asia/Shanghai',
    });
    expect(fake.env('reminders')).toEqual({ REMINDER_TEMPLATE_ID: 'tmpl-live', REMINDER_DAYS_BEFORE: '7' });
    expect(lines.join('\n')).toMatch(
      /qrcode: update; keeps the live QR_OPERATORS; keeps TZ set in the console/,
    );
    // The timer exists with the same schedule: left alone.
    expect(fake.writes).not.toContain('BatchCreateTrigger');
    expect(fake.writes).not.toContain('DeleteTrigger');
  });

  it('in a dry run reads the live functions, says which values it keeps, and writes nothing', async () => {
    const { fake, deploy } = liveEnvironment();
    const plan = await deploy({}, { dryRun: true });
    expect(plan.functions.map((f) => [f.name, f.action, f.kept])).toEqual([
      ['qrcode', 'update', ['QR_OPERATORS']],
      ['reminders', 'update', ['REMINDER_TEMPLATE_ID']],
    ]);
    expect(fake.writes).toEqual([]);
  });

  it('replaces a timer whose schedule changed', async () => {
    const { fake, deploy } = liveEnvironment();
    fake.functions.get('reminders')!.Triggers[0].TriggerDesc = '0 0 8 * * * *';
    await deploy(ALL_SET);
    expect(fake.writes.filter((w) => /Trigger/.test(w))).toEqual(['DeleteTrigger', 'BatchCreateTrigger']);
    expect(fake.functions.get('reminders')!.Triggers[0].TriggerDesc).toBe('0 0 9 * * * *');
  });

  it('refuses to change a runtime in place: delete and recreate', async () => {
    const { fake, deploy } = liveEnvironment();
    fake.functions.get('qrcode')!.Runtime = 'Nodejs18.15';
    await expect(deploy(ALL_SET)).rejects.toThrow(
      new RegExp(
        `qrcode: the live function runs Nodejs18.15 but cloudbaserc.json names ${RUNTIME()}.*delete and recreate`,
      ),
    );
    expect(fake.writes).toEqual([]);
  });

  it('takes only ResourceNotFound for a missing function: any other failure to read stops it', async () => {
    const { fake, deploy } = liveEnvironment({
      readError: { Code: 'AuthFailure.UnauthorizedOperation', Message: '请求未授权' },
    });
    await expect(deploy(ALL_SET)).rejects.toThrow(
      /could not read function qrcode \(AuthFailure.UnauthorizedOperation: .*nothing was changed/,
    );
    expect(fake.writes).toEqual([]);
  });

  it('stops when a function ends an update failed, naming the reason, before going on', async () => {
    const { fake, deploy } = liveEnvironment({ configUpdateFails: true });
    await expect(deploy(ALL_SET)).rejects.toThrow(
      /function qrcode is UpdateFailed: \[InternalError\] update failed/,
    );
    expect(fake.writes).not.toContain('ModifyResourcePermission');
  });
});
