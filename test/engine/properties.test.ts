/**
 * Properties that must hold for every valid situation, checked on random ones over the real data.
 */
import fc from 'fast-check';
import dayjs from 'dayjs';
import { evaluateRequest } from '../../cloudfunctions/common/engine';
import type { Provenance, Range, Situation, Verdict } from '../../typings/contract';
import {
  CARE_TYPES,
  CHRONIC_DISEASES,
  REASONS,
  STAGES,
} from '../../cloudfunctions/common/contract/vocabulary';
import { realPack } from '../support/policy';
import { treatmentWindow } from '../../cloudfunctions/common/contract/situation';
import { governs } from '../../cloudfunctions/common/policy/resolve';

const pack = realPack();
const AS_OF = '2026-11-22';
const allCodes = Object.keys(pack.places);
const dataCities = Object.keys(pack.cities);
// Cities with data, their neighbours in the same province, and any other place.
const cityCode = fc.oneof(
  fc.constantFrom(...dataCities),
  fc.constantFrom(...allCodes.filter((c) => dataCities.some((d) => d.slice(0, 2) === c.slice(0, 2)))),
  fc.constantFrom(...allCodes),
);
// Every treatment date the window around AS_OF allows, from before the first dated rules on.
const { latest } = treatmentWindow(AS_OF);
const isoDate = fc
  .integer({ min: 0, max: dayjs(latest).diff('2022-06-01', 'day') })
  .map((d) => dayjs('2022-06-01').add(d, 'day').format('YYYY-MM-DD'));

