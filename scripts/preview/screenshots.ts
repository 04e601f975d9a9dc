/**
 * npm run screenshots — starts the local server on a fresh database, opens the browser preview in
 * Debian's headless Chromium (375×667 @2x) and saves a PNG of each page to docs/screenshots/,
 * clicking through the app as a person would. Needs `chromium` and `fonts-wqy-microhei`
 * (scripts/install-browser.sh).
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { SETTLE_MS } from '../../miniprogram/utils/tap-guard';
import { startServer } from '../server';
import { NedbWatchStore } from '../../cloudfunctions/common/adapters/nedb';
import { SavedPageFetcher } from '../../cloudfunctions/common/adapters/saved-pages';
import { runWatch } from '../../cloudfunctions/common/watch/check';
import { readSources } from '../data/watch';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(__dirname, '../../docs/screenshots');

async function shot(page: Page, name: string): Promise<string> {
  await page.waitForTimeout(400);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** A tap, then a person's pause: the wizard ignores taps for a moment after a screen appears. */
/** Brings a heading to the top of the screen (the phone frame scrolls the page). */
async function scrollToText(page: Page, text: string): Promise<void> {
  await page
    .getByText(text, { exact: true })
    .first()
    .evaluate((el) => {
      // Below the navigation bar, not under it.
      (el as unknown as { style: { scrollMarginTop: string } }).style.scrollMarginTop = '64px';
      el.scrollIntoView({ block: 'start' });
    });
  await page.waitForTimeout(300);
}

async function clickText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).first().click();
  await page.waitForTimeout(SETTLE_MS + 100);
}

const SHENZHEN_CHANGSHA = {
  insuredCity: '440300',
  careCity: '430100',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};

/** Recent results as the home page keeps them: two for the same cities, told apart by what they were. */
const RECENTS = [
  {
    situation: {
      ...SHENZHEN_CHANGSHA,
      careType: 'outpatient',
      stage: 'discharged_self_paid',
      treatmentDate: '2026-11-10',
    },
    headline: '已经自费看完病：先按参保地规定补办备案，再回参保地申请手工报销。',
    title: '深圳市 → 长沙市',
    at: '2026-11-22',
  },
  {
    situation: SHENZHEN_CHANGSHA,
    headline: '需要办理临时备案（其他临时外出就医），办好后在长沙市的联网定点医院可直接结算。',
    title: '深圳市 → 长沙市',
    at: '2026-11-21',
  },
  {
    situation: {
      ...SHENZHEN_CHANGSHA,
      insuredCity: '210300',
      careCity: '110000',
      reason: 'retiree_relocation',
      hasProof: true,
    },
    headline: '需要办理长期备案（异地安置退休），办好后在北京市的联网定点医院可直接结算。',
    title: '鞍山市 → 北京市',
    at: '2026-11-18',
  },
];

/** Calls a function as `openid` would from the app, to set up what the screenshots show. */
async function fn<T>(base: string, openid: string, event: object): Promise<T> {
  const res = await fetch(`${base}/fn/checklist`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify(event),
  });
  const result = (await res.json()) as { ok: boolean; data: T; error?: { message: string } };
  if (!result.ok) throw new Error(`checklist ${JSON.stringify(event)}: ${result.error?.message}`);
  return result.data;
}

/**
 * 我的清单 and a shared checklist from both sides (issue 11): the family ticks and notes, the owner
 * sees who did it; the filing-day question; a note being written; the owner's controls; an expired
 * code; and both pages in 大字模式.
 */
