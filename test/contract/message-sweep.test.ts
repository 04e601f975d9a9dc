/**
 * Every answer a malformed event can get is plain Chinese: each field of each function's event
 * (and of the situation inside evaluate and checklist create) is left out, given a value of every
 * wrong type, too long, out of range, not among the choices, an impossible date, and joined by a
 * field nobody asked for; whole events of the wrong shape too. No message may carry an ASCII letter
 * (a field's code name, a type name, zod's English) or an internal number (a limit like
 * 9007199254740991): a retiree reads these.
 */
import type { z } from 'zod';
import {
  checklistFunction,
  checklistSchema,
  type ChecklistView,
} from '../../cloudfunctions/common/handlers/checklist';
import { citiesFunction, citiesSchema } from '../../cloudfunctions/common/handlers/cities';
import { evaluateFunction, evaluateSchema } from '../../cloudfunctions/common/handlers/evaluate';
import { qrcodeFunction, qrcodeSchema } from '../../cloudfunctions/common/handlers/qrcode';
import { remindersFunction, remindersSchema } from '../../cloudfunctions/common/handlers/reminders';
import { FIELD_LABELS, situationSchema } from '../../cloudfunctions/common/contract/situation';
import type { FunctionSpec } from '../../cloudfunctions/common/runtime/entry';
import { LABELS } from '../../cloudfunctions/common/runtime/validation';
import type { Result } from '../../typings/contract';
import { caller, data, testDeps, timer } from '../support/functions';

jest.setTimeout(120_000);

/** A situation with every optional field given. */
const SITUATION = {
  insuredCity: '深圳',
  careCity: '长沙',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'chronic',
  chronicDisease: 'diabetes',
  hospitalLevel: 3,
  stage: 'discharged_self_paid',
  treatmentDate: '2026-11-01',
  coveredCost: 20000,
  hasProof: true,
  localRatio: 0.8,
};

/** Values of every kind a field may wrongly get: wrong types, extremes, lengths, formats, choices. */
const BAD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1001,
  1e20,
  -1e20,
  Number.MAX_SAFE_INTEGER + 2,
  NaN,
  Infinity,
  '',
  '   ',
  'x',
  'not-a-choice',
  '１２３',
  '深证',
  '9999',
  '2026-02-30',
  '2026-2-3',
  '9999-12-31',
  '0000-01-01',
  '2026-11-23',
  'x'.repeat(300),
  '长'.repeat(5000),
  '13812345678',
  '文件\u202Efdp',
  [],
  ['x'],
  {},
  { nested: 1 },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each target's own input type
type AnySpec = FunctionSpec<any, unknown>;
interface Target {
  name: string;
  spec: AnySpec;
  /** A valid event; each of its fields is broken in turn. */
  event: Record<string, unknown>;
  openid: string | null;
  byTimer?: boolean;
  /** The path of a nested object whose fields are broken too. */
  nested?: string;
}

/** Every field of every variant of a function's event schema. */
function fieldsOf(schema: z.ZodType): string[][] {
  const def = (
    schema as unknown as { _zod: { def: { options?: z.ZodType[]; shape?: Record<string, unknown> } } }
  )._zod.def;
  if (def.options) return def.options.flatMap(fieldsOf);
  return [Object.keys(def.shape ?? {})];
}

const messageProblems = (message: string): string[] => [
  ...(/[A-Za-z]/.test(message) ? ['an ASCII letter'] : []),
  ...(/\d{6,}/.test(message) ? ['an internal number'] : []),
  ...(/\p{Script=Han}/u.test(message) ? [] : ['no Chinese']),
];

