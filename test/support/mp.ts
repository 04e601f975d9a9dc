/**
 * Running the mini-program's pages under miniprogram-simulate against the real cloud functions:
 * wx.cloud.callFunction is bridged to the function handlers on a fresh embedded database (no mock
 * answers), and wx storage is a working in-memory store.
 */
import path from 'node:path';
import { TextEncoder } from 'node:util';
import simulate from 'miniprogram-simulate';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { citiesFunction } from '../../cloudfunctions/common/handlers/cities';
import { evaluateFunction } from '../../cloudfunctions/common/handlers/evaluate';
import { qrcodeFunction } from '../../cloudfunctions/common/handlers/qrcode';
import type { Deps } from '../../cloudfunctions/common/runtime/deps';
import { runHandler, type FunctionSpec } from '../../cloudfunctions/common/runtime/entry';
import { NOW, testDeps } from './functions';

export const ROOT = path.resolve(__dirname, '../../miniprogram');

// jsdom has no TextEncoder; the functions bridged here run in Node, where the qrcode library
// that draws the local stand-in for a 小程序码 finds one.
globalThis.TextEncoder ??= TextEncoder;

/* eslint-disable @typescript-eslint/no-explicit-any -- the wx global and simulate's components are loosely typed */
const FUNCTIONS: Record<string, FunctionSpec<any, any>> = {
  evaluate: evaluateFunction,
  cities: citiesFunction,
  checklist: checklistFunction,
  qrcode: qrcodeFunction,
};

export interface FakeWx {
  deps: Deps;
  storage: Map<string, unknown>;
  calls: { name: string; data: any }[];
  navigations: string[];
  toasts: string[];
  modals: string[];
  clipboard: string[];
  /** OPENID the bridged calls carry. */
  openid: string;
  /** Make the next n calls fail as a dropped network would. */
  failNext: number;
  /** Bytes of every setData payload, per call. */
  setDataBytes: number[];
  /** WeChat's page stack (routes), as navigateTo / redirectTo / navigateBack / reLaunch leave it. */
  stack: string[];
  /** The query each page of the stack was opened with (getCurrentPages()[i].options), by position. */
  stackQueries: Record<string, string>[];
  /** The deepest the stack has been. */
  maxDepth: number;
  /** Taps made through tap() and tapEl(). */
  taps: number;
  /** How the person answers a confirming dialog (showModal with a cancel button). */
  confirm: boolean;
  /** What saving to the album does: saved, or refused because the person denied the permission. */
  album: 'saved' | 'denied';
  saved: string[];
  /** Files written through the file system manager, by path. */
  files: Map<string, string>;
  settingsOpened: number;
  /** The poster canvas: every size change and drawing call, in order. */
  canvas: FakeCanvas;
}

/**
 * A canvas 2D node as WeChat's SelectorQuery returns it: it records, in order, every size change
 * ("width=750") and every drawing call ("fillText 已完成 1 / 6 项"), and images it was given.
 */
export interface FakeCanvas {
  calls: string[];
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
  createImage(): { src: string; onload?: () => void; onerror?: (e: unknown) => void };
}

function fakeCanvas(): FakeCanvas {
  const calls: string[] = [];
  let width = 300;
  let height = 150;
  const context = {
    fillStyle: '#000',
    font: '10px sans-serif',
    fillRect: (x: number, y: number, w: number, h: number) => calls.push(`fillRect ${x},${y},${w},${h}`),
    fillText: (text: string) => calls.push(`fillText ${text}`),
    drawImage: (image: { src: string }) => calls.push(`drawImage ${image.src}`),
    // About one 32px character per CJK character: enough for the layout to wrap.
    measureText: (text: string) => ({ width: Array.from(text).length * 32 }),
  };
  return {
    calls,
    get width() {
      return width;
    },
    set width(value: number) {
      width = value;
      calls.push(`width=${value}`);
    },
    get height() {
      return height;
    },
    set height(value: number) {
      height = value;
      calls.push(`height=${value}`);
    },
    getContext: () => context,
    createImage() {
      const image = {
        loaded: '',
        onload: undefined as (() => void) | undefined,
        onerror: undefined as ((e: unknown) => void) | undefined,
        get src() {
          return image.loaded;
        },
        set src(value: string) {
          image.loaded = value;
          setTimeout(() => image.onload?.(), 0);
        },
      };
      return image;
    },
  };
}

