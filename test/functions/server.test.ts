/**
 * `npm start`'s server end to end on loopback: the real bundles, the real embedded database on disk.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/server';

jest.setTimeout(60_000);

let base: string;
let close: () => Promise<void>;
const lines: string[] = [];

beforeAll(async () => {
  const started = await startServer({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'yidi-server-')),
    log: (l) => lines.push(l),
  });
  base = `http://127.0.0.1:${started.port}`;
  close = started.close;
});
afterAll(() => close?.());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } };

async function call(
  fn: string,
  body: unknown,
  openid?: string,
  raw?: string,
): Promise<{ status: number; json: Reply }> {
  const res = await fetch(`${base}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply };
}

const situation = {
  insuredCity: '西安',
  careCity: '上海',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
  treatmentDate: '2026-12-01',
};

it('seeds the database and answers evaluate from it', async () => {
  const { status, json } = await call('evaluate', { situation });
  expect(status).toBe(200);
  expect(json.data.dataFreshness.origin).toBe('live');
  // 西安's 90 days, counted from today (the filing day is not known while planning).
  const { from, until, basis } = json.data.validity;
  expect(basis).toBe('filed_today');
  expect((Date.parse(until) - Date.parse(from)) / 86_400_000).toBe(89);
  expect(lines.some((l) => l.startsWith('seeded policy data'))).toBe(true);
  expect(lines.some((l) => /^POST \/fn\/evaluate 200 \d+\.\dms ok$/.test(l))).toBe(true);
});

it('runs the family checklist flow: stranger rejected, family joins with the token, concurrent ticks all kept', async () => {
  const created = (await call('checklist', { action: 'create', situation }, 'parent')).json.data;
  const stranger = await call('checklist', { action: 'get', id: created.id }, 'stranger');
  expect(stranger.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  const noIdentity = await call('checklist', { action: 'get', id: created.id });
  expect(noIdentity.json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  for (const kid of ['son', 'daughter']) {
    expect(
      (await call('checklist', { action: 'join', id: created.id, shareToken: created.shareToken }, kid)).json
        .ok,
    ).toBe(true);
  }
  const people = ['parent', 'son', 'daughter'];
  const ticks = await Promise.all(
    created.items.map((item: { id: string }, i: number) =>
      call('checklist', { action: 'toggle', id: created.id, itemId: item.id, done: true }, people[i % 3]),
    ),
  );
  expect(ticks.every((t) => t.json.ok)).toBe(true);
  const final = (await call('checklist', { action: 'get', id: created.id }, 'parent')).json.data;
  expect(final.items.every((i: { done: boolean }) => i.done)).toBe(true);
  expect(final.memberCount).toBe(2);
});

it('answers a malformed body with INVALID_INPUT, not a crash', async () => {
  const bad = await call('evaluate', null, undefined, '{"situation": ');
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const stillUp = await call('evaluate', { situation });
  expect(stillUp.json.ok).toBe(true);
});

it('answers an unknown function with NOT_FOUND, and GET /', async () => {
  expect((await call('nope', {})).status).toBe(404);
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('POST /fn/checklist');
});

it('lists the checklists of the caller named by x-openid, as the README shows', async () => {
  const mine = (
    await call('checklist', { action: 'create', situation: { ...situation, careCity: '杭州' } }, 'lister')
  ).json.data;
  const listed = await call('checklist', { action: 'list' }, 'lister');
  expect(listed.status).toBe(200);
  expect(listed.json).toMatchObject({
    ok: true,
    data: {
      lists: [{ id: mine.id, role: 'owner', insuredCity: '西安市', careCity: '杭州市', done: 0 }],
      next: null,
    },
  });
  expect((await call('checklist', { action: 'list' }, 'someone-else')).json.data.lists).toEqual([]);
  expect((await call('checklist', { action: 'list' })).json).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
});