describe('every message of a malformed event', () => {
  it('names each field of each event schema in words', () => {
    const unnamed = [evaluateSchema, checklistSchema, citiesSchema, qrcodeSchema, remindersSchema]
      .flatMap((schema) => fieldsOf(schema as z.ZodType).flat())
      .filter((field) => !LABELS[field]);
    expect(unnamed).toEqual([]);
    expect(
      fieldsOf(situationSchema as z.ZodType)
        .flat()
        .filter((field) => !FIELD_LABELS[field]),
    ).toEqual([]);
  });

  it('is Chinese without English or internal numbers, for every field broken every way', async () => {
    const deps = await testDeps({ env: { WRITES_PER_MINUTE: '0' } });
    const call = caller(deps);
    const list = data(
      await call(checklistFunction, { action: 'create', situation: SITUATION }, 'parent'),
    ) as ChecklistView;
    const id = list.id;
    const itemId = list.items[0].id;
    const checklistEvents: Record<string, unknown>[] = [
      { action: 'create', situation: SITUATION },
      { action: 'get', id },
      { action: 'version', id },
      { action: 'list', cursor: 'W10', limit: 5 },
      { action: 'toggle', id, itemId: 'file', done: true, filedOn: '2026-11-20' },
      { action: 'note', id, itemId, note: '原件在抽屉里', previous: '' },
      { action: 'join', id, shareToken: list.shareToken! },
      { action: 'subscribe', id, enabled: true },
      { action: 'removeMember', id, member: 1 },
      { action: 'rotateToken', id },
      { action: 'reshare', id, allow: true },
      { action: 'code', id },
      { action: 'leave', id },
      { action: 'delete', id },
    ];
    const targets: Target[] = [
      {
        name: 'evaluate',
        spec: evaluateFunction,
        event: { situation: SITUATION },
        openid: null,
        nested: 'situation',
      },
      ...checklistEvents.map((event) => ({
        name: `checklist ${event.action}`,
        spec: checklistFunction,
        event,
        openid: 'parent',
        ...(event.action === 'create' ? { nested: 'situation' } : {}),
      })),
      { name: 'cities list', spec: citiesFunction, event: { action: 'list' }, openid: null },
      {
        name: 'cities search',
        spec: citiesFunction,
        event: { action: 'search', query: '西安', limit: 5 },
        openid: null,
      },
      {
        name: 'cities detail',
        spec: citiesFunction,
        event: { action: 'detail', code: '610100' },
        openid: null,
      },
      {
        name: 'qrcode create',
        spec: qrcodeFunction,
        event: { action: 'create', insuredCity: '440300', careCity: '430100', hospital: 'h1' },
        openid: 'not-an-operator', // refused after validation: no code image is made for a valid event
      },
      {
        name: 'reminders',
        spec: remindersFunction,
        event: { Type: 'Timer', TriggerName: 'daily', Time: '2026-11-22T01:00:00Z', Message: '' },
        openid: null,
        byTimer: true,
      },
    ];
    // Every variant of every schema has a target.
    const covered = new Set(targets.map((t) => `${t.spec.name}:${String(t.event.action ?? '')}`));
    for (const [spec, schema] of [
      [checklistFunction, checklistSchema],
      [citiesFunction, citiesSchema],
    ] as const)
      for (const option of (schema as unknown as { options: { shape: { action: { value: string } } }[] })
        .options)
        expect(covered).toContain(`${spec.name}:${option.shape.action.value}`);

    const run = (target: Target, event: unknown): Promise<Result<unknown>> =>
      target.byTimer ? timer(deps)(target.spec, event) : call(target.spec, event, target.openid);
    const broken = (event: Record<string, unknown>): unknown[] => [
      ...Object.keys(event).flatMap((key) => {
        const { [key]: _left, ...without } = event;
        return [without, ...BAD_VALUES.map((value) => ({ ...event, [key]: value }))];
      }),
      { ...event, unexpected: 1 },
      { ...event, idNumber: '110101199003071234' },
    ];

    const found: string[] = [];
    const messages = new Set<string>();
    let events = 0;
    for (const target of targets) {
      const variants = [
        ...broken(target.event),
        ...(target.nested
          ? broken(target.event[target.nested] as Record<string, unknown>).map((inner) => ({
              ...target.event,
              [target.nested!]: inner,
            }))
          : []),
        null,
        [],
        'x',
        5,
        {},
        { ...target.event, padding: '长'.repeat(70_000) },
      ];
      for (const event of variants) {
        events++;
        const result = await run(target, event);
        if (result.ok) continue;
        messages.add(result.error.message);
        const problems = messageProblems(result.error.message);
        if (problems.length)
          found.push(
            `${target.name} ${JSON.stringify(event).slice(0, 120)} → "${result.error.message}" (${problems.join(', ')})`,
          );
      }
    }
    if (process.env.SWEEP_REPORT)
      console.log(
        `${events} malformed events, ${messages.size} distinct messages:\n${[...messages].join('\n')}`,
      );
    expect(found).toEqual([]);
    expect(events).toBeGreaterThan(2000);
    expect(messages.size).toBeGreaterThan(40);
  });
});
