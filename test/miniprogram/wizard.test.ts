/** @jest-environment jsdom */
import { SETTLE_MS } from '../../miniprogram/utils/tap-guard';
import {
  $,
  $$,
  advanceClock,
  ANSHAN_RETIREE,
  doubleTap,
  installWx,
  openPage,
  settle,
  tap,
  tapEl,
  text,
  waitFor,
  type FakeWx,
} from '../support/mp';

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
    expect(fake.storage.get('pending-v1')).toEqual(ANSHAN_RETIREE);
  });

  it('offers only answers valid with the ones given: 异地安置退休 to retired 职工, 常驻异地工作 to 职工 at work', async () => {
    fake.storage.set('draft-v1', { answers: { insuredCity: '210300', careCity: '110000' }, step: 2 });
    const page = await openPage('pages/wizard/index', {}, fake);
    await choose(page, '城乡居民医保');
    expect(title(page)).toBe('为什么要在外地看病？');
    // No employer posts a 城乡居民 anywhere.
    expect(labels(page)).not.toContain('异地安置退休');
    expect(labels(page)).not.toContain('常驻异地工作');
    expect(labels(page)).toContain('异地长期居住');
    await tap(page, '.back');
    await choose(page, '职工医保');
    await choose(page, '已经退休');
    expect(labels(page)).toContain('异地安置退休');
    expect(labels(page)).not.toContain('常驻异地工作');
    await tap(page, '.back');
    await choose(page, '还在上班');
    expect(labels(page)).toContain('常驻异地工作');
    expect(labels(page)).not.toContain('异地安置退休');
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

describe('a double tap answers only the question it was meant for', () => {
  const draft = (answers: object, step: number) => fake.storage.set('draft-v1', { answers, step });
  const saved = () => (fake.storage.get('draft-v1') as { answers: Record<string, unknown> }).answers;
  /** The choice at the same place as `label`, on whatever screen shows now. */
  const samePlaceAs = (page: Page, label: string) => {
    const index = labels(page).indexOf(label);
    return () => $$(page, '.choice')[index];
  };

  it('takes the first tap on 职工医保 and ignores the second, which lands on 您退休了吗', async () => {
    draft({ insuredCity: '210300', careCity: '110000' }, 2);
    const page = await openPage('pages/wizard/index', {}, fake);
    await doubleTap($$(page, '.choice')[0], samePlaceAs(page, '职工医保'));
    expect(title(page)).toBe('您退休了吗？');
    expect(saved()).toEqual({ insuredCity: '210300', careCity: '110000', scheme: 'employee' });
    expect($$(page, '.choice.selected')).toHaveLength(0);
  });

  it('ignores a second tap on 住院 that lands on the stage question: no planning verdict for a patient in hospital', async () => {
    draft({ insuredCity: '210300', careCity: '110000', scheme: 'resident', reason: 'temporary' }, 4);
    const page = await openPage('pages/wizard/index', {}, fake);
    const choice = $$(page, '.choice').find((c) => text(c).startsWith('住院'))!;
    await doubleTap(choice, samePlaceAs(page, '住院'));
    expect(title(page)).toBe('现在到哪一步了？');
    expect(saved()).not.toHaveProperty('stage');
    await choose(page, '已经住院了，但还没备案');
    expect(title(page)).toBe('哪天住的院？');
  });

  it('does not swallow a deliberate tap on the new question made after a normal pause', async () => {
    draft({ insuredCity: '210300', careCity: '110000' }, 2);
    const page = await openPage('pages/wizard/index', {}, fake);
    await tapEl($$(page, '.choice')[0]);
    // Just after the screen settles: a quick reader, still taken.
    advanceClock(SETTLE_MS);
    $$(page, '.choice')[1].dispatchEvent('tap');
    await settle();
    expect(saved()).toMatchObject({ scheme: 'employee', retired: false });
    expect(title(page)).toBe('为什么要在外地看病？');
  });

  it('goes back one question for a double tap on 上一步, and one city for a double tap on a city', async () => {
    draft({ insuredCity: '210300', careCity: '110000', scheme: 'employee', retired: true }, 4);
    const page = await openPage('pages/wizard/index', {}, fake);
    expect(title(page)).toBe('为什么要在外地看病？');
    await doubleTap($(page, '.back'), () => $(page, '.back'));
    expect(title(page)).toBe('您退休了吗？');

    const fresh = await openPage('pages/wizard/index', {}, await installWx());
    const picker = $(fresh, '.picker-field');
    $(picker, '.search').dispatchEvent('input', { detail: { value: '鞍山' } });
    await settle();
    // The second tap lands on the 就医地 screen's box, where the list was.
    await doubleTap($$(picker, '.result')[0], () => $$(picker, '.result')[0] ?? $(picker, '.search'));
    expect(title(fresh)).toBe('您要在哪个城市看病？（就医地）');
  });
});

describe('the city step', () => {
  it('starts the next city with an empty box: what was typed for 参保地 does not carry over', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: '鞍山市' } });
    await settle();
    await tap(page, '.next');
    expect(title(page)).toBe('您要在哪个城市看病？（就医地）');
    const picker = $(page, '.picker-field');
    expect((picker.instance as unknown as { data: { query: string } }).data.query).toBe('');
    expect($$(picker, '.result')).toHaveLength(0);
    // 下一步 with the box empty asks for a city rather than taking 鞍山 again.
    await tap(page, '.next');
    expect(text(page, '.hint')).toBe('请先输入并点选一个城市');
  });

  it('takes the only city the list shows on 下一步: 辽宁鞍山, 襄樊, 哈市', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    const typeAndNext = async (query: string) => {
      $($(page, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: query } });
      await settle();
      await tap(page, '.next');
    };
    await typeAndNext('辽宁鞍山');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { insuredCity: '210300' } });
    await typeAndNext('襄樊');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { careCity: '420600' } });
    await tap(page, '.back');
    await typeAndNext('哈市');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { careCity: '230100' } });
    // Several cities listed: nothing is taken for the person.
    await tap(page, '.back');
    await typeAndNext('辽宁');
    expect(text(page, '.hint')).toBe('没有找到“辽宁”，请从下面的列表里点选一个城市');
  });

  it('lists a city under its former or everyday name, saying which it is now', async () => {
    const page = await openPage('pages/wizard/index', {}, fake);
    const picker = $(page, '.picker-field');
    $(picker, '.search').dispatchEvent('input', { detail: { value: '襄樊' } });
    await settle();
    expect($$(picker, '.result').map((r) => text(r))).toEqual(['襄樊 →襄阳市湖北省']);
  });
});

