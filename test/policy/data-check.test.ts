import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkData } from '../../scripts/data/check';
import { buildReport } from '../../scripts/data/report';
import { PLACE_ALIASES } from '../../miniprogram/shared/place-aliases';
import { exactPlace, searchMatches, searchPlaces, type District } from '../../miniprogram/shared/search';
import { realPack } from '../support/policy';
import { reportFor } from '../support/watch';

const DATA = join(__dirname, '../../data');

function copyOfData(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'data-check-')), 'data');
  cpSync(DATA, dir, { recursive: true });
  return dir;
}

describe('data:check', () => {
  it('passes on the repository data: 17+ sourced cities, 9+ province layers, every shown value quoted and cited for its place', () => {
    const report = checkData(DATA, '2026-11-22');
    expect(report.errors).toEqual([]);
    expect(report.cities).toBeGreaterThanOrEqual(337);
    expect(report.citiesWithSourcedRules).toBeGreaterThanOrEqual(17);
    expect(report.provinceLayers.length).toBeGreaterThanOrEqual(9);
    expect(report.shownValues).toBeGreaterThan(100);
    expect(report.unquoted).toEqual([]);
    expect(report.foreignCitations).toEqual([]);
    expect(report.leads.length).toBeGreaterThan(0);
  });

  it('lists the city values a newer provincial rule probably replaced', () => {
    const report = checkData(DATA, '2026-11-22');
    expect(report.superseded).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^临沂市 reimbursement.adjustments.*鲁医保发〔2024〕58号 \(2025-04-01\)$/),
        expect.stringMatching(/^淄博市 reimbursement.adjustments/),
        // 沈阳's 2023 "5种" list, under the national 10-disease list (2024年12月底前).
        expect.stringMatching(/^沈阳市 settlement.chronicDirectDiseases.*\(2024-12-31\)$/),
      ]),
    );
    // Before the provincial change took effect, no city rate was replaced; before the national
    // deadline, nothing at all.
    expect(checkData(DATA, '2025-03-31').superseded).toEqual([
      expect.stringMatching(/^沈阳市 settlement.chronicDirectDiseases/),
    ]);
    expect(checkData(DATA, '2024-12-30').superseded).toEqual([]);
  });

  it('fails a value shown to users without its quoted sentence', () => {
    const dir = copyOfData();
    const file = join(dir, 'policies/cities/371300-linyi.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('          quote: temp-rate\n', ''));
    const report = checkData(dir, '2026-11-22');
    expect(report.unquoted).toEqual([expect.stringMatching(/^临沂市 reimbursement.adjustments\[0\]/)]);
    expect(report.errors).toContainEqual(expect.stringMatching(/without a quoted sentence/));
  });

  it('fails a quote key that the source does not record', () => {
    const dir = copyOfData();
    const file = join(dir, 'policies/cities/371300-linyi.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('quote: temp-rate', 'quote: made-up'));
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(
      expect.stringMatching(/quote "made-up" is not among the source's quotes/),
    );
  });

  it("fails a value whose only source is another place's page", () => {
    const dir = copyOfData();
    const file = join(dir, 'policies/national.yaml');
    // The national channels once cited 鞍山's notice: a 西安 family then saw 鞍山's page as their rule.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '      source: fujian-hxdsb-2022\n      quote: channels',
        '      source: anshan-2025-filing\n      quote: channels',
      ),
    );
    const report = checkData(dir, '2026-11-22');
    expect(report.foreignCitations).toEqual(
      expect.arrayContaining([expect.stringMatching(/^全国 channels\[0\].*anshan-2025-filing/)]),
    );
    expect(report.errors).toContainEqual(expect.stringMatching(/the source speaks for another place/));
  });

  it('fails a copy that does not say where it sits', () => {
    const dir = copyOfData();
    const sources = join(dir, 'sources.yaml');
    writeFileSync(
      sources,
      readFileSync(sources, 'utf8').replace('  copySite: 网易号（禅城发布的账号文章）\n', ''),
    );
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(expect.stringMatching(/copySite/));
  });

  it('fails a value dated "published" on a day the source was not published', () => {
    const dir = copyOfData();
    const file = join(dir, 'policies/cities/210300-anshan.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '- from: 2025-07-07\n      fromIs: published',
        '- from: 2025-07-08\n      fromIs: published',
      ),
    );
    expect(checkData(dir, '2026-11-22').errors).toContainEqual(
      expect.stringMatching(/fromIs published, but the source was published 2025-07-07/),
    );
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

describe('data:check and data:report with a source watch report (data/watch.json)', () => {
  const pack = realPack();
  const lock = pack.cities['210300'].params['validity.longTermChangeLockMonths']!.at(-1)!;
  const withWatch = (report: unknown) => {
    const dir = copyOfData();
    writeFileSync(join(dir, 'watch.json'), JSON.stringify(report));
    return dir;
  };

  it('lists the values whose sentence is gone from their page, without failing', () => {
    const dir = withWatch(reportFor(pack, { [lock.source]: { missing: [lock.quote as string] } }));
    const report = checkData(dir, '2026-12-07');
    expect(report.errors).toEqual([]);
    expect(report.quoteGone).toContainEqual(
      expect.stringMatching(new RegExp(`^鞍山市 validity.longTermChangeLockMonths .*: ${lock.quote}$`)),
    );
    expect(checkData(DATA, '2026-12-07').quoteGone).toEqual([]);
  });

  it('fails a watch.json that is not a report', () => {
    const report = checkData(withWatch({ checkedAt: 'last week', sources: [] }), '2026-12-07');
    expect(report.errors).toContainEqual(expect.stringMatching(/^watch\.json: /));
  });

  it('summarises the last check in the data report, and says plainly when there was none', () => {
    const none = buildReport('2026-12-07', copyOfData());
    expect(none).toContain('还没有真正的核对');
    const dir = withWatch(
      reportFor(pack, { [lock.source]: { missing: [lock.quote as string] }, 'shenzhen-358-reply': 'gone' }),
    );
    const text = buildReport('2026-12-07', dir);
    expect(text).toContain('上次核对：2026年12月7日');
    expect(text).toContain(`| ${lock.source} | 原文有变化 | 找不到：${lock.quote} |`);
    expect(text).toContain('| shenzhen-358-reply | 网页已不在 |');
    expect(text.split('\n').find((l) => l.startsWith('| 210300 '))).toContain('原文已找不到');
  });
});

describe('data:report', () => {
  it('lists every city with what is sourced and what falls back to national rules', () => {
    const report = buildReport('2026-11-22');
    const rows = report.split('\n').filter((l) => /^\| \d{6} /.test(l));
    expect(rows).toHaveLength(337);
    const row = (name: string) => rows.find((r) => r.includes(`| ${name} |`))!;
    // 深圳's own page (A) and the 广东 粤医保 channel on the official restatement (A, 转载).
    expect(row('深圳市')).toMatch(
      /待遇.*\| A\/A\(转载\) \| 10\/10 \| 发布日（未注明生效日）、查阅日（未注明日期） \|/,
    );
    expect(row('临沂市')).toMatch(/鲁医保发〔2024〕58号/);
    expect(row('杭州市')).toMatch(/\| 1 \|/);
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
  it('puts the place people mean first for initials: the largest city by 城区人口', () => {
    expect(searchPlaces(places, 'sz')[0].name).toBe('深圳市');
  });
  it.each([
    ['鞍山市', '鞍山市'],
    ['辽宁鞍山', '鞍山市'],
    ['辽宁省 鞍山市', '鞍山市'],
    ['xizang', '拉萨市'],
    ['广西南宁', '南宁市'],
  ])('accepts %s as people type it (→ %s first)', (query, name) => {
    expect(searchPlaces(places, query)[0].name).toBe(name);
  });
  it('resolves a district or county, and a merged city, to its prefecture', () => {
    const districts = (
      JSON.parse(readFileSync(join(DATA, 'generated/districts.json'), 'utf8')) as { districts: District[] }
    ).districts;
    const first = (q: string) => searchMatches(places, q, 5, districts)[0];
    expect(first('鞍山市铁东区')).toMatchObject({ place: { name: '鞍山市' } });
    expect(first('莱芜')).toMatchObject({ place: { name: '济南市' }, via: '莱芜区' });
    expect(searchMatches(places, '铁东区', 5, districts).map((m) => m.place.name)).toEqual([
      '鞍山市',
      '四平市',
    ]);
  });
  it('knows when a typed name means exactly one city', () => {
    expect(exactPlace(places, '鞍山市')?.code).toBe('210300');
    expect(exactPlace(places, '鞍山')?.code).toBe('210300');
    expect(exactPlace(places, '鞍')).toBeNull();
  });
  it('finds nothing for nonsense', () => {
    expect(searchPlaces(places, 'zzzzqqq')).toEqual([]);
  });
  it.each(PLACE_ALIASES.map(([alias, code, why]) => [alias, code, why]))(
    'finds %s (%s, %s) first, naming the alias it matched',
    (alias, code, why) => {
      const place = places.find((p) => p.code === code)!;
      // The alias list says which city it means; the city exists and the note names it.
      expect(place).toBeDefined();
      expect(why).toContain(place.name.replace(/市$/, ''));
      expect(searchMatches(places, alias)[0]).toEqual({ place, via: alias });
      expect(searchMatches(places, `${alias}市`)[0].place.code).toBe(code);
    },
  );
});
