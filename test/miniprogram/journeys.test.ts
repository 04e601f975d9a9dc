/**
 * @jest-environment jsdom
 *
 * Journeys played end to end as people make them, against the real function handlers: every tap is
 * counted, WeChat's page stack is followed (navigateTo / redirectTo / navigateBack), and no journey
 * may end on an error page for answers the wizard offered. Two are played by someone who
 * double-taps (≈150 ms, on controlled time): only what they tapped may be recorded. One goes back
 * and forth between a checklist and its result, as the owner and as family. With JOURNEYS_OUT set,
 * the figures are written there for `npm run journeys`.
 */
import { writeFileSync } from 'node:fs';
import type { ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { encodeScene } from '../../miniprogram/shared/scene';
import {
  $,
  $$,
  callChecklist,
  doubleTap,
  installWx,
  openPage,
  PAGE_STACK_LIMIT,
  settle,
  tap,
  tapEl,
  text,
  type FakeWx,
} from '../support/mp';

type Page = Awaited<ReturnType<typeof openPage>>;

interface JourneyResult {
  name: string;
  taps: number;
  maxStackDepth: number;
  reachedVerdict: boolean;
}
const results: JourneyResult[] = [];

/** The page WeChat would show after the last navigation, opened with its query. */
async function follow(fake: FakeWx): Promise<Page> {
  const last = fake.navigations.at(-1)!.replace(/^(redirect|relaunch):/, '');
  const [path, search = ''] = last.replace(/^\//, '').split('?');
  return openPage(path, Object.fromEntries(new URLSearchParams(search)), fake);
}

async function typeCity(page: Page, query: string, pick: string) {
  $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: query } });
  await settle(10);
  const hit = $$($(page, '.picker-field'), '.result').find((r) => text(r).includes(pick));
  if (!hit) throw new Error(`no ${pick} for ${query}`);
  await tapEl(hit);
}

async function choose(page: Page, label: string) {
  const choice = $$(page, '.choice').find((c) => text(c).startsWith(label));
  if (!choice) throw new Error(`no choice ${label} on “${text(page, '.title')}”: ${text(page, '.choices')}`);
  await tapEl(choice);
}

/**
 * A double tap on a choice: the second tap lands where the finger is, on whatever the next screen
 * shows there — the choice at the same place, or on a screen without choices its first button.
 */
async function doubleTapChoice(page: Page, label: string) {
  const index = $$(page, '.choice').findIndex((c) => text(c).startsWith(label));
  if (index < 0) throw new Error(`no choice ${label}: ${text(page, '.choices')}`);
  await doubleTap(
    $$(page, '.choice')[index],
    () => $$(page, '.choice')[index] ?? $$(page, '.quick-day')[0] ?? $$(page, '.level')[0],
  );
}

/** The answers the wizard has recorded so far. */
const recorded = (fake: FakeWx) => (fake.storage.get('draft-v1') as { answers: object }).answers;

async function start(scene?: string): Promise<{ fake: FakeWx; wizard: Page }> {
  const fake = await installWx();
  const home = await openPage('pages/home/index', scene ? { scene } : {}, fake);
  await tap(home, '.start');
  return { fake, wizard: await follow(fake) };
}

async function toResult(fake: FakeWx, wizard: Page): Promise<Page> {
  await tap(wizard, '.next'); // 查看结果 on the last, optional screen
  expect(fake.stack.at(-1)).toBe('pages/result/index');
  const result = await follow(fake);
  await settle(10);
  expect(result.querySelector('.error')).toBeUndefined();
  return result;
}

function record(name: string, fake: FakeWx, result: Page) {
  results.push({
    name,
    taps: fake.taps,
    maxStackDepth: fake.maxDepth,
    reachedVerdict: Boolean(result.querySelector('.headline')),
  });
}

afterAll(() => {
  if (process.env.JOURNEYS_OUT)
    writeFileSync(process.env.JOURNEYS_OUT, JSON.stringify({ journeys: results }));
});

