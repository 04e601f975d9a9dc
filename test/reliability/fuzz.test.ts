/**
 * Every function under ≥ 2,000 malformed or hostile events: never a crash, always a stable error
 * code, and nothing written.
 */
import fc from 'fast-check';
import { openCollection } from '../../cloudfunctions/common/adapters/nedb';
import { checklistFunction } from '../../cloudfunctions/common/handlers/checklist';
import { citiesFunction } from '../../cloudfunctions/common/handlers/cities';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { qrcodeFunction } from '../../cloudfunctions/common/handlers/qrcode';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import { runHandler, type FunctionSpec } from '../../cloudfunctions/common/runtime/entry';
import { testDeps } from '../support/functions';
import { memoryDir } from '../support/stores';

const CODES = ['INVALID_INPUT', 'UNKNOWN_CITY', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAVAILABLE'];
const FIELDS = [
  'action',
  'situation',
  'id',
  'itemId',
  'shareToken',
  'done',
  'note',
  'enabled',
  'query',
  'code',
  'limit',
  'insuredCity',
  'careCity',
  'hospital',
  'Type',
  'userInfo',
  'openid',
  '__proto__',
  'constructor',
  'prototype',
];
const ACTIONS = [
  'create',
  'get',
  'toggle',
  'note',
  'join',
  'leave',
  'delete',
  'subscribe',
  'list',
  'search',
  'detail',
  '',
  'DROP',
  '$where',
];
const SITUATION_KEYS = [
  'insuredCity',
  'careCity',
  'scheme',
  'retired',
  'reason',
  'careType',
  'chronicDisease',
  'hospitalLevel',
  'stage',
  'treatmentDate',
  'coveredCost',
  'hasProof',
  'localRatio',
  '__proto__',
  'idNumber',
  'name',
];

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 5000 }),
  fc.constant('x'.repeat(70_000)),
  fc.constantFrom(
    null,
    undefined,
    NaN,
    Infinity,
    -1,
    0,
    1e308,
    '',
    ' ',
    '深圳',
    '440300',
    '2026-02-30',
    '{"$gt":""}',
    '../../etc/passwd',
  ),
  fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(1)' }, [1, 2, 3], { length: 1e9 }),
  fc.letrec((tie) => ({
    nested: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.constant(1), tie('nested')), {
      maxKeys: 3,
    }),
  })).nested,
);

const hostileEvent = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 6 }),
  fc
    .record({ action: fc.constantFrom(...ACTIONS) })
    .chain((base) =>
      fc
        .dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 })
        .map((extra) => ({ ...extra, ...base })),
    ),
  fc
    .dictionary(fc.constantFrom(...SITUATION_KEYS), hostileValue, { maxKeys: 10 })
    .chain((situation) => fc.constantFrom({ situation }, { action: 'create', situation })),
);

const SPECS: FunctionSpec<unknown, unknown>[] = [
  evaluateFunction,
  citiesFunction,
  checklistFunction,
  qrcodeFunction,
  remindersFunction,
] as FunctionSpec<unknown, unknown>[];

describe.each(SPECS.map((spec) => [spec.name, spec] as const))('%s under hostile input', (_name, spec) => {
  jest.setTimeout(120_000);

  it('always answers with a stable error code and writes nothing', async () => {
    const dir = memoryDir();
    const deps = await testDeps({ env: { DATA_DIR: dir, REMINDER_TEMPLATE_ID: '' } });
    const counts = async () =>
      Promise.all(
        ['checklists', 'outbox', 'policies'].map((name) => openCollection(dir, name).countAsync({})),
      );
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(
        hostileEvent,
        fc.constantFrom(null, 'someone', 'operator-1'),
        async (event, openid) => {
          const result = await runHandler(spec, deps, event, { openid });
          expect(typeof result.ok).toBe('boolean');
          if (result.ok) {
            // Only an event the schema accepts may succeed (after the entry drops WeChat's userInfo).
            const { userInfo: _ignored, ...body } = (event ?? {}) as Record<string, unknown>;
            expect(spec.schema.safeParse(body).success).toBe(true);
            return;
          }
          expect(CODES).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
          expect(result.error.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
    expect(await counts()).toEqual(before);
    // Prototype pollution did not reach plain objects.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'action')).toBe(false);
  });
});
