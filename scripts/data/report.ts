/**
 * npm run data:report — writes docs/data-report.md: for every city, what is sourced (and how well),
 * what is quoted, what a newer provincial rule probably replaced, what is only a lead, and what
 * falls back to the national rules. The data maintainers' work list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { shownValues, type ShownValue } from '../../cloudfunctions/common/policy/audit';
import { loadPolicyFiles } from '../../cloudfunctions/common/policy/files';

const TOPICS: { label: string; prefixes: string[] }[] = [
  { label: '备案', prefixes: ['filing.'] },
  { label: '材料/承诺书', prefixes: ['documents.', 'pledge.'] },
  { label: '有效期', prefixes: ['validity.'] },
  { label: '结算', prefixes: ['settlement.'] },
  { label: '待遇', prefixes: ['reimbursement.'] },
  { label: '渠道', prefixes: ['channels'] },
  { label: '提示', prefixes: ['notices'] },
];

const FROM_LABEL = {
  effective: '生效日',
  year: '只注明年份',
  deadline: '只注明“某日前”上线',
  published: '发布日（未注明生效日）',
  read: '查阅日（未注明日期）',
};

export function buildReport(today = dayjs().format('YYYY-MM-DD')): string {
  const { pack, leads } = loadPolicyFiles();
  const shown = shownValues(pack, today);
  const rows = Object.values(pack.places).map((place) => {
    const own = (v: ShownValue) =>
      (v.layer === 'city' && v.code === place.code) ||
      (v.layer === 'province' && v.code === place.provinceCode);
    const values = shown.filter(own);
    const topicOf = (param: string) => TOPICS.find((t) => t.prefixes.some((p) => param.startsWith(p)))?.label;
    const covered = TOPICS.map((t) => t.label).filter((label) =>
      values.some((v) => topicOf(v.param) === label),
    );
    const fallback = TOPICS.map((t) => t.label).filter((t) => !covered.includes(t));
    const sources = [...new Set(values.map((v) => v.sourceId))].map((id) => pack.sources[id]);
    const grades = [...new Set(sources.map((s) => (s.page === 'copy' ? `${s.grade}(转载)` : s.grade)))]
      .sort()
      .join('/');
    const quoted = values.filter((v) => v.quoteKeys.length && !v.missingQuotes.length).length;
    const superseded = [
      ...new Set(values.filter((v) => v.supersededBy).map((v) => `${v.param} → ${v.supersededBy!.document}`)),
    ];
    const undated = [
      ...new Set(values.filter((v) => v.fromIs !== 'effective').map((v) => FROM_LABEL[v.fromIs])),
    ];
    const cityLeads = leads.filter((l) => l.layer.startsWith(`city ${place.code} `));
    const ownCity = values.some((v) => v.layer === 'city');
    return {
      place,
      ownCity,
      covered,
      fallback,
      grades,
      values,
      quoted,
      superseded,
      undated,
      leads: cityLeads.length,
    };
  });
  rows.sort(
    (a, b) =>
      Number(b.ownCity) - Number(a.ownCity) ||
      b.values.length - a.values.length ||
      b.leads - a.leads ||
      a.place.code.localeCompare(b.place.code),
  );
  const ownCities = rows.filter((r) => r.ownCity).length;
  const provinces = Object.values(pack.provinces)
    .filter((p) => Object.keys(p.params).length)
    .map((p) => p.name);
  const withLeads = rows.filter((r) => r.leads > 0).length;
  const cell = (items: string[]) => items.join('、') || '—';
  const lines = [
    '# 政策数据覆盖报告',
    '',
    `生成于 ${today}（\`npm run data:report\`，数据版本 ${pack.version}）。`,
    '',
    `共 ${rows.length} 个地级行政区和直辖市；${ownCities} 个有本市 A/B 级来源的规则，另有 ${provinces.length} 个省级规则（${provinces.join('、')}）适用于省内各市；${withLeads} 个只有待核实的线索（B-/C/S 级，不会显示给用户）。其余全部按国家规定回答，并提示向参保地核实。`,
    '',
    '每一条显示给用户的规定都带着来源原文（“原文”列是已引用原句的条数/总条数）。“日期”列说明起始日期的依据：没写“生效日”的，来源没有写明生效日期，用户看到的是“生效日期未注明”。“可能已被取代”是上一级更新的规定（如山东省2025年4月1日起的调整）之前的本市规定：这些不会作为事实显示，用户看到“待核实”。“按国家规定”是仍需补充的主题——这就是数据维护的工作清单。',
    '',
    '| 代码 | 城市 | 省份 | 已有来源 | 等级 | 原文 | 日期 | 可能已被取代 | 线索 | 按国家规定 |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        r.place.code,
        r.place.name,
        r.place.province,
        cell(r.covered),
        r.grades || '—',
        r.values.length ? `${r.quoted}/${r.values.length}` : '—',
        r.values.length ? cell(r.undated.length ? r.undated : ['生效日']) : '—',
        cell(r.superseded),
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
