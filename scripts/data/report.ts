/**
 * npm run data:report — writes docs/data-report.md: for every city, what is sourced (and how well),
 * what is only a lead, and what falls back to the national rules. The data maintainers' work list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import type { PolicyLayer } from '../../cloudfunctions/common/policy/schema';

const TOPICS: { label: string; prefixes: string[] }[] = [
  { label: '备案', prefixes: ['filing.'] },
  { label: '材料/承诺书', prefixes: ['documents.', 'pledge.'] },
  { label: '有效期', prefixes: ['validity.'] },
  { label: '结算', prefixes: ['settlement.'] },
  { label: '待遇', prefixes: ['reimbursement.'] },
  { label: '渠道', prefixes: ['channels'] },
  { label: '提示', prefixes: ['notices'] },
];

function sourceIdsOf(layer: PolicyLayer): string[] {
  return Object.values(layer.params).flatMap((values) =>
    (values ?? []).flatMap((v: { source: string; value: unknown }) => [
      v.source,
      ...(Array.isArray(v.value)
        ? v.value.flatMap((item: { source?: string }) => (item?.source ? [item.source] : []))
        : []),
    ]),
  );
}

export function buildReport(today = dayjs().format('YYYY-MM-DD')): string {
  const { pack, leads } = loadPolicyFiles();
  const rows = Object.values(pack.places).map((place) => {
    const layers = [pack.cities[place.code], pack.provinces[place.provinceCode]].filter(
      (l): l is PolicyLayer => Boolean(l) && l !== pack.national,
    );
    const keys = layers.flatMap((l) => Object.keys(l.params));
    const covered = TOPICS.filter((t) => keys.some((k) => t.prefixes.some((p) => k.startsWith(p)))).map(
      (t) => t.label,
    );
    const fallback = TOPICS.map((t) => t.label).filter((t) => !covered.includes(t));
    const sources = [...new Set(layers.flatMap(sourceIdsOf))].map((id) => pack.sources[id]);
    const grades = [...new Set(sources.map((s) => s.grade))].sort().join('/');
    const verified = sources.map((s) => s.verifiedAt).sort()[0] ?? '';
    const cityLeads = leads.filter((l) => l.layer.startsWith(`city ${place.code} `));
    const own = Object.keys(pack.cities[place.code]?.params ?? {}).length > 0;
    return { place, own, covered, fallback, grades, verified, leads: cityLeads.length };
  });
  rows.sort(
    (a, b) => Number(b.own) - Number(a.own) || b.leads - a.leads || a.place.code.localeCompare(b.place.code),
  );
  const own = rows.filter((r) => r.own).length;
  const withLeads = rows.filter((r) => r.leads > 0).length;
  const lines = [
    '# 政策数据覆盖报告',
    '',
    `生成于 ${today}（\`npm run data:report\`，数据版本 ${pack.version}）。`,
    '',
    `共 ${rows.length} 个地级行政区和直辖市；${own} 个有本市 A/B 级来源的规则，${withLeads} 个只有待核实的线索（C/S 级，不会显示给用户），其余全部按国家规定（和所在省的规定）回答，并提示向参保地核实。`,
    '',
    '“已有来源”列出本市或本省有 A/B 级来源的主题；“按国家规定”是仍需补充的主题——这就是数据维护的工作清单。',
    '',
    '| 代码 | 城市 | 省份 | 已有来源 | 等级 | 最早核实 | 线索 | 按国家规定 |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        r.place.code,
        r.place.name,
        r.place.province,
        r.covered.join('、') || '—',
        r.grades || '—',
        r.verified || '—',
        r.leads || '',
        r.fallback.join('、'),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const out = join(__dirname, '../../docs/data-report.md');
  mkdirSync(join(__dirname, '../../docs'), { recursive: true });
  writeFileSync(out, buildReport());
  console.log(`wrote ${out}`);
}
