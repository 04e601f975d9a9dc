/** @jest-environment jsdom */
import { $, $$, installWx, openPage, settle, tap, text, waitFor, type FakeWx } from '../support/mp';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
});

type Page = Awaited<ReturnType<typeof openPage>>;

async function typeCity(page: Page, query: string, pick: string) {
  const picker = $(page, '.picker-field');
  const input = $(picker, '.search');
  input.dispatchEvent('input', { detail: { value: query } });
  await settle();
  const result = $$(picker, '.result').find((r) => text(r).startsWith(pick));
  if (!result) throw new Error(`no result ${pick} for ${query}: ${text(picker)}`);
  result.dispatchEvent('tap');
  await settle();
}

async function choose(page: Page, label: string) {
  const choice = $$(page, '.choice').find((c) => text(c).startsWith(label));
  if (!choice) throw new Error(`no choice ${label}: ${text(page, '.choices')}`);
  choice.dispatchEvent('tap');
  await settle();
}

const title = (page: Page) => text(page, '.title');

describe('wizard page', () => {
  it('walks a retiree through one question per screen to the result', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    expect(title(page)).toBe('您在哪个城市参加医保？（参保地）');
    // The count grows as answers open follow-up questions (retired, proof).
    expect(text(page, '.step-count')).toBe('第 1 步，共 8 步');
    await typeCity(page, 'sz', '深圳市');
    expect(text($(page, '.picker-field'), '.chosen')).toBe('已选：深圳市');
    await tap(page, '.next');
    await typeCity(page, 'xian', '西安市');
    await tap(page, '.next');
    await choose(page, '职工医保');
    await tap(page, '.next');
    expect(title(page)).toBe('您退休了吗？');
    await choose(page, '已经退休');
    await tap(page, '.next');
    await choose(page, '异地安置退休');
    await tap(page, '.next');
    await choose(page, '住院');
    await tap(page, '.next');
    await choose(page, '还没去看病，正在准备');
    await tap(page, '.next');
    expect(title(page)).toBe('证明材料（户口簿、居住证明或工作证明）在手上吗？');
    await choose(page, '没有或不齐');
    await tap(page, '.next');
    expect(title(page)).toBe('大概哪天去看病（或哪天住的院）？');
    await tap(page, '.next');
    expect(text(page, '.next')).toBe('查看结果');
    expect(text($(page, '.progress'), '.t-progress')).toBe('100%');
    await tap(page, '.next');
    expect(fake.navigations).toEqual(['/pages/result/index']);
    expect(fake.storage.get('pending-v1')).toEqual({
      insuredCity: '440300',
      careCity: '610100',
      scheme: 'employee',
      retired: true,
      reason: 'retiree_relocation',
      careType: 'inpatient',
      stage: 'planning',
      hasProof: false,
    });
  });

  it('asks for the disease only for 门诊慢特病, and nothing about retirement for residents', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300', careCity: '610100' }, step: 2 });
    const page = await openPage('pages/wizard/index', {}, fake);
    await choose(page, '城乡居民医保');
    await tap(page, '.next');
    expect(title(page)).toBe('为什么要在外地看病？');
    await choose(page, '其他临时外出就医');
    await tap(page, '.next');
    await choose(page, '门诊慢特病');
    await tap(page, '.next');
    expect(title(page)).toBe('是哪种门诊慢特病？');
    await choose(page, '尿毒症透析');
    expect(fake.storage.get('draft-v1')).toMatchObject({
      answers: { scheme: 'resident', careType: 'chronic', chronicDisease: 'dialysis' },
    });
  });

  it('keeps every answer when going back, and when leaving and coming back', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300', careCity: '610100' }, step: 2 });
    const first = await openPage('pages/wizard/index', {}, fake);
    await choose(first, '职工医保');
    await tap(first, '.next');
    await tap(first, '.back');
    expect($$(first, '.choice.selected').map((c) => text(c))).toEqual([expect.stringMatching(/^职工医保/)]);
    await tap(first, '.next');
    const again = await openPage('pages/wizard/index', {}, fake);
    expect(title(again)).toBe('您退休了吗？');
    await tap(again, '.back');
    expect($$(again, '.choice.selected').map((c) => text(c))).toEqual([expect.stringMatching(/^职工医保/)]);
  });

  it('will not move on without an answer, and says why', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    await tap(page, '.next');
    expect(text(page, '.hint')).toBe('请先选择一项');
    expect(title(page)).toBe('您在哪个城市参加医保？（参保地）');
  });

  it('explains every question in plain words', async () => {
    fake.storage.set('draft-v1', {
      answers: { insuredCity: '440300', careCity: '610100', scheme: 'employee', retired: false },
      step: 4,
    });
    const page = await openPage('pages/wizard/index', {}, fake);
    expect(text(page, '.help-toggle')).toBe('什么是异地长期居住？');
    await tap(page, '.help-toggle');
    expect(text(page, '.help')).toContain('长期在参保地以外生活');
  });

  it('takes the optional estimate inputs, reading 85 as 85%', async () => {
    fake.storage.set('draft-v1', {
      answers: {
        insuredCity: '440300',
        careCity: '610100',
        scheme: 'resident',
        reason: 'temporary',
        careType: 'inpatient',
        stage: 'planning',
      },
      step: 7,
    });
    const page = await openPage('pages/wizard/index', {}, fake);
    expect(title(page)).toBe('想估算能报多少钱吗？（可以跳过）');
    const fields = $$(page, '.field');
    fields[0].dispatchEvent('input', { detail: { value: '20000' } });
    fields[1].dispatchEvent('input', { detail: { value: '85' } });
    await settle();
    await tap(page, '.level');
    expect(fake.storage.get('draft-v1')).toMatchObject({
      answers: { coveredCost: 20000, localRatio: 0.85, hospitalLevel: 3 },
    });
  });

  it('says so when the city list cannot be fetched, and retries', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    fake.failNext = 3; // the call and its two retries
    const picker = $(page, '.picker-field');
    $(picker, '.search').dispatchEvent('input', { detail: { value: 'sz' } });
    await waitFor(() => expect(text(picker, '.error')).toContain('网络不太好'));
    await tap(picker, '.retry');
    await waitFor(() => expect($$(picker, '.result').map((r) => text(r))).toContain('深圳市广东省'));
  }, 15_000);
});
