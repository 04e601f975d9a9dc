/**
 * @jest-environment jsdom
 *
 * A budget on what each page sends to the view per setData: every page, with real data and the
 * interactions a person makes. `npm run bench` records the figures (SETDATA_OUT).
 */
import { writeFileSync } from 'node:fs';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import { $, installWx, openPage, settle, tap, SITUATION } from '../support/mp';

const BUDGET = 16 * 1024;
const largest: Record<string, number> = {};

afterAll(() => {
  if (process.env.SETDATA_OUT) writeFileSync(process.env.SETDATA_OUT, JSON.stringify(largest));
});

async function measure(
  route: string,
  query: Record<string, string>,
  act?: (page: Awaited<ReturnType<typeof openPage>>) => Promise<void>,
  prepare?: (fake: Awaited<ReturnType<typeof installWx>>) => Promise<Record<string, string> | void>,
) {
  const fake = await installWx();
  const extra = (await prepare?.(fake)) ?? {};
  const page = await openPage(route, { ...query, ...extra }, fake);
  if (act) await act(page);
  await settle();
  largest[route] = Math.max(0, ...fake.setDataBytes);
  return largest[route];
}

describe('setData payload per interaction stays under 16 KB', () => {
  it('home', async () => {
    expect(
      await measure('pages/home/index', { scene: 'i4403c6101' }, (p) => tap(p, '.large-toggle')),
    ).toBeLessThan(BUDGET);
  });
  it('wizard, searching a city', async () => {
    const bytes = await measure('pages/wizard/index', {}, async (p) => {
      $($(p, '.picker-field'), '.search').dispatchEvent('input', { detail: { value: 'x' } });
      await settle();
    });
    expect(bytes).toBeLessThan(BUDGET);
  });
  it('result', async () => {
    expect(
      await measure(
        'pages/result/index',
        {},
        undefined,
        async (fake) => void fake.storage.set('pending-v1', SITUATION),
      ),
    ).toBeLessThan(BUDGET);
  });
  it('checklist, ticking', async () => {
    const bytes = await measure(
      'pages/checklist/index',
      {},
      (p) => tap(p, '.item-main'),
      async (fake) => {
        const created = await runHandler(
          checklistFunction,
          fake.deps,
          { action: 'create', situation: SITUATION },
          { openid: 'parent' },
        );
        return { id: (created as { data: ChecklistView }).data.id };
      },
    );
    expect(bytes).toBeLessThan(BUDGET);
  });
  it('我的清单', async () => {
    const bytes = await measure('pages/lists/index', {}, undefined, async (fake) => {
      for (let day = 1; day <= 20; day++) {
        const treatmentDate = `2026-12-${String(day).padStart(2, '0')}`;
        await runHandler(
          checklistFunction,
          fake.deps,
          { action: 'create', situation: { ...SITUATION, treatmentDate } },
          { openid: 'parent' },
        );
      }
    });
    expect(bytes).toBeLessThan(BUDGET);
  });
  it('cities', async () => {
    const bytes = await measure('pages/cities/index', {}, async (p) => {
      $(p, '.search').dispatchEvent('input', { detail: { value: 's' } });
      await settle();
    });
    expect(bytes).toBeLessThan(BUDGET);
  });
  it('city', async () => {
    expect(await measure('pages/city/index', { code: '440300' })).toBeLessThan(BUDGET);
  });
  it('about', async () => {
    expect(await measure('pages/about/index', {})).toBeLessThan(BUDGET);
  });
});
