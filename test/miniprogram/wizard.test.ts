/** @jest-environment jsdom */
import { $, $$, installWx, openPage, settle, tap, tapEl, text, waitFor, type FakeWx } from '../support/mp';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
  fake.stack = ['pages/home/index', 'pages/wizard/index'];
});

type Page = Awaited<ReturnType<typeof openPage>>;

async function typeCity(page: Page, query: string, pick: string) {
  const picker = $(page, '.picker-field');
  $(picker, '.search').dispatchEvent('input', { detail: { value: query } });
  await settle();
  const result = $$(picker, '.result').find((r) => text(r).includes(pick));
  if (!result) throw new Error(`no result ${pick} for ${query}: ${text(picker)}`);
  await tapEl(result);
}

async function choose(page: Page, label: string) {
  const choice = $$(page, '.choice').find((c) => text(c).startsWith(label));
  if (!choice) throw new Error(`no choice ${label}: ${text(page, '.choices')}`);
  await tapEl(choice);
}

const title = (page: Page) => text(page, '.title');
const labels = (page: Page) => $$(page, '.choice-label').map((c) => text(c));

describe('wizard page', () => {
  it('walks a retiree through, one question a screen, moving on by itself, in a stable 7 steps', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    expect(title(page)).toBe('您在哪个城市参加医保？（参保地）');
    expect(text(page, '.step-count')).toBe('第 1 步，共 7 步');
    await typeCity(page, 'as', '鞍山市');
    expect(title(page)).toBe('您要在哪个城市看病？（就医地）');
    expect(text(page, '.step-count')).toBe('第 2 步，共 7 步');
    await typeCity(page, 'bj', '北京市');
    await choose(page, '职工医保');
    expect(title(page)).toBe('您退休了吗？');
    expect(text(page, '.step-count')).toBe('第 3 步，共 7 步');
    await choose(page, '已经退休');
    await choose(page, '异地安置退休');
    expect(text(page, '.step-count')).toBe('第 4 步，共 7 步');
    await choose(page, '有');
    await choose(page, '住院');
    await choose(page, '还没去看病，正在准备');
    expect(title(page)).toBe('还想补充吗？（都可以跳过）');
    expect(text(page, '.step-count')).toBe('第 7 步，共 7 步');
    await tap(page, '.next');
    expect(fake.navigations).toEqual(['redirect:/pages/result/index']);
    expect(fake.taps).toBe(9);
    expect(fake.storage.get('pending-v1')).toEqual({
      insuredCity: '210300',
      careCity: '110000',
      scheme: 'employee',
      retired: true,
      reason: 'retiree_relocation',
      hasProof: true,
      careType: 'inpatient',
      stage: 'planning',
    });
  });

  it('offers only answers valid with the ones given: no 异地安置退休 for 城乡居民, no 常驻工作 for retirees', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '210300', careCity: '110000' }, step: 2 });
    const page = await openPage('pages/wizard/index', {}, fake);
    await choose(page, '城乡居民医保');
    expect(title(page)).toBe('为什么要在外地看病？');
    expect(labels(page)).not.toContain('异地安置退休');
    expect(labels(page)).toContain('常驻异地工作');
    await tap(page, '.back');
    await choose(page, '职工医保');
    await choose(page, '已经退休');
    expect(labels(page)).toContain('异地安置退休');
    expect(labels(page)).not.toContain('常驻异地工作');
  });

  it('asks the stage in words that fit the care type: no 住院 or 出院 for the pharmacy', async () => {
    fake.storage.set('draft-v1', {
      answers: { insuredCity: '210300', careCity: '110000', scheme: 'resident', reason: 'temporary' },
      step: 4,
    });
    const page = await openPage('pages/wizard/index', {}, fake);
    await choose(page, '定点药店买药');
    expect(title(page)).toBe('药买了吗？');
    expect(labels(page)).toEqual(['还没去买药，正在准备', '已经买过药，钱都是自己付的']);
  });

  it('requires the date a stay that has begun needs, with one-tap days', async () => {
    fake.storage.set('draft-v1', {
      answers: {
        insuredCity: '210300',
        careCity: '110000',
        scheme: 'resident',
        reason: 'temporary',
        careType: 'inpatient',
      },
      step: 5,
    });
    const page = await openPage('pages/wizard/index', {}, fake);
    await choose(page, '已经住院了，但还没备案');
    expect(title(page)).toBe('哪天住的院？');
    await tap(page, '.next');
    expect(text(page, '.hint')).toBe('请选择日期');
    await tapEl($$(page, '.quick-day').find((d) => text(d) === '昨天')!);
    expect(title(page)).toBe('还想补充吗？（都可以跳过）');
    expect(
      (fake.storage.get('draft-v1') as { answers: { treatmentDate: string } }).answers.treatmentDate,
    ).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('says at once when both cities are the same, and lets the city be changed', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    await typeCity(page, '西安', '西安市');
    await typeCity(page, 'xa', '西安市');
    expect(text(page, '.same-city')).toContain('不需要办理异地就医备案');
    expect(text(page, '.same-city')).toContain('参保地和就医地都是西安市');
    await tap(page, '.change-city');
    expect(title(page)).toBe('您要在哪个城市看病？（就医地）');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '610100' } });
  });

  it('takes a city typed in full ("鞍山市") on 下一步, and says what to do when a name is unknown', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: '鞍山市' } });
    await settle();
    await tap(page, '.next');
    expect(title(page)).toBe('您要在哪个城市看病？（就医地）');
    $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: '火星' } });
    await settle();
    await tap(page, '.next');
    expect(text(page, '.hint')).toBe('没有找到“火星”，请从下面的列表里点选一个城市');
  });

  it('takes a typed city over the earlier answer when the person edits it, and says so when unknown', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300', careCity: '610100' }, step: 2 });
    const page = await openPage('pages/wizard/index', { field: 'insuredCity' }, fake);
    expect(title(page)).toBe('您在哪个城市参加医保？（参保地）');
    $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: '火星' } });
    await settle();
    await tap(page, '.next');
    expect(text(page, '.hint')).toBe('没有找到“火星”，请从下面的列表里点选一个城市');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '440300' } });
    $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: '鞍山市' } });
    await settle();
    await tap(page, '.next');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '210300' } });
  });

  it('finds a city by a district or county name, through the cities function', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    await typeCity(page, '莱芜', '济南市');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '370100' } });
  });

  it('opens the answers summary from the result, changes one answer in place and asks what it opens', async () => {
    fake.storage.set('draft-v1', {
      answers: {
        insuredCity: '210300',
        careCity: '110000',
        scheme: 'resident',
        reason: 'long_term_residence',
        hasProof: true,
        careType: 'inpatient',
        stage: 'planning',
      },
      step: 7,
    });
    fake.stack = ['pages/home/index', 'pages/wizard/index'];
    const page = await openPage('pages/wizard/index', { mode: 'summary' }, fake);
    expect(text(page, '.summary')).toContain('鞍山市');
    expect(text(page, '.summary')).toContain('城乡居民医保');
    await tapEl($$(page, '.summary-row').find((r) => text(r).includes('城乡居民医保'))!);
    expect(title(page)).toBe('您参加的是哪种医保？');
    await choose(page, '职工医保');
    // 职工 opens a question that was not asked before.
    expect(title(page)).toBe('您退休了吗？');
    await choose(page, '已经退休');
    expect(text(page, '.summary')).toContain('已经退休');
    await tap(page, '.see-result');
    expect(fake.stack).toEqual(['pages/home/index', 'pages/result/index']);
  });

  it('keeps every answer when going back, and when leaving and coming back', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '440300', careCity: '610100' }, step: 2 });
    const first = await openPage('pages/wizard/index', {}, fake);
    await choose(first, '职工医保');
    await tap(first, '.back');
    expect($$(first, '.choice.selected').map((c) => text(c))).toEqual([expect.stringMatching(/^职工医保/)]);
    await choose(first, '职工医保');
    const again = await openPage('pages/wizard/index', {}, fake);
    expect(title(again)).toBe('您退休了吗？');
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

  it('takes the optional estimate inputs, reading 85 as 85%, and shows them again when revisited', async () => {
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
    expect(title(page)).toBe('还想补充吗？（都可以跳过）');
    const fields = $$(page, '.field');
    fields[0].dispatchEvent('input', { detail: { value: '20000' } });
    fields[1].dispatchEvent('input', { detail: { value: '85' } });
    await settle();
    await tap(page, '.level');
    expect(fake.storage.get('draft-v1')).toMatchObject({
      answers: { coveredCost: 20000, localRatio: 0.85, hospitalLevel: 3 },
    });
    const again = await openPage('pages/wizard/index', {}, fake);
    // What the fields are bound to: the remembered values, written as the person typed them.
    expect((again.instance as unknown as { data: object }).data).toMatchObject({
      costText: '20000',
      ratioText: '85',
    });
  });

  it('opens the extras screen for a field it asks (修改这一项 after the functions refused a cost)', async () => {
    fake.storage.set('draft-v1', {
      answers: {
        insuredCity: '440300',
        careCity: '610100',
        scheme: 'resident',
        reason: 'temporary',
        careType: 'inpatient',
        stage: 'planning',
        coveredCost: 20000,
      },
      step: 0,
    });
    for (const field of ['coveredCost', 'localRatio', 'hospitalLevel', 'treatmentDate']) {
      const page = await openPage('pages/wizard/index', { field }, fake);
      expect(title(page)).toBe('还想补充吗？（都可以跳过）');
    }
    const page = await openPage('pages/wizard/index', { field: 'coveredCost' }, fake);
    $$(page, '.field')[0].dispatchEvent('input', { detail: { value: '300000000' } });
    await settle();
    expect(text(page, '.hint')).toBe('费用太大了，请填 1 亿元以内的数');
    // The refused figure is not kept: the last good one stays.
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { coveredCost: 20000 } });
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
