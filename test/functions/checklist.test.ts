import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import type { Deps } from '../../cloudfunctions/common/runtime/deps';
import { caller, data, testDeps } from '../support/functions';

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

async function setup(): Promise<{ deps: Deps; call: ReturnType<typeof caller>; list: ChecklistView }> {
  const deps = await testDeps();
  const call = caller(deps);
  const list = data(
    await call(checklistFunction, { action: 'create', situation }, 'parent'),
  ) as ChecklistView;
  return { deps, call, list };
}

describe('checklist function', () => {
  it('creates a checklist from a situation: papers and steps, nothing ticked', async () => {
    const { list } = await setup();
    expect(list).toMatchObject({
      role: 'owner',
      memberCount: 0,
      title: '鞍山市 → 北京市（异地长期居住）',
      validUntil: '2027-05-21',
    });
    expect(list.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(list.shareToken.length).toBeGreaterThanOrEqual(20);
    expect(list.items.map((i) => i.id)).toEqual([
      'doc-identity',
      'doc-pledge',
      'file',
      'confirm-filing',
      'networked-hospital',
      'bring-card',
    ]);
    expect(list.items.every((i) => !i.done)).toBe(true);
  });

  it('refuses a stranger every action', async () => {
    const { call, list } = await setup();
    for (const event of [
      { action: 'get', id: list.id },
      { action: 'toggle', id: list.id, itemId: 'file', done: true },
      { action: 'note', id: list.id, itemId: 'file', note: 'hi' },
      { action: 'leave', id: list.id },
      { action: 'delete', id: list.id },
      { action: 'subscribe', id: list.id, enabled: true },
    ]) {
      expect(await call(checklistFunction, event, 'stranger')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });

  it('refuses a forged share token and a member of another checklist', async () => {
    const { call, list } = await setup();
    const other = data(
      await call(checklistFunction, { action: 'create', situation }, 'other-owner'),
    ) as ChecklistView;
    expect(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: 'forged-token' }, 'kid'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: other.shareToken }, 'kid'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    data(
      await call(checklistFunction, { action: 'join', id: other.id, shareToken: other.shareToken }, 'kid'),
    );
    expect(await call(checklistFunction, { action: 'get', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('lets family join with the token, tick together, and shows who ticked without their ids', async () => {
    const { call, list } = await setup();
    const joined = data(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'),
    ) as ChecklistView;
    expect(joined).toMatchObject({ role: 'member', memberCount: 1 });
    data(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: 'doc-pledge', done: true },
        'kid',
      ),
    );
    data(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: 'doc-pledge', note: ' 已在线签署 ' },
        'kid',
      ),
    );
    const seenByParent = data(
      await call(checklistFunction, { action: 'get', id: list.id }, 'parent'),
    ) as ChecklistView;
    const pledge = seenByParent.items.find((i) => i.id === 'doc-pledge')!;
    expect(pledge).toMatchObject({
      done: true,
      doneBy: '家人1',
      doneAt: '2026-11-22T02:00:00.000Z',
      note: '已在线签署',
      noteBy: '家人1',
    });
    const seenByKid = data(
      await call(checklistFunction, { action: 'get', id: list.id }, 'kid'),
    ) as ChecklistView;
    expect(seenByKid.items.find((i) => i.id === 'doc-pledge')!.doneBy).toBe('我');
    expect(JSON.stringify(seenByParent)).not.toContain('kid');
  });

  it('keeps every tick when family members tick at the same time', async () => {
    const { call, list } = await setup();
    const members = ['kid', 'spouse', 'grandchild'];
    for (const m of members)
      data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, m));
    const ticks = list.items.map((item, i) =>
      call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: item.id, done: true },
        [...members, 'parent'][i % 4],
      ),
    );
    for (const result of await Promise.all(ticks)) expect(result.ok).toBe(true);
    const final = data(
      await call(checklistFunction, { action: 'get', id: list.id }, 'parent'),
    ) as ChecklistView;
    expect(final.items.every((i) => i.done)).toBe(true);
    expect(final.version).toBe(1 + members.length + list.items.length);
  });

  it('joining twice or as the owner changes nothing', async () => {
    const { call, list } = await setup();
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    const owner = data(
      await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'parent'),
    ) as ChecklistView;
    expect(owner).toMatchObject({ role: 'owner', memberCount: 1 });
  });

  it('lets a member leave but not delete; the owner deletes', async () => {
    const { call, list } = await setup();
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'kid'));
    expect(await call(checklistFunction, { action: 'delete', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(data(await call(checklistFunction, { action: 'leave', id: list.id }, 'kid'))).toEqual({
      left: true,
    });
    expect(await call(checklistFunction, { action: 'get', id: list.id }, 'kid')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
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
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '备注太长了' } });
  });

  it('stores only the situation and the labels: no name, ID number or phone', async () => {
    const { deps, list } = await setup();
    const stored = await deps.checklists.get(list.id);
    expect(Object.keys(stored!).sort()).toEqual([
      '_id',
      '_openid',
      'createdAt',
      'items',
      'members',
      'remindedAt',
      'shareToken',
      'situation',
      'subscribers',
      'title',
      'updatedAt',
      'validUntil',
      'version',
    ]);
    expect(Object.keys(stored!.situation).sort()).toEqual([
      'careCity',
      'careType',
      'hasProof',
      'insuredCity',
      'reason',
      'retired',
      'scheme',
      'stage',
      'treatmentDate',
    ]);
  });
});
