/**
 * npm run data:report — writes docs/data-report.md: what the source watch last found (data/watch.json),
 * then for every city what is sourced (and how well), what is quoted, what a newer provincial rule
 * probably replaced or whose sentence is gone from its page, what is only a lead, and what falls
 * back to the national rules. The data maintainers' work list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { shownValues, type ShownValue } from '../../cloudfunctions/common/policy/audit';
import { DEFAULT_DATA_DIR, loadPolicyFiles } from '../../cloudfunctions/common/policy/files';
import type { PolicyPack } from '../../cloudfunctions/common/policy/pack';
import { chinaDate } from '../../cloudfunctions/common/contract/dates';

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

const WATCH_LABEL = {
  ok: '原文都在',
  quote_missing: '原文有变化',
  gone: '网页已不在',
  unreachable: '暂时打不开',
};

/** The source watch's last real run: when, how many pages of each kind, and every page that needs a person. */
export function watchSummary(pack: PolicyPack): string[] {
  const report = pack.watch;
  const heading = ['## 原文核对', ''];
  if (!report)
    return [
      ...heading,
      '还没有真正的核对：没有 `data/watch.json`。`npm run data:watch` 在能上网的机器上重新读取每个来源网页、核对每句原文并写入它（没有网络时它什么也不写）；生产环境由 `watch` 云函数每周一 03:00 核对。在此之前，页面上显示的是人工查阅日期（人工查阅于…）。',
      '',
    ];
  const checks = pack.checks ?? {};
  const ids = Object.keys(pack.sources);
  const count = (status: keyof typeof WATCH_LABEL) =>
    ids.filter((id) => checks[id]?.status === status).length;
  const unchecked = ids.filter((id) => !checks[id]);
  const attention = report.sources.filter((s) => checks[s.id] && s.status !== 'ok');
  return [
    ...heading,
    `上次核对：${chinaDate(new Date(report.checkedAt)).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}（\`data/watch.json\`，${report.origin === 'network' ? '联网读取' : '读取保存的网页'}）。${ids.length} 个来源中：${(Object.keys(WATCH_LABEL) as (keyof typeof WATCH_LABEL)[]).map((s) => `${WATCH_LABEL[s]} ${count(s)} 个`).join('，')}；核对之后新增或改过、尚未核对 ${unchecked.length} 个。`,
    '',
    '“原文有变化”的那几句所支撑的规定，用户看到的是“待核实”，直到有人打开网页、记下新的原文；“网页已不在”“暂时打不开”的，规定照常显示，并注明“原文近期无法核对”。',
    '',
    ...(attention.length
      ? [
          '| 来源 | 结果 | 说明 |',
          '|---|---|---|',
          ...attention.map(
            (s) =>
              `| ${s.id} | ${WATCH_LABEL[s.status]} | ${s.missingQuotes.length ? `找不到：${s.missingQuotes.join('、')}` : (s.detail ?? '')} |`,
          ),
        ]
      : ['每个来源网页上的原文都还在。']),
    '',
  ];
}

export function buildReport(today = dayjs().format('YYYY-MM-DD'), dataDir = DEFAULT_DATA_DIR): string {
  const { pack, leads } = loadPolicyFiles(dataDir);
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
      ...new Set(values.filter((v) => v.quoteGone).map((v) => `${v.param}（原文已找不到）`)),
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
    ...watchSummary(pack),
    '## 各城市',
    '',
    '每一条显示给用户的规定都带着来源原文（“原文”列是已引用原句的条数/总条数）。“日期”列说明起始日期的依据：没写“生效日”的，来源没有写明生效日期，用户看到的是“生效日期未注明”。“可能已被取代”是上一级更新的规定（如山东省2025年4月1日起的调整）之前的本市规定，以及原文已在网页上找不到的规定：这些不会作为事实显示，用户看到“待核实”。“按国家规定”是仍需补充的主题——这就是数据维护的工作清单。',
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
