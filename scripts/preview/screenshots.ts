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
import { startServer } from '../server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(__dirname, '../../docs/screenshots');

async function shot(page: Page, name: string): Promise<string> {
  await page.waitForTimeout(400);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

async function clickText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).first().click();
  await page.waitForTimeout(300);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `no Chromium at ${CHROMIUM}: run  sudo bash scripts/install-browser.sh  (Debian: chromium, fonts-wqy-microhei)`,
    );
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'yidi-shots-')),
    log: () => undefined,
  });
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

    await open('pages/home/index');
    saved.push(await shot(page, '01-home'));
    await open('pages/home/index?scene=i4403c6101');
    saved.push(await shot(page, '02-home-scanned'));

    await clickText(page, '开始');
    saved.push(await shot(page, '03-wizard-city'));
    await page.locator('wx-input input').first().fill('xian');
    await page.waitForTimeout(400);
    saved.push(await shot(page, '04-wizard-search'));
    await clickText(page, '西安市');
    await clickText(page, '下一步');
    await page.locator('wx-input input').first().fill('shanghai');
    await page.waitForTimeout(400);
    await clickText(page, '上海市');
    await clickText(page, '下一步');
    await clickText(page, '职工医保');
    saved.push(await shot(page, '05-wizard-choice'));
    await clickText(page, '下一步');
    await clickText(page, '已经退休');
    await clickText(page, '下一步');
    await clickText(page, '异地安置退休');
    await clickText(page, '什么是异地长期居住？');
    saved.push(await shot(page, '06-wizard-help'));
    await clickText(page, '下一步');
    await clickText(page, '住院');
    await clickText(page, '下一步');
    await clickText(page, '还没去看病，正在准备');
    await clickText(page, '下一步');
    await clickText(page, '没有或不齐');
    await clickText(page, '下一步');
    await clickText(page, '下一步（可跳过）');
    await clickText(page, '查看结果');
    await page.waitForTimeout(800);
    saved.push(await shot(page, '07-result'));
    await page.screenshot({ path: join(OUT, '07-result-full.png'), fullPage: true });
    await clickText(page, '生成清单，分享给家人');
    await page.waitForTimeout(800);
    await page.locator('.box, [class*="--box"]').first().click();
    await page.waitForTimeout(600);
    saved.push(await shot(page, '08-checklist'));

    await open('pages/cities/index');
    await page.locator('wx-input input').first().fill('sz');
    await page.waitForTimeout(400);
    saved.push(await shot(page, '09-cities'));
    await open('pages/city/index?code=440300');
    saved.push(await shot(page, '10-city'));
    await open('pages/about/index');
    saved.push(await shot(page, '11-about'));

    await page.evaluate(
      `localStorage.setItem('mp:preview-parent:settings-v1', JSON.stringify({ largeText: true }))`,
    );
    await open('pages/home/index');
    saved.push(await shot(page, '12-home-large-text'));
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
