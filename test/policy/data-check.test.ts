import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkData } from '../../scripts/data/check';
import { buildReport } from '../../scripts/data/report';
import { searchPlaces } from '../../miniprogram/shared/search';
import { realPack } from '../support/policy';

const DATA = join(__dirname, '../../data');

function copyOfData(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'data-check-')), 'data');
  cpSync(DATA, dir, { recursive: true });
  return dir;
}

describe('data:check', () => {
  it('passes on the repository data with at least 8 sourced cities and 337 places', () => {
    const report = checkData(DATA, '2026-11-22');
    expect(report.errors).toEqual([]);
    expect(report.cities).toBeGreaterThanOrEqual(337);
    expect(report.citiesWithSourcedRules).toBeGreaterThanOrEqual(8);
    expect(report.leads.length).toBeGreaterThan(0);
  });

  it('reports sources past their review date without failing', () => {
    const report = checkData(DATA, '2028-01-01');
    expect(report.errors).toEqual([]);
    expect(report.stale.map((s) => s.id)).toContain('anshan-2025-filing');
  });

  it('catches a source scoped to a city that does not exist', () => {
    const dir = copyOfData();
    const file = join(dir, 'sources.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("code: '210300'", "code: '219900'"));
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(
      expect.stringMatching(/anshan-2025-filing: no city 219900/),
    );
  });

  it('catches a layer file named for another city', () => {
    const dir = copyOfData();
    renameSync(
      join(dir, 'policies/cities/440300-shenzhen.yaml'),
      join(dir, 'policies/cities/440600-shenzhen.yaml'),
    );
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(
      expect.stringMatching(/file name should start with its code 440300/),
    );
  });

  it('catches a hand-edited city list', () => {
    const dir = copyOfData();
    const file = join(dir, 'generated/cities.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"xian"', '"sian"'));
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(expect.stringMatching(/out of date/));
  });

  it('catches a value with no source', () => {
    const dir = copyOfData();
    const file = join(dir, 'policies/cities/371300-linyi.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('      source: linyi-qa\n', ''));
    expect(checkData(dir, '2026-11-22').errors.length).toBeGreaterThan(0);
  });
});

describe('data:report', () => {
  it('lists every city with what is sourced and what falls back to national rules', () => {
    const report = buildReport('2026-11-22');
    const rows = report.split('\n').filter((l) => /^\| \d{6} /.test(l));
    expect(rows).toHaveLength(337);
    expect(rows.find((r) => r.includes('深圳市'))).toMatch(/待遇.*\| A\/B \|/);
    expect(rows.find((r) => r.includes('杭州市'))).toMatch(/\| 1 \|/);
  });
});

describe('city search', () => {
  const places = Object.values(realPack().places);
  it.each([
    ['xa', '西安市'],
    ['xian', '西安市'],
    ['西安', '西安市'],
    ['sz', '深圳市'],
    ['延边', '延边朝鲜族自治州'],
    ['cq', '重庆市'],
    ['610100', '西安市'],
  ])('%s finds %s', (query, name) => {
    expect(searchPlaces(places, query).map((p) => p.name)).toContain(name);
  });
  it('puts a provincial capital first among equal matches', () => {
    expect(searchPlaces(places, 'xa')[0].name).toBe('西安市');
    expect(searchPlaces(places, 'nj')[0].name).toBe('南京市');
  });
  it('ranks an exact name first', () => {
    expect(searchPlaces(places, '大同')[0].name).toBe('大同市');
  });
  it('finds nothing for nonsense', () => {
    expect(searchPlaces(places, 'zzzzqqq')).toEqual([]);
  });
});
