/** @jest-environment jsdom */
import {
  $$,
  installWx,
  openPage,
  settle,
  tap,
  tapEl,
  text,
  waitFor,
  SITUATION,
  type FakeWx,
} from '../support/mp';
import { realPack } from '../support/policy';
import { reportFor } from '../support/watch';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
  fake.storage.set('pending-v1', SITUATION);
  fake.stack = ['pages/home/index', 'pages/result/index'];
});

describe('result page', () => {
  it('starts with what to do now — the verdict, the first steps and 生成清单 — then the details', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const top = text(page, '.headline-card');
    expect(top).toContain('需要办理临时备案（其他临时外出就医），办好后在长沙市的联网定点医院可直接结算。');
    expect(top).toContain('现在要做1. 办理异地就医备案（临时备案）');
    expect(page.querySelector('.headline-card .make-checklist')).toBeDefined();
    expect(text(page, '.documents')).toContain('身份凭证');
    expect(text(page, '.channels')).toContain('国家医保服务平台APP');
    expect(text(page, '.dates')).toContain('如今天办理，有效期至2027年5月21日（至少）');
    expect(text(page, '.settlement')).toContain('直接结算');
    expect(text(page, '.ratio')).toBe('72%');
    expect(text(page, '.estimate')).toBe('14,400 元');
    // The caveat sits with the number, not below the fold.
    expect(text(page, '.estimate-box')).toContain('没有扣起付线');
    expect(text(page, '.reimbursement')).toContain('政策范围内费用');
    expect(text(page, '.sources')).toContain('深圳市医疗保障办法');
    expect(fake.storage.get('recent-v1')).toEqual([expect.objectContaining({ title: '深圳市 → 长沙市' })]);
  });

  it('shows how to get paid more, where the data shows a difference', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const options = text(page, '.options');
    expect(options).toContain('开具转诊转院证明，按“异地转诊”备案');
    expect(options).toContain('预计报销比例从约 72% 提高到约 90%');
  });

  it('puts "暂未收录" inside the top card, and invents no range, when the 参保地 has no figure', async () => {
    fake.storage.set('pending-v1', {
      ...SITUATION,
      insuredCity: '210400',
      localRatio: undefined,
      coveredCost: undefined,
    });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.headline-card .no-data')).toContain('暂未收录抚顺市自己的规定');
    expect(text(page, '.warnings')).not.toContain('暂未收录');
    // 抚顺 has no figure: the national ceiling (A) is shown as a range, never a rate.
    expect(text(page, '.reimbursement')).toContain('只知道范围');
    expect(text(page, '.reimbursement')).toContain('这是上限，不是实际降幅');
    expect(page.querySelector('.options')).toBeUndefined();
  });

  it('shows three warnings, the rest behind 展开', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const shown = () => $$(page, '.warning').length;
    expect(shown()).toBe(3);
    await tap(page, '.show-all');
    expect(shown()).toBeGreaterThan(3);
  });

  it('offers no checklist where there is nothing to do (the same city)', async () => {
    fake.storage.set('pending-v1', { ...SITUATION, careCity: '440300' });
    const page = await openPage('pages/result/index', {}, fake);
    expect(page.querySelector('.make-checklist')).toBeUndefined();
    expect(text(page, '.no-checklist')).toContain('不需要清单');
  });

  it('shows a source sentence (原文) on tap, marks copies as 转载, and copies the link', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const copy = $$(page, '.source').find((s) => text(s).includes('海峡都市报'))!;
    expect(text(copy)).toContain('媒体或机构转述');
    await tapEl($$(page, '.source-head').find((s) => text(s).includes('深圳市人民政府'))!);
    expect(text(page, '.quotes')).toContain('市内就医支付比例的80%支付');
    await tap(page, '.copy-link');
    expect(fake.clipboard[0]).toMatch(/^https?:\/\//);
    const chancheng = $$(page, '.source').find((s) => text(s).includes('禅城发布'));
    if (chancheng) expect(text(chancheng)).toContain('转载');
  });

  it('says for each source when its sentences were last found on its page, or that it could not be read lately', async () => {
    const pack = realPack();
    const ids = Object.keys(pack.sources).filter((id) => ['A', 'B'].includes(pack.sources[id].grade));
    await fake.deps.watches.record(
      reportFor(pack, Object.fromEntries(ids.map((id) => [id, id === 'shenzhen-358-reply' ? 'gone' : 'ok']))),
    );
    const page = await openPage('pages/result/index', {}, fake);
    await waitFor(() => expect(text(page, '.sources')).toContain('深圳市人民政府'));
    const sources = $$(page, '.source').map((s) => text(s));
    expect(sources.find((s) => s.includes('深圳市人民政府'))).toContain('原文近期无法核对');
    expect(
      sources
        .filter((s) => !s.includes('深圳市人民政府'))
        .every((s) => s.includes('原文核对于2026年12月7日')),
    ).toBe(true);
  });

  it('copies a channel name to search for it', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    await tapEl($$(page, '.channel-action')[0]);
    // The 参保地's province channel comes before the national ones.
    expect(fake.clipboard).toEqual(['粤医保小程序']);
  });

  it('shows a clear message and a retry when the network drops, keeping the answers', async () => {
    fake.failNext = 3;
    const page = await openPage('pages/result/index', {}, fake);
    await waitFor(() => expect(text(page, '.error')).toContain('网络不太好'));
    expect(fake.calls).toHaveLength(3); // the call and two retries
    expect(fake.storage.get('pending-v1')).toEqual(SITUATION);
    expect(text(page, '.home')).toBe('返回首页');
    await tap(page, '.retry');
    await waitFor(() => expect(text(page, '.headline')).toContain('需要办理临时备案'));
  }, 15_000);

  it("shows the function's own message for bad input, and 修改这一项 opens that question", async () => {
    fake.storage.set('pending-v1', { ...SITUATION, careType: 'chronic' });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.error')).toContain('选择“门诊慢特病”时，请选择病种');
    expect(fake.calls.filter((c) => c.name === 'evaluate')).toHaveLength(1);
    await tap(page, '.edit-field');
    expect(fake.navigations).toEqual(['redirect:/pages/wizard/index?field=chronicDisease']);
    expect(fake.stack).toEqual(['pages/home/index', 'pages/wizard/index']);
  });

  it('makes a checklist and opens it', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    await tap(page, '.make-checklist');
    await settle(20);
    expect(fake.navigations).toEqual([
      expect.stringMatching(/^\/pages\/checklist\/index\?id=[A-Za-z0-9_-]{16}$/),
    ]);
  });

  it('opens the answers summary in its own place: the page stack does not grow', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    await tap(page, '.edit-answers');
    expect(fake.stack).toEqual(['pages/home/index', 'pages/wizard/index']);
  });
});