describe('journeys', () => {
  it('retiree-anshan-beijing: a 鞍山 retiree moving to 北京 reaches a verdict in ≤ 12 taps', async () => {
    const { fake, wizard } = await start();
    await typeCity(wizard, 'as', '鞍山市');
    await typeCity(wizard, '北京', '北京市');
    await choose(wizard, '职工医保');
    await choose(wizard, '已经退休');
    await choose(wizard, '异地安置退休');
    await choose(wizard, '没有或不齐');
    await choose(wizard, '住院');
    await choose(wizard, '还没去看病，正在准备');
    const result = await toResult(fake, wizard);
    expect(text(result, '.headline')).toContain('需要办理长期备案（异地安置退休）');
    expect(text(result, '.documents')).toContain('户口簿');
    record('retiree-anshan-beijing', fake, result);
    expect(fake.taps).toBeLessThanOrEqual(12);
  });

  it('retiree-anshan-beijing-scanned: from a 小程序码 that presets both cities, ≤ 8 taps', async () => {
    const { fake, wizard } = await start(
      encodeURIComponent(encodeScene({ insuredCity: '210300', careCity: '110000' })),
    );
    expect(text(wizard, '.title')).toBe('您参加的是哪种医保？');
    await choose(wizard, '职工医保');
    await choose(wizard, '已经退休');
    await choose(wizard, '异地安置退休');
    await choose(wizard, '有');
    await choose(wizard, '住院');
    await choose(wizard, '还没去看病，正在准备');
    const result = await toResult(fake, wizard);
    expect(text(result, '.headline')).toContain('长期备案');
    record('retiree-anshan-beijing-scanned', fake, result);
    expect(fake.taps).toBeLessThanOrEqual(8);
  });

  it('child-xian-parent-shanghai: an adult child arranging surgery edits the answers ten times; the stack stays ≤ 10', async () => {
    const { fake, wizard } = await start();
    await typeCity(wizard, 'xian', '西安市');
    await typeCity(wizard, 'sh', '上海市');
    await choose(wizard, '职工医保');
    await choose(wizard, '已经退休');
    await choose(wizard, '其他临时外出就医');
    await choose(wizard, '住院');
    await choose(wizard, '还没去看病，正在准备');
    await tap(wizard, '.level'); // 三级
    let result = await toResult(fake, wizard);
    // Back and forth between the answers and the result, as a worried family does.
    const reasons = ['异地转诊', '其他临时外出就医'];
    for (let round = 0; round < 10; round++) {
      await tap(result, '.edit-answers');
      const summary = await follow(fake);
      await tapEl($$(summary, '.summary-row').find((r) => text(r).includes('外地看病'))!);
      await choose(summary, reasons[round % 2]);
      await tap(summary, '.see-result');
      result = await follow(fake);
      await settle(10);
      expect(result.querySelector('.error')).toBeUndefined();
    }
    expect(text(result, '.headline')).toContain('临时备案');
    record('child-xian-parent-shanghai', fake, result);
    expect(fake.maxDepth).toBeLessThanOrEqual(PAGE_STACK_LIMIT);
    expect(fake.stack).toEqual(['pages/home/index', 'pages/result/index']);
  }, 20_000);

  it('worker-linyi-guangzhou-admitted: already in hospital, then discharged after paying — no error page', async () => {
    const { fake, wizard } = await start();
    await typeCity(wizard, 'linyi', '临沂市');
    await typeCity(wizard, 'gz', '广州市');
    await choose(wizard, '职工医保');
    await choose(wizard, '还在上班');
    await choose(wizard, '其他临时外出就医');
    await choose(wizard, '住院');
    await choose(wizard, '已经住院了，但还没备案');
    await tapEl($$(wizard, '.quick-day').find((d) => text(d) === '前天')!);
    let result = await toResult(fake, wizard);
    expect(text(result, '.headline-card')).toContain('现在要做');
    // Discharged after paying in full: change one answer.
    await tap(result, '.edit-answers');
    const summary = await follow(fake);
    await tapEl($$(summary, '.summary-row').find((r) => text(r).includes('已经住院'))!);
    await choose(summary, '已经出院，费用全部自己付了');
    await tap(summary, '.see-result');
    result = await follow(fake);
    await settle(10);
    expect(result.querySelector('.error')).toBeUndefined();
    expect(text(result, '.headline')).toContain('已经自费出院');
    expect(text(result, '.headline-card')).toContain('申请手工报销');
    record('worker-linyi-guangzhou-admitted', fake, result);
  });

  it('lhasa-chengdu-no-data: a city without data says so in the top card, not three screens down', async () => {
    const { fake, wizard } = await start();
    await typeCity(wizard, '拉萨', '拉萨市');
    await typeCity(wizard, 'cd', '成都市');
    await choose(wizard, '城乡居民医保');
    await choose(wizard, '其他临时外出就医');
    await choose(wizard, '普通门诊');
    await choose(wizard, '还没去看病，正在准备');
    const result = await toResult(fake, wizard);
    expect(text(result, '.headline-card .no-data')).toContain('暂未收录拉萨市自己的规定');
    // The national ceiling (A) as a range, not a rate.
    expect(text(result, '.reimbursement')).toContain('只知道范围');
    record('lhasa-chengdu-no-data', fake, result);
  });

  it('double-tap-scheme: someone who double-taps every answer gets only the answers tapped', async () => {
    const { fake, wizard } = await start(
      encodeURIComponent(encodeScene({ insuredCity: '210300', careCity: '110000' })),
    );
    await doubleTapChoice(wizard, '职工医保');
    // The second tap landed on 已经退休 — the question nobody has read yet.
    expect(text(wizard, '.title')).toBe('您退休了吗？');
    expect(recorded(fake)).toEqual({ insuredCity: '210300', careCity: '110000', scheme: 'employee' });
    await doubleTapChoice(wizard, '还在上班');
    await doubleTapChoice(wizard, '其他临时外出就医');
    await doubleTapChoice(wizard, '住院');
    await doubleTapChoice(wizard, '已经住院了，但还没备案');
    await doubleTap($$(wizard, '.quick-day')[1], () => $$(wizard, '.level')[0]); // 昨天
    expect(recorded(fake)).toEqual({
      insuredCity: '210300',
      careCity: '110000',
      scheme: 'employee',
      retired: false,
      reason: 'temporary',
      careType: 'inpatient',
      stage: 'admitted_unfiled',
      treatmentDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const result = await toResult(fake, wizard);
    expect(fake.storage.get('pending-v1')).toEqual(recorded(fake));
    expect(text(result, '.headline-card')).toContain('现在要做');
    record('double-tap-scheme', fake, result);
  });

  it('double-tap-caretype: a double tap on 住院 does not answer 还没去看病 for a patient already in hospital', async () => {
    const { fake, wizard } = await start();
    await typeCity(wizard, 'linyi', '临沂市');
    await typeCity(wizard, 'gz', '广州市');
    await choose(wizard, '城乡居民医保');
    await choose(wizard, '其他临时外出就医');
    await doubleTapChoice(wizard, '住院');
    expect(text(wizard, '.title')).toBe('现在到哪一步了？');
    expect(recorded(fake)).not.toHaveProperty('stage');
    await choose(wizard, '已经住院了，但还没备案');
    await tapEl($$(wizard, '.quick-day').find((d) => text(d) === '昨天')!);
    const result = await toResult(fake, wizard);
    expect(fake.storage.get('pending-v1')).toMatchObject({
      careType: 'inpatient',
      stage: 'admitted_unfiled',
    });
    // The verdict for someone in hospital, not the planning one.
    expect(text(result, '.headline')).not.toContain('办好后');
    expect(text(result, '.headline-card')).toContain('现在要做');
    record('double-tap-caretype', fake, result);
  });

  it('checklist-result-loop: owner and family go back and forth between a checklist and its result; the stack stays ≤ 3', async () => {
    const { fake, wizard } = await start(
      encodeURIComponent(encodeScene({ insuredCity: '440300', careCity: '430100' })),
    );
    await choose(wizard, '职工医保');
    await choose(wizard, '已经退休');
    await choose(wizard, '其他临时外出就医');
    await choose(wizard, '住院');
    await choose(wizard, '还没去看病，正在准备');
    const result = await toResult(fake, wizard);
    let checklist: Page | undefined;
    for (let round = 0; round < 4; round++) {
      await tap(result, '.make-checklist');
      await settle(10);
      checklist = await follow(fake);
      await tap(checklist, '.open-result'); // the result it was made from is the page below
      expect(fake.navigations.at(-1)).toBe('back');
    }
    const listId = (checklist!.instance as unknown as { data: { list: ChecklistView } }).data.list.id;
    const token = (checklist!.instance as unknown as { data: { list: ChecklistView } }).data.list.shareToken!;
    (checklist!.instance as unknown as { onUnload(): void }).onUnload();

    // Family, from the share card: 查看完整查询结果 and 回到这份清单, round after round.
    fake.openid = 'son';
    fake.stack = ['pages/checklist/index'];
    fake.stackQueries = [{ id: listId, token }];
    const shared = await openPage('pages/checklist/index', { id: listId, token }, fake);
    for (let round = 0; round < 4; round++) {
      await tap(shared, '.open-result');
      const theirs = await follow(fake);
      await settle(10);
      expect(theirs.querySelector('.make-checklist')).toBeUndefined();
      await tap(theirs, '.back-to-checklist');
      expect(fake.navigations.at(-1)).toBe('back');
      if (round === 3) record('checklist-result-loop', fake, theirs);
    }
    (shared.instance as unknown as { onUnload(): void }).onUnload();
    const sons = await callChecklist<{ lists: unknown[] }>(fake, 'son', { action: 'list' });
    expect(sons.lists).toHaveLength(1);
    expect(fake.maxDepth).toBeLessThanOrEqual(3);
  }, 20_000);
});