const situation: fc.Arbitrary<Situation> = fc
  .record({
    insuredCity: cityCode,
    careCity: cityCode,
    scheme: fc.constantFrom('employee', 'resident'),
    retired: fc.boolean(),
    reason: fc.constantFrom(...REASONS),
    careType: fc.constantFrom(...CARE_TYPES),
    chronicDisease: fc.constantFrom(...CHRONIC_DISEASES),
    hospitalLevel: fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
    stage: fc.constantFrom(...STAGES),
    treatmentDate: isoDate,
    coveredCost: fc.option(fc.double({ min: 0, max: 1_000_000, noNaN: true }), { nil: undefined }),
    hasProof: fc.option(fc.boolean(), { nil: undefined }),
    localRatio: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map((s) => {
    const retired = s.scheme === 'employee' && s.retired;
    const reason = s.reason === 'retiree_relocation' && !retired ? 'long_term_residence' : s.reason;
    const { chronicDisease, ...rest } = s;
    const out: Situation = {
      ...rest,
      retired,
      reason,
      // Only a stay in hospital has an "admitted, not yet filed" stage.
      stage: s.stage === 'admitted_unfiled' && s.careType !== 'inpatient' ? 'discharged_self_paid' : s.stage,
      // Care that has begun began on a day that has come.
      treatmentDate: s.stage !== 'planning' && s.treatmentDate > AS_OF ? AS_OF : s.treatmentDate,
      ...(s.careType === 'chronic' ? { chronicDisease } : {}),
    };
    for (const key of Object.keys(out) as (keyof Situation)[]) if (out[key] === undefined) delete out[key];
    return out;
  });

function verdictOf(s: Situation): Verdict {
  const result = evaluateRequest(s, pack, AS_OF);
  if (!result.ok)
    throw new Error(`valid situation refused: ${JSON.stringify(result.error)} for ${JSON.stringify(s)}`);
  return result.data;
}

const inUnit = (x: number | undefined) => x === undefined || (x >= 0 && x <= 1);
const rangeOk = (r: Range | undefined) => !r || (inUnit(r.min) && inUnit(r.max) && r.min <= r.max);

describe('engine properties over random valid situations', () => {
  it('never throws and always gives a verdict', () => {
    fc.assert(
      fc.property(situation, (s) => void verdictOf(s)),
      { numRuns: 2000 },
    );
  });

  it('keeps every ratio, share and cut within [0, 1]', () => {
    fc.assert(
      fc.property(situation, (s) => {
        const { reimbursement: r } = verdictOf(s);
        expect(rangeOk(r.ratio)).toBe(true);
        expect(rangeOk(r.localRatio)).toBe(true);
        if (r.adjustment) {
          expect(inUnit(r.adjustment.value)).toBe(true);
          expect(inUnit(r.adjustment.min)).toBe(true);
          expect(inUnit(r.adjustment.max)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never estimates more than the covered cost, nor less than nothing', () => {
    fc.assert(
      fc.property(situation, (s) => {
        const { estimate } = verdictOf(s).reimbursement;
        if (!estimate) return;
        expect(estimate.min).toBeGreaterThanOrEqual(0);
        expect(estimate.min).toBeLessThanOrEqual(estimate.max);
        expect(estimate.max).toBeLessThanOrEqual(s.coveredCost!);
      }),
      { numRuns: 2000 },
    );
  });

  it('never makes an unfiled temporary trip better than a filed one, nor than the in-city ratio', () => {
    // The same trip planned and already paid for: so on a day that has come.
    const temporaryTrip = situation.map(
      (s) =>
        ({
          ...s,
          reason: s.reason === 'referral' ? 'referral' : 'temporary',
          treatmentDate: s.treatmentDate! > AS_OF ? AS_OF : s.treatmentDate,
        }) as Situation,
    );
    fc.assert(
      fc.property(temporaryTrip, (s) => {
        const filed = verdictOf({ ...s, stage: 'planning' });
        const unfiled = verdictOf({ ...s, stage: 'discharged_self_paid' });
        if (!unfiled.filing.required) return; // exempt or deemed filed: nothing was left undone
        const a = filed.reimbursement.ratio;
        const b = unfiled.reimbursement.ratio;
        if (b) {
          // Bounded by the filed ratio where it is known, else by the in-city ratio itself.
          const bound = a ?? unfiled.reimbursement.localRatio ?? filed.reimbursement.localRatio;
          expect(bound).toBeDefined();
          expect(b.max).toBeLessThanOrEqual(bound!.max);
          expect(b.min).toBeLessThanOrEqual(bound!.min);
        }
        if (unfiled.reimbursement.status === 'exact') expect(filed.reimbursement.status).not.toBe('verify');
      }),
      { numRuns: 1500 },
    );
  });

  it('cites only grade A and B sources, and lists every source a figure names', () => {
    fc.assert(
      fc.property(situation, (s) => {
        const v = verdictOf(s);
        const listed = new Set(v.sources.map((src) => src.id));
        for (const src of v.sources) expect(['A', 'B']).toContain(src.grade);
        const provenances: Provenance[] = [
          v.filing.provenance,
          v.settlementDetail.provenance,
          ...v.documents.map((d) => d.provenance),
          ...v.channels.map((c) => c.provenance),
          ...(v.validity ? [v.validity.provenance] : []),
          ...(v.reimbursement.adjustment ? [v.reimbursement.adjustment.provenance] : []),
        ];
        for (const p of provenances) for (const id of p.sourceIds) expect(listed.has(id)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  // 22号 governs 跨省 trips; a trip inside a province follows that province's rules. From the national
  // layer, an in-province verdict may cite only the sources of values that govern in-province trips.
  it('answers an in-province trip without 跨省 wording or a national source that governs only 跨省', () => {
    const nationalForIntra = new Set(
      Object.values(pack.national.params).flatMap((values) =>
        (values ?? []).filter((v) => governs(v, pack.national, 'intra_province')).map((v) => v.source),
      ),
    );
    const sameProvince = (code: string) =>
      allCodes.filter((c) => c !== code && c.slice(0, 2) === code.slice(0, 2));
    const withNeighbours = allCodes.filter((c) => sameProvince(c).length > 0);
    const inProvince = fc
      .tuple(situation, fc.constantFrom(...withNeighbours), fc.nat())
      .map(([s, insuredCity, pick]) => {
        const others = sameProvince(insuredCity);
        return { ...s, insuredCity, careCity: others[pick % others.length] };
      });
    fc.assert(
      fc.property(inProvince, (s) => {
        const v = verdictOf(s);
        expect(v.scope).toBe('intra_province');
        // Source titles and quoted sentences may name 跨省; what the person reads may not, except a
        // channel that takes both kinds of filing (西安's 个人网厅: 省内、跨省都可以办).
        const shown = JSON.stringify(v, (key, value) =>
          ['sources', 'quote'].includes(key) ? undefined : value,
        ).replace(/省内、跨省都可以办/g, '');
        expect(shown).not.toContain('跨省');
        for (const src of v.sources)
          if (pack.sources[src.id]?.scope?.level === 'national') expect(nationalForIntra).toContain(src.id);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1500) },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(situation, (s) => {
        expect(verdictOf(s)).toEqual(verdictOf(structuredClone(s)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('evaluateRequest on arbitrary input', () => {
  it('never throws: anything that is not a valid situation gets a stable error code', () => {
    const junk = fc.oneof(
      fc.anything(),
      fc.dictionary(
        fc.constantFrom(
          'insuredCity',
          'careCity',
          'scheme',
          'reason',
          'careType',
          'stage',
          '__proto__',
          'constructor',
        ),
        fc.anything(),
      ),
    );
    fc.assert(
      fc.property(junk, (raw) => {
        const result = evaluateRequest(raw, pack, AS_OF);
        if (!result.ok) {
          expect(['INVALID_INPUT', 'UNKNOWN_CITY']).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
