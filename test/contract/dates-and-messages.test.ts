/**
 * Dates in range and messages that fit: treatment dates within a window around today, dates always
 * written with four-digit years, Chinese messages for impossible dates, and "类型不对" for a value of
 * the wrong type, distinct from "请填写" for a missing one.
 */
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  isIsoDate,
  lastDayOfDays,
  lastDayOfMonths,
} from '../../cloudfunctions/common/contract/dates';
import { checkSituation, treatmentWindow } from '../../cloudfunctions/common/contract/situation';
import { checklistFunction } from '../../cloudfunctions/common/handlers/checklist';
import { citiesFunction } from '../../cloudfunctions/common/handlers/cities';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { caller, testDeps } from '../support/functions';
import { realPack } from '../support/policy';

const places = realPack().places;
const TODAY = '2026-11-22'; // testDeps' clock, in China
const situation = SHENZHEN_TO_CHANGSHA;
const check = (extra: Record<string, unknown>) => checkSituation({ ...situation, ...extra }, places, TODAY);

describe('date arithmetic', () => {
  it('writes a validity that runs past year 9999 with four digits, never "999-11-29"', () => {
    expect(lastDayOfMonths('9999-07-01', 6)).toBe('9999-12-30');
    expect(addDays('9999-12-31', 1)).toBe('9999-12-31');
    expect(addDays('0000-01-01', -1)).toBe('0000-01-01');
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
  });

  it('always gives a real YYYY-MM-DD date, never before the start for a forward period', () => {
    const day = fc.integer({ min: 0, max: 3_652_058 }).map((n) => addDays('0000-01-01', n));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 1, max: 3650 }),
        (from, months, days) => {
          for (const d of [
            addMonths(from, months),
            lastDayOfMonths(from, months),
            lastDayOfDays(from, days),
          ]) {
            expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(isIsoDate(d)).toBe(true);
            expect(d >= from).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('treatment dates', () => {
  const { earliest, latest } = treatmentWindow(TODAY);

  it('spans five years back and one year ahead of today', () => {
    expect({ earliest, latest }).toEqual({ earliest: '2021-11-22', latest: '2027-11-22' });
  });

  it.each(['0000-01-01', '1900-01-01', '9999-12-31', '2021-11-21', '2027-11-23'])(
    'refuses %s, saying what range is allowed',
    (treatmentDate) => {
      expect(check({ treatmentDate })).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          field: 'treatmentDate',
          message: '就医日期不能早于5年前（2021-11-22），也不能晚于1年后（2027-11-22）',
        },
      });
    },
  );

  it.each([earliest, latest, TODAY])('accepts %s', (treatmentDate) => {
    expect(check({ treatmentDate })).toMatchObject({ ok: true, data: { treatmentDate } });
  });

  it.each(['admitted_unfiled', 'discharged_self_paid'])(
    'refuses a day still to come for care that has begun (%s), and accepts today',
    (stage) => {
      expect(check({ stage, treatmentDate: '2026-11-23' })).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          field: 'treatmentDate',
          message: '已经住院或看过病的，就医日期不能晚于今天（2026-11-22）',
        },
      });
      expect(check({ stage, treatmentDate: TODAY })).toMatchObject({ ok: true });
      expect(check({ stage: 'planning', treatmentDate: '2027-05-01' })).toMatchObject({ ok: true });
    },
  );

  it('answers an impossible date and a wrongly written one in Chinese', () => {
    expect(check({ treatmentDate: '2026-02-30' })).toMatchObject({
      ok: false,
      error: { field: 'treatmentDate', message: '就医日期 2026-02-30 不存在，请检查月份和日期' },
    });
    expect(check({ treatmentDate: '2026-2-3' })).toMatchObject({
      ok: false,
      error: { field: 'treatmentDate', message: '就医日期的格式应如 2026-05-01' },
    });
  });

  it('is refused by evaluate and by checklist create alike, with nothing stored', async () => {
    const deps = await testDeps();
    const call = caller(deps);
    const event = { situation: { ...situation, treatmentDate: '9999-07-01' } };
    expect(await call(evaluateFunction, event)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'treatmentDate' },
    });
    expect(await call(checklistFunction, { action: 'create', ...event }, 'parent')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'treatmentDate' },
    });
  });
});

