/**
 * Runs every case file in ./cases (OpenFisca style: name / input / expected) against the engine
 * with the real policy data. `expected` is matched as a subset of the verdict, plus a few list
 * checks that read better as ids: warningCodes (must be present), absentWarningCodes,
 * documentIds and planIds (exact, in order), channelIds and sourceIds (must be present),
 * absentSourceIds, optionReasons (exact, in order) and warningsContain (code and message).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { evaluateRequest } from '../../cloudfunctions/common/engine';
import { realPack } from '../support/policy';

const caseSchema = z.strictObject({
  name: z.string(),
  asOf: z.string().optional(),
  input: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
});
const fileSchema = z.strictObject({
  group: z.string(),
  asOf: z.string(),
  defaults: z.record(z.string(), z.unknown()).default({}),
  cases: z.array(caseSchema).min(1),
});

const dir = join(__dirname, 'cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, ...fileSchema.parse(parse(readFileSync(join(dir, f), 'utf8'))) }));

const ids = (items: { id?: string; code?: string }[]) => items.map((i) => i.id ?? i.code);

describe.each(files)('$file ($group)', ({ asOf, defaults, cases }) => {
  it.each(cases)('$name', (c) => {
    const result = evaluateRequest({ ...defaults, ...c.input }, realPack(), c.asOf ?? asOf);
    const {
      error,
      warningCodes,
      absentWarningCodes,
      documentIds,
      planIds,
      channelIds,
      sourceIds,
      absentSourceIds,
      optionReasons,
      warningsContain,
      ...rest
    } = c.expected as Record<string, unknown>;
    if (error) {
      expect(result).toMatchObject({ ok: false, error });
      return;
    }
    if (!result.ok) throw new Error(`expected a verdict, got ${JSON.stringify(result.error)}`);
    const verdict = result.data;
    expect(verdict).toMatchObject(rest);
    if (warningCodes) expect(ids(verdict.warnings)).toEqual(expect.arrayContaining(warningCodes as string[]));
    if (absentWarningCodes)
      for (const code of absentWarningCodes as string[]) expect(ids(verdict.warnings)).not.toContain(code);
    if (documentIds) expect(ids(verdict.documents)).toEqual(documentIds);
    if (planIds) expect(ids(verdict.plan)).toEqual(planIds);
    if (channelIds) expect(ids(verdict.channels)).toEqual(expect.arrayContaining(channelIds as string[]));
    if (sourceIds) expect(ids(verdict.sources)).toEqual(expect.arrayContaining(sourceIds as string[]));
    if (absentSourceIds)
      for (const id of absentSourceIds as string[]) expect(ids(verdict.sources)).not.toContain(id);
    if (optionReasons) expect(verdict.options.map((o) => o.reason)).toEqual(optionReasons);
    if (warningsContain)
      expect(verdict.warnings).toEqual(
        expect.arrayContaining((warningsContain as object[]).map((w) => expect.objectContaining(w))),
      );
  });
});

it('has at least 60 cases across the groups', () => {
  expect(files.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(60);
});
