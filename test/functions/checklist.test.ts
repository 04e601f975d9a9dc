import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import type { Deps } from '../../cloudfunctions/common/runtime/deps';
import type { ChecklistCodeView, ChecklistPage } from '../../typings/api';
import { decodeChecklistScene } from '../../miniprogram/shared/scene';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caller, data, testDeps } from '../support/functions';
import { tempDir } from '../support/stores';

const situation = {
  insuredCity: '鞍山',
  careCity: '北京',
  scheme: 'employee',
  retired: true,
  // 鞍山's 承诺制 (6 months) is stated for 异地长期居住人员.
  reason: 'long_term_residence',
  careType: 'inpatient',
  stage: 'planning',
  hasProof: false,
  treatmentDate: '2026-12-01',
};

/** Not the same situation as `situation`: another person's, or another trip. */
const other = { ...situation, careCity: '上海' };

async function setup(): Promise<{ deps: Deps; call: ReturnType<typeof caller>; list: ChecklistView }> {
  const deps = await testDeps();
  const call = caller(deps);
  const list = data(
    await call(checklistFunction, { action: 'create', situation }, 'parent'),
  ) as ChecklistView;
  return { deps, call, list };
}

const view = (result: Awaited<ReturnType<ReturnType<typeof caller>>>) => data(result) as ChecklistView;