// A value of every wrong JSON type for each field's expected type.
const WRONG_VALUES: Record<string, unknown[]> = {
  boolean: ['true', 1, 0, null, [], {}],
  number: ['100', true, null, [], {}],
  string: [1, true, null, [], {}],
};

describe('a value of the wrong type is not "missing"', () => {
  const fields: [string, 'boolean' | 'number' | 'string', string][] = [
    ['retired', 'boolean', '是否退休'],
    ['hasProof', 'boolean', '是否有证明材料'],
    ['coveredCost', 'number', '政策范围内费用'],
    ['localRatio', 'number', '参保地本地报销比例'],
    ['insuredCity', 'string', '参保地'],
    ['treatmentDate', 'string', '就医日期'],
    ['scheme', 'string', '参保类型'],
    ['stage', 'string', '目前进展'],
  ];
  const TYPE_NAMES = { boolean: '“是”或“否”', number: '数字', string: '文字' };

  it.each(fields)('%s: every wrong type says 类型不对 and what it should be', (field, type, label) => {
    for (const value of WRONG_VALUES[type]) {
      const result = check({ [field]: value });
      expect(result).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', field, message: `${label}的类型不对，应为${TYPE_NAMES[type]}` },
      });
    }
  });

  it('a missing required field still says 请填写', () => {
    const { stage: _stage, ...withoutStage } = situation;
    expect(checkSituation(withoutStage, places, TODAY)).toMatchObject({
      ok: false,
      error: { field: 'stage', message: '请填写目前进展' },
    });
  });

  it('in function events too: done "true", enabled 1, limit "5", query 5', async () => {
    const call = caller(await testDeps());
    const id = 'aaaaaaaaaaaa';
    expect(
      await call(checklistFunction, { action: 'toggle', id, itemId: 'x', done: 'true' }, 'p'),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        field: 'done',
        message: '完成状态的类型不对，应为“是”或“否”',
      },
    });
    expect(await call(checklistFunction, { action: 'subscribe', id, enabled: 1 }, 'p')).toMatchObject({
      ok: false,
      error: { field: 'enabled', message: '提醒开关的类型不对，应为“是”或“否”' },
    });
    expect(await call(checklistFunction, { action: 'toggle', id, itemId: 'x' }, 'p')).toMatchObject({
      ok: false,
      error: { field: 'done', message: '请填写完成状态' },
    });
    expect(await call(citiesFunction, { action: 'search', query: '西安', limit: '5' })).toMatchObject({
      ok: false,
      error: { field: 'limit', message: '数量的类型不对，应为数字' },
    });
    expect(await call(citiesFunction, { action: 'search', query: 5 })).toMatchObject({
      ok: false,
      error: { field: 'query', message: '搜索内容的类型不对，应为文字' },
    });
    expect(await call(citiesFunction, {})).toMatchObject({ ok: false, error: { message: '请填写操作' } });
    expect(await call(citiesFunction, { action: 'nope' })).toMatchObject({
      ok: false,
      error: { message: '不支持的操作' },
    });
  });

  it('never answers 请填写 for a value that is present, over generated events', () => {
    const present = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer()),
      fc.object(),
    );
    const keys = [
      'retired',
      'hasProof',
      'coveredCost',
      'localRatio',
      'insuredCity',
      'careCity',
      'scheme',
      'reason',
      'careType',
      'stage',
      'treatmentDate',
      'hospitalLevel',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...keys), present, (key, value) => {
        const result = check({ [key]: value });
        const blank = typeof value === 'string' && !value.trim();
        if (!result.ok && result.error.field === key && !blank)
          expect(result.error.message).not.toMatch(/^请填写/);
      }),
      { numRuns: 2000 },
    );
  });
});
