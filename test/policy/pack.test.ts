import { evaluateRequest } from '../../cloudfunctions/common/engine';
import { readPackInput } from '../../cloudfunctions/common/policy/files';
import { buildPack, PolicyDataError, type PackInput } from '../../cloudfunctions/common/policy/pack';
import { realPack } from '../support/policy';

function input(): PackInput {
  return structuredClone(readPackInput());
}

type RawLayer = {
  layer: string;
  code: string;
  params: Record<string, { from: string; value: unknown; source: string }[]>;
};
const layerOf = (raw: PackInput, code: string) => (raw.layers as RawLayer[]).find((l) => l.code === code)!;

describe('loading the policy data', () => {
  it('loads the real data without problems, with national and city layers', () => {
    const pack = realPack();
    expect(pack.national.layer).toBe('national');
    expect(Object.keys(pack.cities).length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(pack.places)).toHaveLength(337);
    expect(pack.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps grade C values out as leads, so the engine cannot use them', () => {
    const { pack, leads } = buildPack(input());
    expect(leads).toContainEqual(
      expect.objectContaining({ param: 'reimbursement.localRatios', grade: 'C', source: 'foshan-2023-copy' }),
    );
    expect(pack.cities['440600'].params['reimbursement.localRatios']).toBeUndefined();
    // 佛山 三甲 stay: the lead says 85%, but no in-city ratio may reach the verdict.
    const result = evaluateRequest(
      {
        insuredCity: '佛山',
        careCity: '长沙',
        scheme: 'employee',
        reason: 'temporary',
        careType: 'inpatient',
        hospitalLevel: 3,
        stage: 'planning',
        treatmentDate: '2026-12-01',
      },
      pack,
      '2026-11-22',
    );
    expect(result.ok && result.data.reimbursement.localRatio).toBeUndefined();
    expect(result.ok && result.data.reimbursement.ratio).toBeUndefined();
  });

  it('drops a list item whose own source is a lead, and keeps the rest', () => {
    const raw = input();
    const notices = layerOf(raw, '000000').params.notices;
    const latest = notices[notices.length - 1].value as { code: string; source?: string }[];
    latest[0].source = 'kunming-guide-c';
    const { pack, leads } = buildPack(raw);
    const kept = pack.national.params.notices!.at(-1)!.value!.map((n) => n.code);
    expect(kept).not.toContain(latest[0].code);
    expect(kept.length).toBe(latest.length - 1);
    expect(leads).toContainEqual(expect.objectContaining({ source: 'kunming-guide-c', param: 'notices[0]' }));
  });

  it('refuses a value that names an unknown source', () => {
    const raw = input();
    layerOf(raw, '440300').params['reimbursement.adjustments'][0].source = 'no-such-source';
    expect(() => buildPack(raw)).toThrow(/unknown source "no-such-source"/);
  });

  it('refuses dated values out of order', () => {
    const raw = input();
    const values = layerOf(raw, '000000').params.notices;
    values.reverse();
    expect(() => buildPack(raw)).toThrow(PolicyDataError);
  });

  it('refuses a ratio written as a percentage', () => {
    const raw = input();
    const rules = layerOf(raw, '440300').params['reimbursement.adjustments'][0].value as { value?: number }[];
    rules[3].value = 80;
    expect(() => buildPack(raw)).toThrow(/layers\[\d+\]: params\.reimbursement\.adjustments/);
  });

  it('refuses a city layer for a code that is not a city', () => {
    const raw = input();
    layerOf(raw, '440300').code = '440399';
    expect(() => buildPack(raw)).toThrow(/no such city/);
  });

  it('lists every problem at once', () => {
    const raw = input();
    layerOf(raw, '440300').params['reimbursement.adjustments'][0].source = 'missing-a';
    layerOf(raw, '371300').params['reimbursement.adjustments'][0].source = 'missing-b';
    try {
      buildPack(raw);
      throw new Error('expected PolicyDataError');
    } catch (error) {
      expect((error as PolicyDataError).problems).toHaveLength(2);
    }
  });
});
