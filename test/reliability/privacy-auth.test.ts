/**
 * Privacy: nothing shaped like an ID number, a phone number or a full name is stored by any
 * function. Authorization: every checklist action by a stranger, a member of another checklist,
 * or with a forged token is refused. Concurrency: 8 family members ticking 50 items keep every tick.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { citiesFunction } from '../../cloudfunctions/common/handlers/cities';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { qrcodeFunction } from '../../cloudfunctions/common/handlers/qrcode';
import { remindersFunction } from '../../cloudfunctions/common/handlers/reminders';
import { watchFunction } from '../../cloudfunctions/common/handlers/watch';
import { SavedPageFetcher } from '../../cloudfunctions/common/adapters/saved-pages';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import { checklist } from '../support/fixtures';
import { caller, data, testDeps, timer } from '../support/functions';
import { tempDir } from '../support/stores';

const situation = {
  insuredCity: '鞍山',
  careCity: '北京',
  scheme: 'employee',
  retired: true,
  // 鞍山's 承诺制 (6 months) is stated for 异地长期居住人员.
  reason: 'long_term_residence',
  careType: 'inpatient',
  // Admitted in May: the 承诺书 filing counts from then and ends within the reminder window.
  stage: 'admitted_unfiled',
  treatmentDate: '2026-05-27',
  hasProof: false,
};

const SUSPICIOUS_KEY = /name|phone|mobile|tel|idcard|id_?number|identity_?no|certno|身份证|姓名|手机|电话/i;
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?![\dXx])/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

function walk(node: unknown, path: string[], found: string[]): void {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, String(i)], found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (SUSPICIOUS_KEY.test(key)) found.push([...path, key].join('.'));
      walk(value, [...path, key], found);
    }
  } else if (typeof node === 'string' && (ID_NUMBER.test(node) || MOBILE.test(node)))
    found.push(`${path.join('.')}=${node}`);
}

describe('privacy', () => {
  it('stores no ID number, phone number or name after every function has run', async () => {
    const dir = tempDir();
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const call = caller(deps);
    data(await call(evaluateFunction, { situation }));
    data(await call(citiesFunction, { action: 'detail', code: '210300' }));
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    data(await call(checklistFunction, { action: 'join', id: list.id, shareToken: list.shareToken }, 'son'));
    data(
      await call(
        checklistFunction,
        { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true },
        'son',
      ),
    );
    data(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: list.items[0].id, note: '原件在爸爸的抽屉里' },
        'son',
      ),
    );
    data(await call(checklistFunction, { action: 'subscribe', id: list.id, enabled: true }, 'parent'));
    data(await call(qrcodeFunction, { action: 'create', careCity: '110000' }, 'operator-1'));
    data(await timer(deps)(remindersFunction, { Type: 'Timer' }));
    // The source watch, on the saved pages instead of the network.
    deps.pages = new SavedPageFetcher(join(__dirname, '../fixtures/pages'));
    deps.config.watchDelayMs = 0;
    expect(data(await timer(deps)(watchFunction, { Type: 'Timer' })).recorded).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const found: string[] = [];
    // Everything but the policy data (published rules, seeded from data/) was written by a function.
    const written = readdirSync(dir).filter((f) => f.endsWith('.db') && f !== 'policies.db');
    expect(written.sort()).toEqual(['checklists.db', 'outbox.db', 'watch.db']);
    for (const file of written) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean))
        walk(JSON.parse(line), [file], found);
    }
    expect(found).toEqual([]);
  });

  it.each([
    ['an ID number', '身份证 110101199003071234'],
    ['an ID number ending in X', '11010119900307123X'],
    ['a mobile number', '有事打 138 1234 5678'],
  ])('refuses a note holding %s, with a message that says why', async (_label, note) => {
    const deps = await testDeps();
    const call = caller(deps);
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    expect(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId: list.items[0].id, note },
        'parent',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '为保护隐私，备注里请不要写身份证号或手机号' },
    });
  });

  it('refuses a situation that carries personal fields', async () => {
    const call = caller(await testDeps());
    for (const extra of [{ name: '张三' }, { idNumber: '110101199003071234' }, { phone: '13812345678' }]) {
      expect(await call(evaluateFunction, { situation: { ...situation, ...extra } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });
});

describe('authorization', () => {
  const actions = (id: string, itemId: string) => [
    { action: 'get', id },
    { action: 'toggle', id, itemId, done: true },
    { action: 'note', id, itemId, note: '试试' },
    { action: 'leave', id },
    { action: 'delete', id },
    { action: 'subscribe', id, enabled: true },
  ];

  it('refuses every action by a stranger and by a member of another checklist, and a forged or borrowed token — as if the checklist did not exist', async () => {
    const call = caller(await testDeps());
    const mine = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    const other = data(
      await call(checklistFunction, { action: 'create', situation }, 'neighbour'),
    ) as ChecklistView;
    data(
      await call(
        checklistFunction,
        { action: 'join', id: other.id, shareToken: other.shareToken },
        'neighbours-son',
      ),
    );
    const missing = 'AAAAAAAAAAAAAAAA';
    for (const who of ['stranger', 'neighbours-son']) {
      for (const event of actions(mine.id, mine.items[0].id)) {
        const answer = await call(checklistFunction, event, who);
        expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(answer).toEqual(await call(checklistFunction, { ...event, id: missing }, who));
      }
    }
    const token = mine.shareToken!;
    for (const shareToken of ['forged', other.shareToken!, token.slice(0, -1), `${token}x`]) {
      const answer = await call(checklistFunction, { action: 'join', id: mine.id, shareToken }, 'stranger');
      expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(answer).toEqual(
        await call(checklistFunction, { action: 'join', id: missing, shareToken }, 'stranger'),
      );
    }
    const untouched = data(
      await call(checklistFunction, { action: 'get', id: mine.id }, 'parent'),
    ) as ChecklistView;
    expect(untouched.items.every((i) => !i.done && !i.note)).toBe(true);
    expect(untouched.memberCount).toBe(0);
  });
});

describe('concurrency', () => {
  it('keeps every tick when 8 family members tick 50 items at once', async () => {
    const deps = await testDeps();
    const call = caller(deps);
    const doc = checklist('big-family-list', {
      _openid: 'parent',
      shareToken: 'token-of-the-family',
      validUntil: null,
    });
    await deps.checklists.insert(doc);
    const members = Array.from({ length: 8 }, (_, m) => `member-${m}`);
    for (const m of members)
      data(await call(checklistFunction, { action: 'join', id: doc._id, shareToken: doc.shareToken }, m));
    const results = await Promise.all(
      doc.items.map((item, i) =>
        runHandler(
          checklistFunction,
          deps,
          { action: 'toggle', id: doc._id, itemId: item.id, done: true },
          { openid: members[i % 8] },
        ),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const final = (await deps.checklists.get(doc._id))!;
    expect(final.items.every((i) => i.done)).toBe(true);
    expect(final.items.map((i) => i.doneBy)).toEqual(doc.items.map((_, i) => members[i % 8]));
    expect(final.version).toBe(1 + 8 + 50);
  });
});
