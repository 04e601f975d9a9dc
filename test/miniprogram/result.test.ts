/** @jest-environment jsdom */
import type { ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import {
  $$,
  ANSHAN_RETIREE,
  callChecklist,
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
    // The footer counts the re-read too, not only the day a person last read a source.
    expect(text(page, '.sources')).toContain('以上政策依据最近一次核对在2026年12月7日');
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

  it('says the day a 补办 must start from, and no end date, when nothing was filed before paying in full', async () => {
    fake.storage.set('pending-v1', {
      ...SITUATION,
      stage: 'discharged_self_paid',
      treatmentDate: '2026-11-01',
      coveredCost: undefined,
      localRatio: undefined,
    });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.dates')).toBe('重要日期补办备案要从这天起2026年11月1日');
    expect(text(page, '.headline-card')).toContain(
      '补办时，备案开始日期要从2026年11月1日（入院那天）或更早算起，这次的费用才在备案范围内；能不能这样填，请向参保地问清。',
    );
    expect(text(page)).not.toContain('有效期至');
  });

  it('says "到这天为止" for the last day a long-term filing cannot be changed', async () => {
    fake.storage.set('pending-v1', ANSHAN_RETIREE);
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.dates')).toContain('到这天为止不能变更或取消2027年5月21日');
    expect(text(page, '.dates')).not.toContain('之前');
    // 鞍山's own counter, once: not again as 参保地医保经办机构窗口.
    const channels = $$(page, '.channel-name').map((c) => text(c));
    expect(channels).toContain('鞍山市医保经办窗口');
    expect(channels).not.toContain('参保地医保经办机构窗口');
  });

  it('says why a typed 费用 or 本地比例 gives no estimate, instead of dropping it', async () => {
    // 深圳 pays 80% of its own ratio: without that ratio there is nothing to multiply.
    fake.storage.set('pending-v1', { ...SITUATION, localRatio: undefined });
    const page = await openPage('pages/result/index', {}, fake);
    expect(text(page, '.unused-inputs')).toBe(
      '您填了费用 20,000 元，但还不知道您在深圳市看病一般能报多少，所以没法估算。在“修改填写内容”的最后一步填上本地报销比例，就能估算。',
    );
    // 抚顺→大连 stays in 辽宁, whose own rules are not recorded (the national caps are for 跨省
    // trips): the cost and the ratio typed cannot be used, and it says so.
    fake.storage.set('pending-v1', { ...SITUATION, insuredCity: '210400', careCity: '210200' });
    const fushun = await openPage('pages/result/index', {}, fake);
    expect(text(fushun, '.unused-inputs')).toBe(
      '您填了费用 20,000 元，但抚顺市对这种情况能报多少还没有明确的规定，所以没法估算能报多少钱。您填的本地报销比例（90%）这次没有用上：还不知道抚顺市对这种情况怎么调整报销比例。',
    );
    // Used: no such note.
    fake.storage.set('pending-v1', SITUATION);
    const used = await openPage('pages/result/index', {}, fake);
    expect(used.querySelector('.unused-inputs')).toBeUndefined();
  });

  it('says when the policies were last checked, not a version code', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const freshness = text(page, '.sources');
    expect(freshness).toMatch(/以上政策依据最近一次核对在\d{4}年\d{1,2}月\d{1,2}日/);
    expect(freshness).not.toMatch(/版本|[0-9a-f]{8}/);
  });

  it('can be forwarded: the card opens the same case on another phone, without the amounts typed', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    const card = (
      page.instance as unknown as { onShareAppMessage(): { title: string; path: string } }
    ).onShareAppMessage();
    expect(card.title).toBe('异地就医怎么办：深圳市 → 长沙市');
    expect(card.path).not.toMatch(/coveredCost|localRatio|20000/);
    const [route, query] = card.path.replace(/^\//, '').split('?');
    const parent = await installWx({ openid: 'grandma' });
    const opened = await openPage(route, Object.fromEntries(new URLSearchParams(query)), parent);
    expect(text(opened, '.headline')).toBe(text(page, '.headline'));
    const { coveredCost: _c, localRatio: _r, ...withoutMoney } = SITUATION;
    expect(parent.storage.get('pending-v1')).toEqual(withoutMoney);
  });

  it('edits the case on screen: 修改 after another result was opened meanwhile still edits this one', async () => {
    const page = await openPage('pages/result/index', {}, fake);
    // Another case is opened and closed (a recent, on the home page below) before the person comes back.
    fake.storage.set('pending-v1', { ...SITUATION, insuredCity: '210300' });
    await tap(page, '.edit-answers');
    expect(fake.storage.get('pending-v1')).toEqual(SITUATION);
  });
});

describe('a result opened from a checklist', () => {
  let list: ChecklistView;
  const as = <T = ChecklistView>(openid: string, event: object) => callChecklist<T>(fake, openid, event);
  beforeEach(async () => {
    list = await as('parent', { action: 'create', situation: SITUATION });
    await as('son', { action: 'join', id: list.id, shareToken: list.shareToken });
    fake.openid = 'son';
    fake.stack = ['pages/checklist/index', 'pages/result/index'];
    fake.stackQueries = [{ id: list.id, token: list.shareToken! }, { checklist: list.id }];
  });

  it('offers 回到这份清单, not a second checklist, and goes back to it', async () => {
    const page = await openPage('pages/result/index', { checklist: list.id }, fake);
    expect(page.querySelector('.make-checklist')).toBeUndefined();
    expect(text(page, '.back-to-checklist')).toBe('回到这份清单');
    await tap(page, '.back-to-checklist');
    expect(fake.navigations).toEqual(['back']);
    expect(fake.stack).toEqual(['pages/checklist/index']);
    expect(await fake.deps.checklists.list('son', 10)).toHaveLength(1);
  });

  it('opens the checklist when it is not below (from 最近查过), and remembers it there', async () => {
    fake.stack = ['pages/home/index', 'pages/result/index'];
    fake.stackQueries = [{}, { checklist: list.id }];
    const page = await openPage('pages/result/index', { checklist: list.id }, fake);
    expect(fake.storage.get('recent-v1')).toEqual([expect.objectContaining({ checklistId: list.id })]);
    await tap(page, '.back-to-checklist');
    expect(fake.navigations).toEqual([`/pages/checklist/index?id=${list.id}`]);
  });

  it('offers 生成清单 again once the person is no longer on that checklist', async () => {
    await as('son', { action: 'leave', id: list.id });
    const page = await openPage('pages/result/index', { checklist: list.id }, fake);
    expect(page.querySelector('.back-to-checklist')).toBeUndefined();
    expect(text(page, '.make-checklist')).toBe('生成清单，分享给家人');
  });

  it('edits that case from 修改填写内容: every row filled, on a phone that never filled the wizard', async () => {
    fake.storage.set('pending-v1', (await as('son', { action: 'get', id: list.id })).situation);
    const page = await openPage('pages/result/index', { checklist: list.id }, fake);
    await tap(page, '.edit-answers');
    expect(fake.navigations.at(-1)).toBe(`redirect:/pages/wizard/index?mode=summary&checklist=${list.id}`);
    const summary = await openPage('pages/wizard/index', { mode: 'summary', checklist: list.id }, fake);
    await settle(10);
    const values = $$(summary, '.summary-value').map((v) => text(v));
    expect(values).not.toContain('还没填');
    expect(values.slice(0, 2)).toEqual(['深圳市', '长沙市']);
    await tap(summary, '.see-result');
    expect(fake.navigations.at(-1)).toBe(`redirect:/pages/result/index?checklist=${list.id}`);
  });
});