describe('修改 from a result edits the case that result showed', () => {
  const anshan = { ...ANSHAN_RETIREE, hasProof: false };
  const halfDone = { answers: { insuredCity: '610100', careCity: '310000', scheme: 'resident' }, step: 3 };

  it('shows that case in every row, takes the change to it, and leaves a half-done draft for other cities alone', async () => {
    fake.storage.set('draft-v1', halfDone);
    fake.storage.set('pending-v1', anshan);
    const page = await openPage('pages/wizard/index', { mode: 'summary' }, fake);
    await settle(10);
    const rows = $$(page, '.summary-row').map((r) => text(r));
    expect(rows).toEqual([
      '参保地鞍山市修改',
      '就医地北京市修改',
      '医保类型职工医保修改',
      '退休了吗已经退休修改',
      '为什么在外地看病异地安置退休修改',
      '备案的证明材料在手上吗没有或不齐修改',
      '看病类型住院修改',
      '现在到哪一步了还没去看病，正在准备修改',
      '补充（可跳过）没有填修改',
    ]);
    await tapEl($$(page, '.summary-row').find((r) => text(r).includes('没有或不齐'))!);
    await choose(page, '有');
    await tap(page, '.see-result');
    expect(fake.storage.get('pending-v1')).toEqual({ ...anshan, hasProof: true });
    expect(fake.storage.get('draft-v1')).toEqual(halfDone);
    expect(fake.navigations.at(-1)).toBe('redirect:/pages/result/index');
  });

  it('keeps the draft in step when it is this very case', async () => {
    fake.storage.set('draft-v1', { answers: anshan, step: 8 });
    fake.storage.set('pending-v1', anshan);
    const page = await openPage('pages/wizard/index', { mode: 'summary' }, fake);
    await tapEl($$(page, '.summary-row').find((r) => text(r).includes('没有或不齐'))!);
    await choose(page, '有');
    expect(fake.storage.get('draft-v1')).toMatchObject({ answers: { ...anshan, hasProof: true } });
  });

  it('reopens the result as the checklist’s when nothing was changed, and as a new case when something was', async () => {
    fake.storage.set('pending-v1', anshan);
    const page = await openPage(
      'pages/wizard/index',
      { mode: 'summary', checklist: 'abcdefghijklmnop' },
      fake,
    );
    await tap(page, '.see-result');
    expect(fake.navigations.at(-1)).toBe('redirect:/pages/result/index?checklist=abcdefghijklmnop');
    const again = await openPage(
      'pages/wizard/index',
      { mode: 'summary', checklist: 'abcdefghijklmnop' },
      fake,
    );
    await tapEl($$(again, '.summary-row').find((r) => text(r).includes('住院'))!);
    await choose(again, '普通门诊');
    await tap(again, '.see-result');
    expect(fake.navigations.at(-1)).toBe('redirect:/pages/result/index');
  });
});