/** Pages opened by the previous test: unloaded before the next one, so none keeps polling. */
const openPages: any[] = [];

/** WeChat refuses navigateTo beyond ten pages: buttons then silently do nothing. */
export const PAGE_STACK_LIMIT = 10;
const routeOf = (url: string) => url.replace(/^\//, '').split('?')[0];
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));

/**
 * Controlled time: the phone's clock (Date.now, which the pages read) starts at the functions' clock
 * (testDeps' fixed NOW), so the day the wizard offers as 前天 is the day before yesterday for the
 * functions too, and runs on, plus whatever the tests let pass with advanceClock(). A person reads
 * a screen before tapping it, so tap() and tapEl() let PERSON_PAUSE_MS pass first; doubleTap() lets
 * only a double tap's gap pass. No test sleeps for it.
 */
const realNow = Date.now.bind(Date);
let clockOffset = NOW.getTime() - realNow();
Date.now = () => realNow() + clockOffset;
export function advanceClock(ms: number): void {
  clockOffset += ms;
}
/** How long a person looks at a screen before a deliberate tap: over a second. */
export const PERSON_PAUSE_MS = 1200;

export async function installWx(options: { openid?: string; seed?: boolean } = {}): Promise<FakeWx> {
  for (const page of openPages.splice(0)) page.onUnload?.();
  const deps = await testDeps({ seed: options.seed });
  const fake: FakeWx = {
    deps,
    storage: new Map(),
    calls: [],
    navigations: [],
    toasts: [],
    modals: [],
    clipboard: [],
    openid: options.openid ?? 'parent',
    failNext: 0,
    setDataBytes: [],
    stack: ['pages/home/index'],
    stackQueries: [{}],
    maxDepth: 1,
    taps: 0,
    confirm: true,
    album: 'saved',
    saved: [],
    files: new Map(),
    settingsOpened: 0,
    canvas: fakeCanvas(),
  };
  current = fake;
  const w = (globalThis as any).wx;
  w.getStorageSync = (key: string) =>
    fake.storage.has(key) ? JSON.parse(JSON.stringify(fake.storage.get(key))) : '';
  w.setStorageSync = (key: string, value: unknown) =>
    void fake.storage.set(key, JSON.parse(JSON.stringify(value)));
  w.cloud = {
    init: () => undefined,
    callFunction: async ({ name, data }: { name: string; data: any }) => {
      fake.calls.push({ name, data });
      if (fake.failNext > 0) {
        fake.failNext--;
        throw new Error('cloud.callFunction:fail request:fail');
      }
      // Through JSON, as over the wire.
      const result = await runHandler(FUNCTIONS[name], deps, JSON.parse(JSON.stringify(data)), {
        openid: fake.openid,
      });
      return { result: JSON.parse(JSON.stringify(result)) };
    },
  };
  const done = (options: { success?: () => void; fail?: (e: unknown) => void }, error?: string) => {
    if (error) options.fail?.({ errMsg: error });
    else options.success?.();
    return error ? Promise.reject(new Error(error)) : Promise.resolve({});
  };
  w.navigateTo = (options: { url: string; success?: () => void; fail?: (e: unknown) => void }) => {
    fake.navigations.push(options.url);
    if (fake.stack.length >= PAGE_STACK_LIMIT)
      return done(options, 'navigateTo:fail webview count limit exceed').catch(() => ({}));
    fake.stack.push(routeOf(options.url));
    fake.stackQueries[fake.stack.length - 1] = queryOf(options.url);
    fake.maxDepth = Math.max(fake.maxDepth, fake.stack.length);
    return done(options);
  };
  w.redirectTo = (options: { url: string; success?: () => void }) => {
    fake.navigations.push(`redirect:${options.url}`);
    fake.stack[fake.stack.length - 1] = routeOf(options.url);
    fake.stackQueries[fake.stack.length - 1] = queryOf(options.url);
    return done(options);
  };
  w.reLaunch = (options: { url: string; success?: () => void }) => {
    fake.navigations.push(`relaunch:${options.url}`);
    fake.stack = [routeOf(options.url)];
    fake.stackQueries = [queryOf(options.url)];
    return done(options);
  };
  w.navigateBack = (options: { delta?: number; success?: () => void; fail?: (e: unknown) => void } = {}) => {
    const delta = options.delta ?? 1;
    fake.navigations.push(delta === 1 ? 'back' : `back:${delta}`);
    if (fake.stack.length <= 1)
      return done(options, 'navigateBack:fail cannot navigate back at first page').catch(() => ({}));
    fake.stack.splice(-delta);
    fake.stackQueries.length = fake.stack.length;
    return done(options);
  };
  // The pages WeChat has open, bottom first, as the app reads them: route and query.
  (globalThis as any).getCurrentPages = () =>
    fake.stack.map((route, i) => ({ route, options: fake.stackQueries[i] ?? {} }));
  w.stopPullDownRefresh = () => undefined;
  w.showToast = ({ title }: { title: string }) => fake.toasts.push(title);
  w.showModal = (options: { content: string; showCancel?: boolean; success?: (r: object) => void }) => {
    fake.modals.push(options.content);
    // A dialog with a cancel button asks: answered as the test set `confirm`.
    setTimeout(() => options.success?.({ confirm: options.showCancel === false || fake.confirm }), 0);
  };
  w.setClipboardData = ({ data }: { data: string }) => fake.clipboard.push(data);
  w.env = { USER_DATA_PATH: 'wxfile://usr' };
  w.getFileSystemManager = () => ({
    writeFile: (o: { filePath: string; data: string; success?: () => void }) => {
      fake.files.set(o.filePath, o.data);
      setTimeout(() => o.success?.(), 0);
    },
  });
  w.createSelectorQuery = () => {
    const query = {
      in: () => query,
      select: () => query,
      fields: () => query,
      exec: (cb: (res: unknown[]) => void) =>
        setTimeout(() => cb([{ node: fake.canvas, width: 375, height: 600 }]), 0),
    };
    return query;
  };
  w.canvasToTempFilePath = (o: { success?: (r: object) => void }) =>
    setTimeout(() => o.success?.({ tempFilePath: 'wxfile://tmp/poster.png' }), 0);
  w.saveImageToPhotosAlbum = (o: { filePath: string; success?: () => void; fail?: (e: object) => void }) =>
    setTimeout(() => {
      if (fake.album === 'saved') {
        fake.saved.push(o.filePath);
        o.success?.();
      } else o.fail?.({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
    }, 0);
  w.openSetting = () => void fake.settingsOpened++;
  return fake;
}

let stubsRegistered = false;
/** Light stand-ins for TDesign in unit tests (real TDesign is checked in tdesign.test.ts). */
export function tdesignStubs(): Record<string, string> {
  if (!stubsRegistered) {
    simulate.load({
      id: 'stub-t-button',
      properties: { theme: String, size: String, block: Boolean, loading: Boolean, openType: String },
      template: '<view class="t-button"><slot/></view>',
    } as any);
    simulate.load({
      id: 'stub-t-progress',
      properties: { percentage: Number, label: null },
      template: '<view class="t-progress">{{percentage}}%</view>',
    } as any);
    // WeChat's <navigator> follows its url when tapped; simulate keeps no attributes of built-ins.
    simulate.load({
      id: 'stub-navigator',
      properties: { url: String, openType: String, hoverClass: String },
      template: '<view class="navigator" bindtap="follow"><slot/></view>',
      methods: {
        follow(this: { data: { url: string; openType: string } }) {
          const w = (globalThis as any).wx;
          if (this.data.openType === 'reLaunch') w.reLaunch({ url: this.data.url });
          else w.navigateTo({ url: this.data.url });
        },
      },
    } as any);
    simulate.load({
      id: 'stub-t-tag',
      properties: { theme: String, variant: String },
      template: '<view class="t-tag t-tag--{{theme}}"><slot/></view>',
    } as any);
    stubsRegistered = true;
  }
  return {
    't-button': 'stub-t-button',
    't-progress': 'stub-t-progress',
    't-tag': 'stub-t-tag',
    navigator: 'stub-navigator',
  };
}

type Comp = ReturnType<typeof simulate.render>;

/** Opens a page as the framework would: query → properties, then onLoad, onShow, onReady. */
export async function openPage(
  route: string,
  query: Record<string, string> = {},
  fake?: FakeWx,
): Promise<Comp> {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(ROOT, route), route.replace(/\W+/g, '-'), {
      rootPath: ROOT,
      compiler: 'simulate',
      usingComponents: tdesignStubs(),
    });
  });
  const page = simulate.render(id, query);
  page.attach(document.createElement('parent-wrapper'));
  const inst = page.instance as any;
  if (fake) {
    // Measure what crosses the bridge to the view on every setData.
    const original = inst.setData.bind(inst);
    inst.setData = (data: object, cb?: () => void) => {
      fake.setDataBytes.push(Buffer.byteLength(JSON.stringify(data)));
      return original(data, cb);
    };
  }
  openPages.push(inst);
  if (typeof inst.onLoad === 'function') await inst.onLoad({ ...query });
  if (typeof inst.onShow === 'function') await inst.onShow();
  if (typeof inst.onReady === 'function') await inst.onReady();
  await settle();
  return page;
}

