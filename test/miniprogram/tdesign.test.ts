/**
 * @jest-environment jsdom
 *
 * The pages with the real TDesign components from miniprogram_npm (built by `npm run build:npm`),
 * compiled by WeChat's official WXML compiler — what the unit tests stub.
 */
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { $, installWx, ROOT, settle, text, SITUATION, waitFor } from '../support/mp';

(globalThis as unknown as { getApp: () => object }).getApp = () => ({ globalData: {} });

const real = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [`t-${n}`, `/miniprogram_npm/tdesign-miniprogram/${n}/${n}`]));

jest.setTimeout(30_000);

it('renders the result page with real t-button and t-tag, and the button works', async () => {
  const fake = await installWx();
  fake.storage.set('pending-v1', SITUATION);
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(ROOT, 'pages/result/index'), 'result-real', {
      rootPath: ROOT,
      compiler: 'official',
      usingComponents: real('button', 'tag'),
    });
  });
  const page = simulate.render(id, {});
  page.attach(document.createElement('parent-wrapper'));
  await (page.instance as unknown as { onLoad: () => Promise<void> }).onLoad();
  await settle();
  expect(text(page, '.headline')).toContain('需要办理临时备案');
  const button = $(page, '.make-checklist');
  expect(text(button, '.t-button')).toBe('生成清单，分享给家人');
  expect((button.querySelector('.t-button')!.dom as HTMLElement).className).toContain('t-button--primary');
  expect((page.dom as HTMLElement).innerHTML).toContain('t-tag--success');
  $(button, '.t-button').dispatchEvent('tap');
  await waitFor(() =>
    expect(fake.navigations).toEqual([expect.stringMatching(/^\/pages\/checklist\/index\?id=/)]),
  );
});
