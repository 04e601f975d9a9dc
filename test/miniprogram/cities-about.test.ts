/** @jest-environment jsdom */
import fc from 'fast-check';
import { PARAMETERS } from '../../cloudfunctions/common/policy/schema';
import { describeAny, RULE_TEXT, ruleText } from '../../miniprogram/utils/rule-text';
import { $, $$, installWx, openPage, settle, tap, tapEl, text, waitFor, type FakeWx } from '../support/mp';
import { chinaDate } from '../../cloudfunctions/common/contract/dates';
import { NOW } from '../support/functions';
import { realPack } from '../support/policy';
import { reportFor } from '../support/watch';

let fake: FakeWx;
beforeEach(async () => {
  fake = await installWx();
});

describe('cities page', () => {
  it('finds a city by initials and opens it', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    $(page, '.search').dispatchEvent('input', { detail: { value: 'dt' } });
    await settle();
    const hit = $$(page, '.result').find((r) => text(r).startsWith('大同市'));
    expect(hit).toBeDefined();
    hit!.dispatchEvent('tap');
    await settle();
    expect(fake.navigations).toEqual(['/pages/city/index?code=140200']);
  });

  it('fetches the city list once and then searches on the phone', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    for (const q of ['x', 'xa', 'xia']) {
      $(page, '.search').dispatchEvent('input', { detail: { value: q } });
      await settle();
    }
    expect(fake.calls.filter((c) => c.name === 'cities')).toHaveLength(1);
    expect(fake.storage.get('cities-v2')).toHaveLength(337);
  });

  it('says when nothing matches', async () => {
    const page = await openPage('pages/cities/index', {}, fake);
    $(page, '.search').dispatchEvent('input', { detail: { value: 'zzzq' } });
    await settle();
    expect(text(page, '.empty')).toBe('没有找到这个城市');
  });
});