/** Lets pending taps, calls and re-renders finish. */
export async function settle(ms = 5): Promise<void> {
  for (let i = 0; i < 5; i++) await simulate.sleep(ms);
}

/** Waits (up to `ms`) until the check passes; retries with back-off take a second or two. */
export async function waitFor(check: () => void, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await simulate.sleep(50);
    }
  }
}

export function $(comp: Comp, selector: string): Comp {
  const found = comp.querySelector(selector);
  if (!found) throw new Error(`no element matches ${selector}`);
  return found;
}

export function $$(comp: Comp, selector: string): Comp[] {
  return comp.querySelectorAll(selector);
}

/** The elements matching `selector` inside `container` (an element found with $ or $$). */
export function within(page: Comp, container: Comp, selector: string): Comp[] {
  const box = container.dom as HTMLElement;
  return $$(page, selector).filter((el) => box.contains(el.dom as HTMLElement));
}

export function text(comp: Comp, selector?: string): string {
  const el = selector ? $(comp, selector) : comp;
  return ((el.dom as HTMLElement | undefined)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

let current: FakeWx | undefined;

export async function tap(comp: Comp, selector: string): Promise<void> {
  await tapEl($(comp, selector));
}

/** Taps an element found by other means (a list item by its text), after a person's pause; counted. */
export async function tapEl(el: Comp): Promise<void> {
  advanceClock(PERSON_PAUSE_MS);
  if (current) current.taps++;
  el.dispatchEvent('tap');
  await settle();
}

/** The gap between the two taps of an older person's double tap. */
export const DOUBLE_TAP_GAP_MS = 150;

/**
 * A double tap: `first` is tapped, and DOUBLE_TAP_GAP_MS later the finger comes down again on
 * whatever is under it by then — `under()` finds it on the page as it is after the first tap (the
 * same place on the next screen, when the first tap moved on). Both taps are counted.
 */
export async function doubleTap(first: Comp, under: () => Comp | undefined): Promise<void> {
  await tapEl(first);
  advanceClock(DOUBLE_TAP_GAP_MS);
  const second = under();
  if (current) current.taps++;
  second?.dispatchEvent('tap');
  await settle();
}

/** A 鞍山 retiree moving to 北京 to live with family, as the wizard stores it. */
export const ANSHAN_RETIREE = {
  insuredCity: '210300',
  careCity: '110000',
  scheme: 'employee',
  retired: true,
  reason: 'retiree_relocation',
  hasProof: true,
  careType: 'inpatient',
  stage: 'planning',
} as const;

/** A call straight to the checklist function, as `openid` on another phone. */
export async function callChecklist<T = ChecklistView>(
  fake: FakeWx,
  openid: string,
  event: object,
): Promise<T> {
  const result = await runHandler(checklistFunction, fake.deps, event, { openid });
  if (!result.ok) throw new Error(result.error.message);
  return result.data as T;
}

/** Same answers the wizard would store, ready for the result page. */
export const SITUATION = {
  insuredCity: '440300',
  careCity: '430100',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
  treatmentDate: '2026-12-01',
  localRatio: 0.9,
  coveredCost: 20000,
} as const;
