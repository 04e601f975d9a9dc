/** @jest-environment jsdom */
import { $$, installWx, openPage, settle, tap, text, waitFor, SITUATION, type FakeWx } from '../support/mp';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
  fake.storage.set('pending-v1', SITUATION);
});

describe('result page', () => {
  it('puts the verdict first, then papers, places, dates, settlement, the estimate and sources', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.headline')).toBe(
      '需要办理临时备案（其他临时外出就医），办好后在长沙市的联网定点医院可直接结算。',
    );
    expect(text(page, '.documents')).toContain('身份凭证');
    expect(text(page, '.channels')).toContain('国家医保服务平台APP');
    expect(text(page, '.dates')).toContain('如今天办理，有效期至2027年5月21日（至少）');
    expect(text(page, '.settlement')).toContain('直接结算');
    expect(text(page, '.ratio')).toBe('72%');
    expect(text(page, '.estimate')).toBe('14,400 元');
    expect(text(page, '.reimbursement')).toContain('报销比例为参保地本地比例的 80%');
    expect(text(page, '.warnings')).toContain('不要只选到省');
    expect(text(page, '.sources')).toContain('深圳市医疗保障办法');
    expect(text(page, '.sources')).toContain('核实于 2026-11-23');
    expect(fake.storage.get('recent-v1')).toEqual([expect.objectContaining({ title: '深圳市 → 长沙市' })]);
  });

  it('says to verify, and invents no range, when the 参保地 has no figure', async () => {
    fake.storage.set('pending-v1', {
      ...SITUATION,
      insuredCity: '210400',
      localRatio: undefined,
      coveredCost: undefined,
    });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.reimbursement')).toContain('需向参保地核实');
    expect(text(page, '.reimbursement')).not.toContain('百分点');
    expect(text(page, '.warnings')).toContain('暂未收录抚顺市自己的规定');
  });

  it('shows a clear message and a retry when the network drops, keeping the answers', async () => {
    fake.failNext = 3;
    const page = await openPage('pages/result/index', {}, fake);
    await waitFor(() => expect(text(page, '.error')).toContain('网络不太好'));
    expect(fake.calls).toHaveLength(3); // the call and two retries
    expect(fake.storage.get('pending-v1')).toEqual(SITUATION);
    await tap(page, '.retry');
    await waitFor(() => expect(text(page, '.headline')).toContain('需要办理临时备案'));
  }, 15_000);

  it("shows the function's own message for bad input, without retrying", async () => {
    fake.storage.set('pending-v1', { ...SITUATION, careType: 'chronic' });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.error')).toContain('选择“门诊慢特病”时，请选择病种');
    expect(fake.calls.filter((c) => c.name === 'evaluate')).toHaveLength(1);
  });

  it('makes a checklist and opens it', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    await tap(page, '.make-checklist');
    await settle(20);
    expect(fake.navigations).toEqual([
      expect.stringMatching(/^\/pages\/checklist\/index\?id=[A-Za-z0-9_-]{16}$/),
    ]);
  });

  it('copies a source link when tapped', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    $$(page, '.source')[0].dispatchEvent('tap');
    await settle();
    expect(fake.clipboard[0]).toMatch(/^https?:\/\//);
  });
});