describe('checklist function', () => {
  it('creates a checklist from a situation: papers and the steps of the plan, nothing ticked', async () => {
    const { list } = await setup();
    expect(list).toMatchObject({
      role: 'owner',
      me: '创建者',
      memberCount: 0,
      title: '鞍山市 → 北京市（异地长期居住）',
      insuredCity: '鞍山市',
      careCity: '北京市',
      category: 'long_term',
      // Not filed yet: the dates a filing made today would have; no reminder date until it is.
      validity: { basis: 'if_filed_today', until: '2027-05-21', filedOn: null, term: { months: 6 } },
      validUntil: null,
      canSubscribe: true,
    });
    expect(list.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(list.shareToken).toMatch(/^[A-Za-z0-9_-]{15}$/);
    expect(list.items.map((i) => i.id)).toEqual([
      // What the verdict cannot answer comes first, as a question to ask.
      'ask-reimbursement',
      'doc-identity',
      'doc-pledge',
      'file',
      'confirm_filing',
      'networked_hospital',
      'bring_card',
    ]);
    expect(list.items.every((i) => !i.done)).toBe(true);
    expect(list.items.find((i) => i.id === 'doc-pledge')!.label).toBe('准备个人承诺书（或户口簿、居住证明）');
  });

  it('names every channel in the filing item, and asks the filing day when it is ticked', async () => {
    const { list } = await setup();
    const file = list.items.find((i) => i.id === 'file')!;
    expect(file).toMatchObject({ label: '办理异地就医备案（长期备案）', asksFilingDay: true });
    for (const channel of [
      '“鞍山医保”微信公众号',
      '鞍山市医保经办窗口',
      '国家医保服务平台APP',
      '国家异地就医备案小程序',
    ])
      expect(file.hint).toContain(channel);
    expect(list.items.filter((i) => i.asksFilingDay)).toHaveLength(1);
  });

  it.each([
    [
      '门诊慢特病: the eligibility first',
      { careType: 'chronic', chronicDisease: 'diabetes', insuredCity: '抚顺' },
      // 抚顺's proof list is not known: one item says to ask which.
      [
        'ask-documents',
        'ask-reimbursement',
        'ask-validity',
        'chronic_eligibility',
        'doc-identity',
        'doc-category_proof',
        'file',
        'confirm_filing',
      ],
    ],
    [
      'admitted where 补办 is sourced (广州): file today, then tell the hospital',
      { reason: 'temporary', stage: 'admitted_unfiled', treatmentDate: '2026-11-20', insuredCity: '广州' },
      ['ask-documents', 'ask-reimbursement', 'doc-identity', 'doc-category_proof', 'file', 'tell_hospital'],
    ],
    [
      'admitted where no rule on 补办 is known: ask at once',
      { reason: 'temporary', stage: 'admitted_unfiled', treatmentDate: '2026-11-20', insuredCity: '抚顺' },
      // The plan's "ask at once" step is the question's own item.
      ['ask-settlement'],
    ],
    [
      'discharged: ask first, then the claim papers, then the claim',
      {
        reason: 'temporary',
        stage: 'discharged_self_paid',
        treatmentDate: '2026-11-01',
        insuredCity: '抚顺',
      },
      [
        'ask-documents',
        'ask-claim_documents',
        'ask-reimbursement',
        'ask-manual_claim_verify',
        'doc-identity',
        'doc-category_proof',
        'doc-claim_papers',
        'claim',
      ],
    ],
  ])('takes its items from the verdict — %s', async (_name, change, ids) => {
    const call = caller(await testDeps());
    const list = view(
      await call(checklistFunction, { action: 'create', situation: { ...situation, ...change } }, 'p'),
    );
    expect(list.items.map((i) => i.id).slice(0, ids.length)).toEqual(ids);
    // The family writes the answer to each question in its note, and ticks it once asked.
    for (const item of list.items.filter((i) => i.id.startsWith('ask-'))) {
      const noted = view(
        await call(
          checklistFunction,
          { action: 'note', id: list.id, itemId: item.id, note: '已问：可以' },
          'p',
        ),
      );
      expect(noted.items.find((i) => i.id === item.id)!.note).toBe('已问：可以');
      view(
        await call(checklistFunction, { action: 'toggle', id: list.id, itemId: item.id, done: true }, 'p'),
      );
    }
  });

  it('opens the same checklist, with the family’s ticks, when it is made again for the same situation', async () => {
    const { call, list } = await setup();
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    view(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-identity', done: true },
        'kid',
      ),
    );
    // Only the amounts differ: the same checklist.
    const again = view(
      await call(
        checklistFunction,
        { action: 'create', situation: { ...situation, coveredCost: 9000 } },
        'parent',
      ),
    );
    expect(again.id).toBe(list.id);
    expect(again.items.find((i) => i.id === 'doc-identity')).toMatchObject({ done: true, doneBy: '家人1' });
    const another = view(await call(checklistFunction, { action: 'create', situation: other }, 'parent'));
    expect(another.id).not.toBe(list.id);
    const someoneElse = view(await call(checklistFunction, { action: 'create', situation }, 'neighbour'));
    expect(someoneElse.id).not.toBe(list.id);
  });

  it('makes no checklist where nothing needs doing: the same city', async () => {
    const { deps, call } = await setup();
    expect(
      await call(
        checklistFunction,
        { action: 'create', situation: { ...situation, careCity: '鞍山' } },
        'parent',
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: '这种情况不需要办理备案，也没有要一起准备的事项，所以不生成清单。',
      },
    });
    expect(await deps.checklists.list('parent', 10)).toHaveLength(1);
  });

  it('gives a stranger the same answer for a checklist that exists and one that does not', async () => {
    const { call, list } = await setup();
    for (const event of [
      { action: 'get', id: list.id },
      { action: 'version', id: list.id },
      { action: 'toggle', id: list.id, itemId: 'file', done: true },
      { action: 'note', id: list.id, itemId: 'file', note: 'hi' },
      { action: 'leave', id: list.id },
      { action: 'delete', id: list.id },
      { action: 'subscribe', id: list.id, enabled: true },
      { action: 'rotateToken', id: list.id },
      { action: 'code', id: list.id },
    ]) {
      const existing = await call(checklistFunction, event, 'stranger');
      const missing = await call(checklistFunction, { ...event, id: 'AAAAAAAAAAAAAAAA' }, 'stranger');
      expect(existing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(existing).toEqual(missing);
    }
    const badToken = await call(
      checklistFunction,
      { action: 'join', id: list.id, shareToken: 'forged' },
      'x',
    );
    expect(badToken).toEqual(
      await call(checklistFunction, { action: 'join', id: 'AAAAAAAAAAAAAAAA', shareToken: 'forged' }, 'x'),
    );
  });

  it('refuses a forged share token and a member of another checklist', async () => {
    const { call, list } = await setup();
    const theirs = view(await call(checklistFunction, { action: 'create', situation }, 'other-owner'));
    for (const shareToken of ['forged-token', theirs.shareToken!])
      expect(await call(checklistFunction, { action: 'join', id: list.id, shareToken }, 'kid')).toMatchObject(
        { ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已失效') } },
      );
    view(
      await call(checklistFunction, { action: 'join', id: theirs.id, shareToken: theirs.shareToken }, 'kid'),
    );
    expect(await call(checklistFunction, { action: 'get', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('lets family join with the token, tick together, and shows who ticked without their ids', async () => {
    const { call, list } = await setup();
    const joined = view(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'),
    );
    expect(joined).toMatchObject({ role: 'member', me: '家人1', memberCount: 1 });
    view(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-pledge', done: true },
        'kid',
      ),
    );
    view(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'doc-pledge', note: ' 已在线签署 ' },
        'kid',
      ),
    );
    const seenByParent = view(await call(checklistFunction, { action: 'get', id: list.id }, 'parent'));
    expect(seenByParent.items.find((i) => i.id === 'doc-pledge')).toMatchObject({
      done: true,
      doneBy: '家人1',
      doneAt: '2026-11-22T02:00:00.000Z',
      note: '已在线签署',
      noteBy: '家人1',
    });
    const seenByKid = view(await call(checklistFunction, { action: 'get', id: list.id }, 'kid'));
    expect(seenByKid.items.find((i) => i.id === 'doc-pledge')!.doneBy).toBe('我');
    expect(JSON.stringify(seenByParent)).not.toContain('kid');
  });

  it('shows the share token to members only when the owner lets them pass the checklist on', async () => {
    const { call, list } = await setup();
    const member = view(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'),
    );
    expect(member.shareToken).toBeUndefined();
    expect(member.allowReshare).toBe(false);
    expect(await call(checklistFunction, { action: 'code', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await call(checklistFunction, { action: 'reshare', id: list.id, allow: true }, 'kid'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    view(await call(checklistFunction, { action: 'reshare', id: list.id, allow: true }, 'parent'));
    const allowed = view(await call(checklistFunction, { action: 'get', id: list.id }, 'kid'));
    expect(allowed.shareToken).toBe(list.shareToken);
    expect(data(await call(checklistFunction, { action: 'code', id: list.id }, 'kid'))).toMatchObject({
      page: 'pages/checklist/index',
    });

    // Turned off again: the token the members saw (and any code made with it) no longer lets anyone in.
    const off = view(
      await call(checklistFunction, { action: 'reshare', id: list.id, allow: false }, 'parent'),
    );
    expect(off.allowReshare).toBe(false);
    expect(off.shareToken).not.toBe(list.shareToken);
    expect(
      await call(
        checklistFunction,
        { action: 'join', id: list.id, shareToken: list.shareToken },
        'neighbour',
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已失效') } });
    expect(view(await call(checklistFunction, { action: 'get', id: list.id }, 'kid'))).toMatchObject({
      role: 'member',
      allowReshare: false,
    });
    expect(
      view(await call(checklistFunction, { action: 'get', id: list.id }, 'kid')).shareToken,
    ).toBeUndefined();
    // Turning off what is already off keeps the links the owner has sent.
    const again = view(
      await call(checklistFunction, { action: 'reshare', id: list.id, allow: false }, 'parent'),
    );
    expect(again.shareToken).toBe(off.shareToken);
  });

  it('keeps every tick when family members tick at the same time', async () => {
    const { call, list } = await setup();
    const members = ['kid', 'spouse', 'grandchild'];
    for (const m of members)
      view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
    const ticks = list.items.map((item, i) =>
      call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: item.id, done: true },
        [...members, 'parent'][i % 4],
      ),
    );
    for (const result of await Promise.all(ticks)) expect(result.ok).toBe(true);
    const final = view(await call(checklistFunction, { action: 'get', id: list.id }, 'parent'));
    expect(final.items.every((i) => i.done)).toBe(true);
    expect(final.version).toBe(1 + members.length + list.items.length);
  });

  it('when two change the same item, the first change stands and the second learns whose it was', async () => {
    const { call, list } = await setup();
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    const [a, b] = await Promise.all([
      call(checklistFunction, { action: 'toggle', id: list.id, itemId: 'doc-identity', done: true }, 'kid'),
      call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-identity', done: true },
        'parent',
      ),
    ]);
    const answers = [view(a), view(b)];
    const winner = answers.find((v) => !v.conflict)!;
    const loser = answers.find((v) => v.conflict)!;
    expect(loser.conflict).toMatchObject({ itemId: 'doc-identity', by: winner.me, what: 'done' });
    expect(loser.items.find((i) => i.id === 'doc-identity')).toMatchObject({ done: true, doneBy: winner.me });

    // A note written over one the writer never saw is refused, naming who wrote it.
    view(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'file', note: '周一去办', previous: '' },
        'kid',
      ),
    );
    const late = view(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'file', note: '周二去办', previous: '' },
        'parent',
      ),
    );
    expect(late.conflict).toMatchObject({ itemId: 'file', by: '家人1', what: 'note' });
    expect(late.items.find((i) => i.id === 'file')!.note).toBe('周一去办');
    const merged = view(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'file', note: '周二去办', previous: '周一去办' },
        'parent',
      ),
    );
    expect(merged.conflict).toBeUndefined();
    expect(merged.items.find((i) => i.id === 'file')).toMatchObject({ note: '周二去办', noteBy: '我' });
  });

  it('when every attempt loses to the same person’s own quicker saves, says so instead of blaming the family', async () => {
    const { deps, call, list } = await setup();
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    const store = deps.checklists;
    /** Before each of the handler's writes, another save by `by` of the same item lands first (real writes). */
    const savesLandingFirst = (by: string) => {
      let n = 0;
      deps.checklists = new Proxy(store, {
        get: (target, key) =>
          key !== 'patchItem'
            ? Reflect.get(target, key)
            : async (...args: Parameters<typeof store.patchItem>) => {
                const at = new Date().toISOString();
                await target.patchItem(args[0], args[1], { note: `第${++n}次`, noteBy: by, noteAt: at }, at);
                return target.patchItem(...args);
              },
      });
    };
    const save = () =>
      call(checklistFunction, { action: 'note', id: list.id, itemId: 'file', note: '周一去办' }, 'parent');

    savesLandingFirst('parent');
    expect(await save()).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        field: 'itemId',
        message: '您刚刚连着改了几次这一项，请看一下现在的样子，需要的话再改一次',
      },
    });
    savesLandingFirst('kid');
    expect(await save()).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '家人1刚刚也在改这一项，请看一下现在的样子，需要的话再改一次' },
    });
    deps.checklists = store;
  });

  it('counts the filing end, and so the reminder, from the day the filing was made', async () => {
    const { call, list } = await setup();
    const filed = view(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'file', done: true, filedOn: '2026-11-18' },
        'parent',
      ),
    );
    expect(filed.validity).toMatchObject({ basis: 'filed', filedOn: '2026-11-18', until: '2027-05-17' });
    expect(filed.validUntil).toBe('2027-05-17');
    // Unticked: not filed after all.
    const unfiled = view(
      await call(checklistFunction, { action: 'toggle', id: list.id, itemId: 'file', done: false }, 'parent'),
    );
    expect(unfiled).toMatchObject({ validUntil: null, validity: { basis: 'if_filed_today', filedOn: null } });
    // Without a day, today.
    const today = view(
      await call(checklistFunction, { action: 'toggle', id: list.id, itemId: 'file', done: true }, 'parent'),
    );
    expect(today.validity).toMatchObject({ filedOn: '2026-11-22', until: '2027-05-21' });
    const untick = { action: 'toggle', id: list.id, itemId: 'file', done: false };
    view(await call(checklistFunction, untick, 'parent'));
    expect(
      await call(checklistFunction, { ...untick, done: true, filedOn: '2026-11-23' }, 'parent'),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '办好的日期不能晚于今天' } });
    expect(
      await call(checklistFunction, { ...untick, done: true, filedOn: '2024-01-01' }, 'parent'),
    ).toMatchObject({ ok: false, error: { message: '请选择两年以内办好备案的日期' } });
    expect(
      await call(
        checklistFunction,
        { ...untick, itemId: 'doc-identity', done: true, filedOn: '2026-11-20' },
        'parent',
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'filedOn' } });
  });

  it('joining twice or as the owner changes nothing', async () => {
    const { call, list } = await setup();
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    const owner = view(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'parent'),
    );
    expect(owner).toMatchObject({ role: 'owner', memberCount: 1 });
  });

  it('keeps each member’s label after others leave', async () => {
    const { call, list } = await setup();
    for (const m of ['kid', 'aunt'])
      view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
    view(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-identity', done: true },
        'kid',
      ),
    );
    view(
      await call(checklistFunction, { action: 'note', id: list.id, itemId: 'file', note: '我来办' }, 'aunt'),
    );
    const before = view(await call(checklistFunction, { action: 'get', id: list.id }, 'parent'));
    expect(data(await call(checklistFunction, { action: 'leave', id: list.id }, 'kid'))).toEqual({
      left: true,
    });
    const after = view(await call(checklistFunction, { action: 'get', id: list.id }, 'parent'));
    expect(after.items).toEqual(before.items);
    expect(after.items.find((i) => i.id === 'file')!.noteBy).toBe('家人2');
    expect(after.members).toEqual([{ no: 2, label: '家人2' }]);
    expect(view(await call(checklistFunction, { action: 'get', id: list.id }, 'aunt')).me).toBe('家人2');
  });

  it('lets a member leave but not delete; the owner deletes', async () => {
    const { call, list } = await setup();
    view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    expect(await call(checklistFunction, { action: 'delete', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(data(await call(checklistFunction, { action: 'leave', id: list.id }, 'kid'))).toEqual({
      left: true,
    });
    expect(await call(checklistFunction, { action: 'get', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call(checklistFunction, { action: 'leave', id: list.id }, 'parent')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(data(await call(checklistFunction, { action: 'delete', id: list.id }, 'parent'))).toEqual({
      deleted: true,
    });
    expect(await call(checklistFunction, { action: 'get', id: list.id }, 'parent')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps no OPENID of a member who left or was removed without ticking or noting anything', async () => {
    const { deps, call, list } = await setup();
    for (const m of ['openid-kid', 'openid-aunt', 'openid-uncle'])
      view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
    view(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-identity', done: true },
        'openid-kid',
      ),
    );
    view(await call(checklistFunction, { action: 'subscribe', id: list.id, enabled: true }, 'openid-aunt'));
    expect(data(await call(checklistFunction, { action: 'leave', id: list.id }, 'openid-kid'))).toEqual({
      left: true,
    });
    expect(data(await call(checklistFunction, { action: 'leave', id: list.id }, 'openid-aunt'))).toEqual({
      left: true,
    });
    const after = view(
      await call(checklistFunction, { action: 'removeMember', id: list.id, member: 3 }, 'parent'),
    );
    expect(after.members).toEqual([]);
    expect(after.items.find((i) => i.id === 'doc-identity')!.doneBy).toBe('家人1');

    const stored = JSON.stringify(await deps.checklists.get(list.id));
    expect(stored).toContain('openid-kid'); // the author of a tick
    expect(stored).not.toContain('openid-aunt');
    expect(stored).not.toContain('openid-uncle');
    // The one who ticked keeps 家人1 if they come back; the others would join as newcomers.
    expect(
      view(
        await call(
          checklistFunction,
          { action: 'join', id: list.id, shareToken: after.shareToken },
          'openid-kid',
        ),
      ).me,
    ).toBe('家人1');
  });

  it('lets the owner remove a member: their link no longer lets them back in', async () => {
    const { call, list } = await setup();
    for (const m of ['kid', 'aunt'])
      view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
    expect(
      await call(checklistFunction, { action: 'removeMember', id: list.id, member: 2 }, 'kid'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const after = view(
      await call(checklistFunction, { action: 'removeMember', id: list.id, member: 2 }, 'parent'),
    );
    expect(after.members).toEqual([{ no: 1, label: '家人1' }]);
    expect(after.shareToken).not.toBe(list.shareToken);
    expect(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'aunt'),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已失效') } });
    // Still in: the other member, even opening the old card.
    expect(
      view(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'))
        .me,
    ).toBe('家人1');
    expect(
      await call(checklistFunction, { action: 'removeMember', id: list.id, member: 2 }, 'parent'),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '这位家人已经不在清单里了' },
    });
  });

  it('rotates the share token: the old link and code say they expired', async () => {
    const { deps, call, list } = await setup();
    const code = data(
      await call(checklistFunction, { action: 'code', id: list.id }, 'parent'),
    ) as ChecklistCodeView;
    const rotated = view(await call(checklistFunction, { action: 'rotateToken', id: list.id }, 'parent'));
    expect(rotated.shareToken).not.toBe(list.shareToken);
    const scanned = decodeChecklistScene(code.scene)!;
    expect(
      await call(
        checklistFunction,
        { action: 'join', id: scanned.checklistId, shareToken: scanned.shareToken },
        'kid',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('重新生成了分享链接') },
    });
    expect(
      view(
        await call(checklistFunction, { action: 'join', id: list.id, shareToken: rotated.shareToken }, 'kid'),
      ).role,
    ).toBe('member');
    expect(await deps.checklists.code(list.id)).toBeNull();
  });

  it('makes the checklist’s own code once: its scene carries the id and token and opens the checklist page', async () => {
    const { deps, call, list } = await setup();
    let made = 0;
    const make = deps.openapi.getUnlimitedCode.bind(deps.openapi);
    deps.openapi.getUnlimitedCode = (input) => (made++, make(input));
    const code = data(
      await call(checklistFunction, { action: 'code', id: list.id }, 'parent'),
    ) as ChecklistCodeView;
    expect(code).toMatchObject({ page: 'pages/checklist/index', kind: 'link_qr', contentType: 'image/png' });
    expect(code.scene.length).toBeLessThanOrEqual(32);
    expect(decodeChecklistScene(code.scene)).toEqual({ checklistId: list.id, shareToken: list.shareToken });
    expect(Buffer.from(code.imageBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(data(await call(checklistFunction, { action: 'code', id: list.id }, 'parent'))).toEqual(code);
    expect(made).toBe(1);
    // Joining with what the scene carries works.
    const scanned = decodeChecklistScene(code.scene)!;
    expect(
      view(
        await call(
          checklistFunction,
          { action: 'join', id: scanned.checklistId, shareToken: scanned.shareToken },
          'kid',
        ),
      ).role,
    ).toBe('member');
    const deleted = { action: 'delete', id: list.id };
    data(await call(checklistFunction, deleted, 'parent'));
    expect(
      await call(
        checklistFunction,
        { action: 'join', id: scanned.checklistId, shareToken: scanned.shareToken },
        'aunt',
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('已失效') } });
  });

  it('lists the caller’s checklists, owned or joined, newest first, a page at a time', async () => {
    const deps = await testDeps();
    const call = caller(deps);
    const times = ['2026-11-20T02:00:00.000Z', '2026-11-21T02:00:00.000Z', '2026-11-22T02:00:00.000Z'];
    const made: ChecklistView[] = [];
    const cities = ['上海', '广州', '杭州'];
    for (const [i, at] of times.entries()) {
      deps.now = () => new Date(at);
      made.push(
        view(
          await call(
            checklistFunction,
            { action: 'create', situation: { ...situation, careCity: cities[i] } },
            i === 1 ? 'aunt' : 'parent',
          ),
        ),
      );
    }
    view(
      await call(
        checklistFunction,
        { action: 'join', id: made[1].id, shareToken: made[1].shareToken },
        'parent',
      ),
    );
    view(
      await call(
        checklistFunction,
        { action: 'toggle', id: made[2].id, itemId: 'doc-identity', done: true },
        'parent',
      ),
    );
    view(await call(checklistFunction, { action: 'create', situation: other }, 'stranger'));

    const first = data(
      await call(checklistFunction, { action: 'list', limit: 2 }, 'parent'),
    ) as ChecklistPage;
    expect(first.lists.map((r) => r.id)).toEqual([made[2].id, made[1].id]);
    expect(first.lists[0]).toMatchObject({
      role: 'owner',
      insuredCity: '鞍山市',
      careCity: '杭州市',
      done: 1,
      total: made[2].items.length,
    });
    expect(first.lists[1]).toMatchObject({ role: 'member', careCity: '广州市', memberCount: 1 });
    const second = data(
      await call(checklistFunction, { action: 'list', limit: 2, cursor: first.next }, 'parent'),
    ) as ChecklistPage;
    expect(second).toEqual({ lists: [expect.objectContaining({ id: made[0].id })], next: null });
    expect(data(await call(checklistFunction, { action: 'list' }, 'nobody'))).toEqual({
      lists: [],
      next: null,
    });
    expect(await call(checklistFunction, { action: 'list', cursor: 'not-a-cursor' }, 'parent')).toMatchObject(
      {
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'cursor' },
      },
    );
  });

  it('tells members the version, cheaply, to notice others’ changes', async () => {
    const { call, list } = await setup();
    expect(data(await call(checklistFunction, { action: 'version', id: list.id }, 'parent'))).toEqual({
      version: 1,
    });
    view(
      await call(checklistFunction, { action: 'toggle', id: list.id, itemId: 'file', done: true }, 'parent'),
    );
    expect(data(await call(checklistFunction, { action: 'version', id: list.id }, 'parent'))).toEqual({
      version: 2,
    });
  });

  it('needs a caller identity, and never takes one from the event body', async () => {
    const { call, list } = await setup();
    expect(await call(checklistFunction, { action: 'get', id: list.id }, null)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await call(checklistFunction, { action: 'get', id: list.id, openid: 'parent' }, 'stranger'),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('rejects an unknown item and an over-long note', async () => {
    const { call, list } = await setup();
    expect(
      await call(checklistFunction, { action: 'toggle', id: list.id, itemId: 'nope', done: true }, 'parent'),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'file', note: '长'.repeat(201) },
        'parent',
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '备注太长了，最多200个字' } });
  });

  it('keeps what its views need and the situation without amounts of money — nothing else', async () => {
    const { deps } = await setup();
    const call = caller(deps);
    const list = view(
      await call(
        checklistFunction,
        { action: 'create', situation: { ...other, coveredCost: 20000, localRatio: 0.9 } },
        'parent',
      ),
    );
    const stored = (await deps.checklists.get(list.id))!;
    expect(Object.keys(stored).sort()).toEqual([
      '_id',
      '_openid',
      'allowReshare',
      'category',
      'createdAt',
      'filedOn',
      'items',
      'members',
      'people',
      'remindedAt',
      'reminderFailures',
      'shareToken',
      'situation',
      'subscribers',
      'title',
      'updatedAt',
      'validUntil',
      'validity',
      'version',
    ]);
    expect(stored.situation).toEqual({
      insuredCity: '210300',
      careCity: '310000',
      scheme: 'employee',
      retired: true,
      reason: 'long_term_residence',
      careType: 'inpatient',
      stage: 'planning',
      treatmentDate: '2026-12-01',
      hasProof: false,
    });
    // The view gives the same situation back, for 查看完整结果.
    expect(list.situation).toEqual(stored.situation);
  });
});

describe('a checklist made by an earlier version', () => {
  // As 52e0aae stored it: no people, category or validity; the whole situation, money included.
  const legacy = {
    _id: 'LegacyList000001',
    _openid: 'old-owner',
    shareToken: 'AAAAAAAAAAAAAAAAAAAAAA',
    members: ['old-kid'],
    subscribers: [],
    title: '深圳市 → 长沙市（其他临时外出就医）',
    items: [{ id: 'file', label: '办理异地就医备案（临时备案）', done: true, doneBy: 'old-kid' }],
    situation: {
      insuredCity: '440300',
      careCity: '430100',
      scheme: 'employee',
      retired: true,
      reason: 'temporary',
      careType: 'inpatient',
      stage: 'planning',
      treatmentDate: '2026-11-01',
      coveredCost: 5000,
      localRatio: 0.9,
    },
    validUntil: null,
    remindedAt: null,
    version: 3,
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
  };

  it('opens for its owner and members, can be joined, and never shows the amounts it kept', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'checklists.db'), `${JSON.stringify(legacy)}\n`);
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const call = caller(deps);
    for (const openid of ['old-owner', 'old-kid']) {
      const view = data(
        await call(checklistFunction, { action: 'get', id: legacy._id }, openid),
      ) as ChecklistView;
      expect(view.items[0]).toMatchObject({ done: true, doneBy: openid === 'old-kid' ? '我' : '家人1' });
      expect(view.situation).not.toHaveProperty('coveredCost');
      expect(view.situation).not.toHaveProperty('localRatio');
      expect(view.category).toBeNull();
    }
    const joined = data(
      await call(
        checklistFunction,
        { action: 'join', id: legacy._id, shareToken: legacy.shareToken },
        'new-kid',
      ),
    ) as ChecklistView;
    expect(joined.role).toBe('member');
    expect(joined.memberCount).toBe(2);
    const rows = data(await call(checklistFunction, { action: 'list' }, 'old-kid')) as ChecklistPage;
    expect(rows.lists.map((r) => r.id)).toEqual([legacy._id]);
  });
});