async function checklistShots(
  page: Page,
  base: string,
  open: (route: string, as?: string) => Promise<void>,
): Promise<string[]> {
  const saved: string[] = [];
  const parent = 'preview-parent';
  const family = 'preview-family-1';
  type List = { id: string; shareToken: string; items: { id: string; label: string }[] };
  const situation = {
    insuredCity: '鞍山',
    careCity: '北京',
    scheme: 'employee',
    retired: true,
    // 鞍山's 承诺制 (6 months, so the filing day is asked) is stated for 异地长期居住人员.
    reason: 'long_term_residence',
    careType: 'inpatient',
    stage: 'planning',
    hasProof: false,
  };
  const mine = await fn<List>(base, parent, { action: 'create', situation });
  await fn(base, family, { action: 'join', id: mine.id, shareToken: mine.shareToken });
  await fn(base, family, { action: 'toggle', id: mine.id, itemId: mine.items[0].id, done: true });
  await fn(base, family, {
    action: 'note',
    id: mine.id,
    itemId: 'file',
    note: '我周一用国家医保服务平台办，网址 https://fuwu.nhsa.gov.cn/nationalHallSt/#/search/medical-ins-hall-remote',
  });
  // One the family shared with the parent, so 我的清单 shows both kinds.
  const theirs = await fn<List>(base, family, {
    action: 'create',
    situation: { ...situation, insuredCity: '深圳', careCity: '长沙', reason: 'temporary' },
  });
  await fn(base, parent, { action: 'join', id: theirs.id, shareToken: theirs.shareToken });

  await open('pages/home/index');
  await clickText(page, '我的清单'); // the home page's one link to it, near the top
  await page.waitForTimeout(600);
  saved.push(await shot(page, '13-lists'));
  await clickText(page, '鞍山市 → 北京市');
  await page.waitForTimeout(800);
  saved.push(await shot(page, '14-checklist-family-ticked'));
  await page.screenshot({ path: join(OUT, '14-checklist-full.png'), fullPage: true });
  await clickText(page, '办理异地就医备案（长期备案）');
  await page.getByText('哪天办好的？', { exact: true }).scrollIntoViewIfNeeded();
  await page.evaluate('window.scrollBy(0, 200)');
  saved.push(await shot(page, '15-checklist-filed-on'));
  await clickText(page, '取消');
  await page.getByText('加备注', { exact: true }).nth(1).click();
  await page
    .locator('wx-textarea textarea')
    .first()
    .fill('户口簿原件在爸爸书房的抽屉里，复印件两份。\n周一上午去医保窗口。');
  await page.locator('wx-textarea textarea').first().dispatchEvent('input');
  await page.waitForTimeout(400);
  await page.locator('wx-textarea').first().scrollIntoViewIfNeeded();
  await page.evaluate('window.scrollBy(0, 250)');
  saved.push(await shot(page, '16-checklist-note-editing'));
  await page.getByText('家人和分享', { exact: true }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  saved.push(await shot(page, '17-checklist-owner-controls'));

  await open(`pages/checklist/index?id=${mine.id}`, family);
  saved.push(await shot(page, '18-checklist-family-view'));
  // Family open the full result: it leads back to this checklist, and 修改 edits this very case.
  await clickText(page, '查看完整查询结果 ›');
  await page.waitForTimeout(800);
  saved.push(await shot(page, '18b-result-from-checklist-family'));
  await scrollToText(page, '修改填写内容 ›');
  await clickText(page, '修改填写内容 ›');
  saved.push(await shot(page, '18c-answers-summary-family'));

  const code = await fn<{ scene: string }>(base, parent, { action: 'code', id: mine.id });
  await fn(base, parent, { action: 'rotateToken', id: mine.id });
  await open(`pages/checklist/index?scene=${encodeURIComponent(code.scene)}`, 'preview-family-2');
  saved.push(await shot(page, '19-checklist-code-expired'));

  await page.evaluate(
    `localStorage.setItem('mp:preview-parent:settings-v1', JSON.stringify({ largeText: true }))`,
  );
  await open('pages/lists/index');
  saved.push(await shot(page, '20-lists-large-text'));
  await open(`pages/checklist/index?id=${mine.id}`);
  saved.push(await shot(page, '21-checklist-large-text'));
  return saved;
}

/**
 * A FIXTURE source-watch report, so the city pages can show a check date: 广州's and 大同's real
 * register entries checked against the saved pages in test/fixtures/pages (广州's page there has
 * one sentence changed, 大同's times out) — not against the real pages, which this machine cannot
 * reach. It is recorded only in the screenshots' throw-away database, never in data/watch.json,
 * and covers no city the other screenshots show.
 */
async function recordFixtureWatch(dataDir: string): Promise<void> {
  const shown = new Set(['guangzhou-2024-filing', 'datong-2024-baiwen']);
  const report = await runWatch(
    readSources().filter((s) => shown.has(s.id)),
    new SavedPageFetcher(join(__dirname, '../../test/fixtures/pages')),
    { now: () => new Date(), origin: 'saved_pages', delayMs: 0 },
  );
  await new NedbWatchStore(dataDir).record(report);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `no Chromium at ${CHROMIUM}: run  sudo bash scripts/install-browser.sh  (Debian: chromium, fonts-wqy-microhei)`,
    );
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'yidi-shots-'));
  const server = await startServer({ port: 0, dataDir, log: () => undefined });
  await recordFixtureWatch(dataDir);
  const base = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const saved: string[] = [];
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
    // Nothing outside this machine is reachable (TDesign's icon font CDN): fail fast.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    let visit = 0;
    const open = async (route: string, as = 'preview-parent') => {
      // A new query each time: a change of hash alone would not reload the app.
      await page.goto(`${base}/preview/app.html?as=${as}&v=${++visit}#${route}`);
      await page.waitForTimeout(800);
    };

    /** The home page of someone who has looked up a few cases (two for the same cities). */
    const withRecents = () =>
      page.evaluate(
        `localStorage.setItem('mp:preview-parent:recent-v1', ${JSON.stringify(JSON.stringify(RECENTS))})`,
      );
    const large = (on: boolean) =>
      page.evaluate(
        `localStorage.setItem('mp:preview-parent:settings-v1', JSON.stringify({ largeText: ${on} }))`,
      );
    const scrollTo = (text: string) => scrollToText(page, text);

    await open('pages/home/index');
    saved.push(await shot(page, '01-home'));
    await open('pages/home/index?scene=i4403c6101');
    saved.push(await shot(page, '02-home-scanned'));
    // A code naming the same city twice is refused, naming the button that is there.
    await open('pages/home/index?scene=i2103c2103');
    saved.push(await shot(page, '02b-home-same-city-code'));

    // A 深圳 retiree going to 长沙 for a stay in hospital, typed as people do.
    await open('pages/home/index');
    await clickText(page, '重新开始填写');
    saved.push(await shot(page, '03-wizard-city'));
    await page.locator('wx-input input').first().fill('sz');
    await page.waitForTimeout(400);
    saved.push(await shot(page, '04-wizard-search'));
    await clickText(page, '深圳市');
    await page.locator('wx-input input').first().fill('长沙市');
    await page.waitForTimeout(400);
    await clickText(page, '下一步'); // a name typed in full is taken without a tap on the list
    saved.push(await shot(page, '05-wizard-choice'));
    await clickText(page, '职工医保');
    await clickText(page, '已经退休');
    await clickText(page, '什么是异地长期居住？');
    saved.push(await shot(page, '06-wizard-help'));
    await clickText(page, '其他临时外出就医');
    await clickText(page, '住院');
    await clickText(page, '还没去看病，正在准备');
    await clickText(page, '三级');
    await page.locator('wx-input input').nth(0).fill('20000');
    await page.locator('wx-input input').nth(1).fill('90');
    await page.waitForTimeout(300);
    saved.push(await shot(page, '06b-wizard-extras'));
    await clickText(page, '查看结果');
    await page.waitForTimeout(800);
    saved.push(await shot(page, '07-result'));
    await page.screenshot({ path: join(OUT, '07-result-full.png'), fullPage: true });
    await scrollTo('怎样报得更多');
    saved.push(await shot(page, '07b-result-options'));
    await scrollTo('政策依据');
    await page.getByText('原文', { exact: true }).nth(1).click();
    await page.waitForTimeout(300);
    saved.push(await shot(page, '07c-result-source-quote'));
    await scrollTo('修改填写内容 ›');
    await clickText(page, '修改填写内容 ›');
    saved.push(await shot(page, '07d-answers-summary'));
    await clickText(page, '查看结果');
    await page.waitForTimeout(800);
    await clickText(page, '生成清单，分享给家人');
    await page.waitForTimeout(800);
    await page.locator('.box, [class*="--box"]').first().click();
    await page.waitForTimeout(600);
    saved.push(await shot(page, '08-checklist'));

    // The same city twice, caught at step 2; a place without data.
    await open('pages/home/index');
    await clickText(page, '重新开始填写');
    await page.locator('wx-input input').first().fill('拉萨');
    await page.waitForTimeout(400);
    await clickText(page, '拉萨市');
    await page.locator('wx-input input').first().fill('ls');
    await page.waitForTimeout(400);
    await clickText(page, '拉萨市');
    saved.push(await shot(page, '08b-wizard-same-city'));
    await clickText(page, '改就医地');
    await page.locator('wx-input input').first().fill('cd');
    await page.waitForTimeout(400);
    await clickText(page, '成都市');
    await clickText(page, '城乡居民医保');
    await clickText(page, '其他临时外出就医');
    await clickText(page, '普通门诊');
    await clickText(page, '还没去看病，正在准备');
    await clickText(page, '查看结果');
    await page.waitForTimeout(800);
    saved.push(await shot(page, '08c-result-no-data'));

    await open('pages/cities/index');
    await page.locator('wx-input input').first().fill('sz');
    await page.waitForTimeout(400);
    saved.push(await shot(page, '09-cities'));
    await open('pages/city/index?code=440300');
    await page.getByText('原文', { exact: true }).first().click();
    await page.waitForTimeout(300);
    saved.push(await shot(page, '10-city'));
    await open('pages/city/index?code=371300');
    saved.push(await shot(page, '10b-city-superseded'));
    await open('pages/city/index?code=540100');
    saved.push(await shot(page, '10c-city-no-data'));
    // With the fixture watch report: 原文核对于 per rule, one rule 待核实; 大同's page 原文近期无法核对.
    await open('pages/city/index?code=440100');
    saved.push(await shot(page, '10f-city-checked'));
    await open('pages/city/index?code=140200');
    saved.push(await shot(page, '10g-city-check-failed'));
    // Every rule in words: 枣庄's 证明材料 were raw data.
    await open('pages/city/index?code=370400');
    await scrollTo('证明材料');
    saved.push(await shot(page, '10e-city-zaozhuang-proofs'));

    // A former name finds its city; the same code scanned again asks before resuming.
    await open('pages/home/index');
    await clickText(page, '重新开始填写');
    await page.locator('wx-input input').first().fill('襄樊');
    await page.waitForTimeout(400);
    saved.push(await shot(page, '04b-wizard-former-name'));
    await clickText(page, '下一步'); // the only city listed is taken; the next box starts empty
    saved.push(await shot(page, '04c-wizard-next-city-empty'));
    await page.locator('wx-input input').first().fill('北京市');
    await page.waitForTimeout(400);
    await clickText(page, '下一步');
    await clickText(page, '职工医保');
    await open('pages/home/index?scene=i4206c1100');
    saved.push(await shot(page, '02c-home-rescan'));

    // Paid in full before any filing: no end date, only the day the 补办 must start from.
    const discharged = { ...SHENZHEN_CHANGSHA, stage: 'discharged_self_paid', treatmentDate: '2026-11-10' };
    await page.evaluate(
      `localStorage.setItem('mp:preview-parent:pending-v1', ${JSON.stringify(JSON.stringify(discharged))})`,
    );
    await open('pages/result/index');
    saved.push(await shot(page, '08d-result-discharged'));
    await scrollTo('重要日期');
    saved.push(await shot(page, '08e-result-discharged-dates'));
    // A cost typed where no estimate is possible: said why, not dropped.
    const costOnly = { ...SHENZHEN_CHANGSHA, coveredCost: 20000 };
    await page.evaluate(
      `localStorage.setItem('mp:preview-parent:pending-v1', ${JSON.stringify(JSON.stringify(costOnly))})`,
    );
    await open('pages/result/index');
    await scrollTo('报销比例');
    saved.push(await shot(page, '08f-result-estimate-why'));

    // 我的清单 near the top, with its count, above recent results that say what each was about.
    await withRecents();
    await open('pages/home/index');
    saved.push(await shot(page, '01b-home-recents'));
    await open('pages/about/index');
    saved.push(await shot(page, '11-about'));

    // 大字模式 on the home page, the result's top card and options, and the answers summary.
    await large(true);
    await open('pages/home/index');
    saved.push(await shot(page, '12-home-large-text'));
    await open('pages/city/index?code=370400');
    await scrollTo('证明材料');
    saved.push(await shot(page, '12f-city-zaozhuang-large-text'));
    await page.evaluate(
      `localStorage.setItem('mp:preview-parent:pending-v1', ${JSON.stringify(JSON.stringify(discharged))})`,
    );
    await open('pages/result/index');
    await scrollTo('重要日期');
    saved.push(await shot(page, '12g-result-discharged-large-text'));
    const shenzhen = {
      ...SHENZHEN_CHANGSHA,
      hospitalLevel: 3,
      coveredCost: 20000,
      localRatio: 0.9,
    };
    await page.evaluate(
      `localStorage.setItem('mp:preview-parent:pending-v1', ${JSON.stringify(JSON.stringify(shenzhen))});` +
        `localStorage.setItem('mp:preview-parent:draft-v1', ${JSON.stringify(JSON.stringify({ answers: shenzhen, step: 8 }))})`,
    );
    await open('pages/result/index');
    await page.waitForTimeout(600);
    saved.push(await shot(page, '12b-result-large-text'));
    await scrollTo('怎样报得更多');
    saved.push(await shot(page, '12c-result-options-large-text'));
    await scrollTo('重要日期');
    saved.push(await shot(page, '12d-result-dates-large-text'));
    await open('pages/wizard/index?mode=summary');
    saved.push(await shot(page, '12e-answers-summary-large-text'));
    await open('pages/city/index?code=440100');
    saved.push(await shot(page, '12h-city-checked-large-text'));
    await large(false);

    saved.push(...(await checklistShots(page, base, open)));
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    JSON.stringify(
      { saved: saved.map((p) => p.replace(`${OUT}/`, 'docs/screenshots/')), pageErrors: errors },
      null,
      2,
    ),
  );
  process.exit(errors.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