describe('city page', () => {
  it("shows a city's rules in plain words with their sources", async () => {
    const page = await openPage('pages/city/index', { code: '440300' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('深圳市'));
    const rules = $$(page, '.rule').map((r) => text(r));
    expect(rules.find((r) => r.startsWith('报销比例调整'))).toContain('其他临时外出就医：本地比例的 80%');
    expect(rules.some((r) => r.includes('（全省）'))).toBe(true);
    expect(text(page)).toContain('深圳市人民政府');
    expect(page.querySelector('.no-rules')).toBeUndefined();
  });

  it('says since when each rule applies — or that its date is not stated — and shows its sentence on tap', async () => {
    const page = await openPage('pages/city/index', { code: '440300' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('深圳市'));
    const rule = $$(page, '.rule').find((r) => text(r).startsWith('报销比例调整'))!;
    // 深圳's page states no date: never "自2026年11月1日起".
    expect(text(rule)).toContain('生效日期未注明（2026年11月查阅时有效）');
    expect(text(page)).not.toContain('自2026年11月1日起');
    // The rule cards in order, and the 原文 link of the one about the reimbursement.
    const withQuotes = $$(page, '.rule').filter((r) => text(r).endsWith('原文'));
    await tapEl($$(page, '.quote-toggle')[withQuotes.findIndex((r) => text(r) === text(rule))]);
    expect(text(page, '.quotes')).toContain('按照市内就医支付比例的80%支付');
    // A copy of the publisher's text is marked as one.
    expect(text(page, '.sources')).toContain('转载');
  });

  it("marks a city's rule that a newer provincial one probably replaced", async () => {
    const page = await openPage('pages/city/index', { code: '371300' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('临沂市'));
    expect(text(page, '.superseded')).toContain('可能已被山东省鲁医保发〔2024〕58号（2025年4月起）取代');
    expect(text(page)).toContain('自2023年10月1日起');
  });

  it('says plainly when a city has no rules of its own, and offers to start from it', async () => {
    const page = await openPage('pages/city/index', { code: '540100' }, fake);
    await waitFor(() => expect(text(page, '.no-rules')).toContain('暂未收录拉萨市自己的规定'));
    await tap(page, '.ask-about');
    expect(fake.storage.get('draft-v1')).toEqual({ answers: { insuredCity: '540100' }, step: 0 });
    expect(fake.navigations).toEqual(['/pages/wizard/index']);
  });

  it('asks before replacing answers half given for another 参保地', async () => {
    const half = { answers: { insuredCity: '210300', careCity: '110000', scheme: 'employee' }, step: 3 };
    fake.storage.set('draft-v1', half);
    const page = await openPage('pages/city/index', { code: '540100' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('拉萨市'));
    fake.confirm = false;
    await tap(page, '.ask-about');
    expect(fake.modals.at(-1)).toContain('上次填到一半的答案会被换掉');
    expect(fake.storage.get('draft-v1')).toEqual(half);
    expect(fake.navigations).toEqual([]);
    fake.confirm = true;
    await tap(page, '.ask-about');
    expect(fake.storage.get('draft-v1')).toEqual({ answers: { insuredCity: '540100' }, step: 0 });
    expect(fake.navigations).toEqual(['/pages/wizard/index']);
  });

  describe('with the weekly re-read of the sources', () => {
    const pack = realPack();
    // 鞍山's rules and the source they quote (looked up, so a change of the register does not break this).
    const anshanSource = pack.cities['210300'].params['validity.longTermChangeLockMonths']!.at(-1)!.source;
    const lockKey = pack.cities['210300'].params['validity.longTermChangeLockMonths']!.at(-1)!
      .quote as string;
    const open = async () => {
      const page = await openPage('pages/city/index', { code: '210300' }, fake);
      await waitFor(() => expect(text(page, '.h1')).toBe('鞍山市'));
      return page;
    };
    const ruleCard = (page: Awaited<ReturnType<typeof open>>, title: string) =>
      $$(page, '.rule').find((r) => text(r).startsWith(title))!;

    it('says per rule when its sentences were last found on the page', async () => {
      await fake.deps.watches.record(reportFor(pack, { [anshanSource]: 'ok' }));
      const page = await open();
      const checked = $$(page, '.checked').map((c) => text(c));
      expect(checked.length).toBe($$(page, '.rule').length);
      expect(checked.every((c) => c === '原文核对于2026年12月7日')).toBe(true);
      expect(text(page, '.sources')).toContain('原文核对于2026年12月7日');
    });

    it('says 原文近期无法核对 when the page could not be read, and keeps the rules', async () => {
      await fake.deps.watches.record(reportFor(pack, { [anshanSource]: 'unreachable' }));
      const page = await open();
      expect(text(ruleCard(page, '长期备案变更限制'))).toContain('原文近期无法核对');
      expect(text(ruleCard(page, '长期备案变更限制'))).toContain('生效后 6 个月内不能变更或取消');
      expect(page.querySelector('.quote-gone')).toBeUndefined();
    });

    it('marks 待核实 a rule whose sentence is no longer on the page', async () => {
      await fake.deps.watches.record(reportFor(pack, { [anshanSource]: { missing: [lockKey] } }));
      const page = await open();
      const lock = ruleCard(page, '长期备案变更限制');
      expect(text(lock)).toContain('待核实：这条规定的原文在网页上已经找不到');
      expect(text(lock)).toContain('2026年12月7日核对时原文已找不到');
      expect($$(page, '.quote-gone')).toHaveLength(1);
      expect(text(page, '.sources')).toContain('原文有变化（2026年12月7日核对）');
    });

    it('without a real check, says the day a person read the source', async () => {
      const page = await open();
      expect(text(ruleCard(page, '长期备案变更限制'))).toContain('人工查阅于');
      expect(text(page)).not.toContain('原文核对于');
    });
  });

  it('offers a retry when the call fails', async () => {
    fake.failNext = 6; // the rules and the city names (for places the rules mention), each tried three times
    const page = await openPage('pages/city/index', { code: '440300' }, fake);
    await waitFor(() => expect(text(page, '.error')).toContain('网络不太好'));
    await tap(page, '.retry');
    await waitFor(() => expect(text(page, '.h1')).toBe('深圳市'));
  }, 15_000);
});

describe('every city page with data, in words', () => {
  const pack = realPack();
  // The pages show the rules in force on the functions' day (NOW): a layer whose only rule starts
  // later has nothing to show yet.
  const today = chinaDate(NOW);
  const layers = [...Object.values(pack.cities), ...Object.values(pack.provinces)].filter((layer) =>
    Object.values(layer.params).some((values) => values.some((v) => v.from <= today)),
  );
  // A province's rules show on the page of each of its cities: its capital stands for them.
  const pages = layers.map((layer) => {
    const place =
      pack.places[layer.code] ??
      Object.values(pack.places).find((p) => p.provinceCode === layer.code && p.code.endsWith('0100')) ??
      Object.values(pack.places).find((p) => p.provinceCode === layer.code)!;
    return [`${layer.name}（${place.name}）`, place.code] as const;
  });

  it('has a sentence for every kind of rule the data can hold — a new kind fails here until it gets one', () => {
    const inData = new Set([...layers, pack.national].flatMap((layer) => Object.keys(layer.params)));
    const kinds = new Set([...Object.keys(PARAMETERS), ...inData]);
    expect([...kinds].filter((kind) => !RULE_TEXT[kind])).toEqual([]);
  });

  it.each(pages)('%s shows its rules in words: no raw data', async (_name, code) => {
    const page = await openPage('pages/city/index', { code }, fake);
    await waitFor(() => expect(page.querySelector('.rule')).toBeDefined());
    const shown = text(page);
    expect(shown).not.toMatch(/[{}[\]]|undefined|null|NaN|\[object/);
    // No rule is left without words, nor shown under its data name.
    for (const rule of $$(page, '.rule')) expect(text(rule)).not.toMatch(/^[a-z]|其他规定/);
  });

  it('shows a cut that depends on why the bill was not settled directly, with that condition', async () => {
    const page = await openPage('pages/city/index', { code: '222400' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('延边朝鲜族自治州'));
    const cuts = $$(page, '.rule').find((r) => text(r).startsWith('报销比例调整'))!;
    expect(text(cuts)).toContain(
      '其他临时外出就医·没有直接结算、回参保地报销的：降低 30 个百分点（其中10个百分点是没在医院直接结算、原因在本人时才降的',
    );
  });

  // 青岛's list (raw data before) is a lead since its page was lost; 枣庄's, the same shape, is shown.
  it('shows 枣庄 证明材料 as sentences', async () => {
    const page = await openPage('pages/city/index', { code: '370400' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('枣庄市'));
    const proofs = $$(page, '.rule').find((r) => text(r).startsWith('证明材料'))!;
    expect(text(proofs)).toContain('异地安置退休：居住证明、户口簿、异地工作证明，任选一种');
    expect(text(proofs)).toContain('其他临时外出就医：不用提供证明材料');
  });

  it('names the places and people a rule is for, and can be forwarded', async () => {
    const names: Record<string, string> = { '420000': '湖北省', '420600': '襄阳市' };
    const rule = {
      layer: 'province' as const,
      param: 'reimbursement.adjustments',
      from: '2025-07-01',
      fromIs: 'published' as const,
      sourceId: 's',
      quotes: [],
      check: { state: 'unchecked' as const },
      value: [
        { when: { careProvinces: ['420000'], careCities: ['420600'], filed: false }, method: 'same' },
        { when: { retired: true, exempt: true }, method: 'points', value: 0.1 },
      ],
    };
    expect(ruleText(rule, (code) => names[code] ?? code)).toEqual({
      title: '报销比例调整',
      lines: ['没有备案的·去湖北省、襄阳市看病：与本地相同', '退休人员·不用备案的：降低 10 个百分点'],
    });
    const page = await openPage('pages/city/index', { code: '430100' }, fake);
    await waitFor(() => expect(text(page, '.h1')).toBe('长沙市'));
    const card = (
      page.instance as unknown as { onShareAppMessage(): { title: string; path: string } }
    ).onShareAppMessage();
    expect(card).toEqual({ title: '长沙市的异地就医规定', path: '/pages/city/index?code=430100' });
  });

  it('puts any value in words, whatever shape a new kind of rule has', () => {
    // Any JSON whose own texts have no brackets: whatever brackets came out, the shape put there.
    const words = fc.string().map((s) => s.replace(/[{}[\]]/g, ''));
    const { json } = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true }),
        words,
        fc.array(tie('json')),
        fc.dictionary(words, tie('json')),
      ),
    }));
    // A key named like an Object.prototype member once printed "function toString() { [native code] }".
    expect(describeAny({ toString: [], constructor: 1 })).toBe('toString：；constructor：1');
    fc.assert(
      fc.property(json, (value) => {
        expect(describeAny(value)).not.toMatch(/[{}[\]]/);
      }),
    );
  });
});

describe('about page', () => {
  it('explains the sources, freshness and what the app is not', async () => {
    fake.storage.set('recent-v1', [{ situation: {}, headline: '', title: '', at: '2026-11-22' }]);
    const page = await openPage('pages/about/index', {}, fake);
    expect(text(page)).toContain('官方网页');
    expect(text(page)).toContain('您最近一次查询是在 2026-11-22');
    expect(text(page)).toContain('不收集姓名、身份证号和手机号');
  });
});
