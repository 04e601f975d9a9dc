/**
 * npm run -s cities -- --json          every city as JSON: [{ code, name, province, pinyin, initials }]
 * npm run cities -- 西安 | xa | xian   matching cities as a table
 */
import { readPackInput } from '../cloudfunctions/common/policy/files';
import { searchPlaces } from '../miniprogram/shared/search';
import type { Place } from '../cloudfunctions/common/policy/schema';

const args = process.argv.slice(2);
const json = args.includes('--json');
const query = args.filter((a) => a !== '--json').join(' ');
const places = readPackInput().places as Place[];
const shown = query ? searchPlaces(places, query, places.length) : places;
const rows = shown.map(({ code, name, province, pinyin, initials }) => ({
  code,
  name,
  province,
  pinyin,
  initials,
}));

if (json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else if (!rows.length) {
  process.stdout.write(`没有找到与“${query}”匹配的城市\n`);
  process.exitCode = 1;
} else {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const header = ['代码', '名称', '省份', '拼音', '首字母'];
  const table = [header, ...rows.map((r) => [r.code, r.name, r.province, r.pinyin, r.initials])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => width(row[i]))));
  for (const row of table)
    process.stdout.write(
      `${row
        .map((cell, i) => pad(cell, widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  process.stdout.write(`共 ${rows.length} 个\n`);
}
