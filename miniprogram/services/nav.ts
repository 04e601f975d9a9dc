/**
 * Opening another page, the one way every page does it, so that WeChat's page stack stays shallow
 * and a tap never silently does nothing:
 * - a page of that route with the same query already open below (the checklist a result was opened
 *   from) is gone back to, not opened again: a checklist ↔ result loop never deepens the stack;
 * - when WeChat refuses one more page (it keeps at most ten) or fails otherwise, the page on top is
 *   replaced by it instead, and only if that fails too does the person see a message;
 * - a second tap within a moment of the first (a double tap on 开始) opens nothing more.
 */

/** A second request for the same page within this long is the same tap twice. */
const REPEAT_MS = 700;
let last = { url: '', at: Number.NEGATIVE_INFINITY };

function queryOf(url: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of (url.split('?')[1] ?? '').split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key) query[key] = decodeURIComponent(value);
  }
  return query;
}

const routeOf = (url: string) => url.replace(/^\//, '').split('?')[0];

/**
 * How many pages back a page of `url`'s route and query is (0: not open below). Only a url with a
 * query names one page (a checklist by id); a bare route could be a page showing something else now.
 */
export function depthBelow(url: string): number {
  const query = queryOf(url);
  const keys = Object.keys(query);
  if (!keys.length) return 0;
  const pages = getCurrentPages() as unknown as { route: string; options?: Record<string, string> }[];
  for (let i = pages.length - 2; i >= 0; i--) {
    const page = pages[i];
    if (page.route === routeOf(url) && keys.every((k) => page.options?.[k] === query[k]))
      return pages.length - 1 - i;
  }
  return 0;
}

/** Opens `url`: back to it when it is open below, else on top; replacing the top page if WeChat refuses. */
export function openPage(url: string): void {
  const now = Date.now();
  if (last.url === url && now - last.at < REPEAT_MS) return;
  last = { url, at: now };
  const delta = depthBelow(url);
  if (delta) {
    wx.navigateBack({ delta });
    return;
  }
  wx.navigateTo({
    url,
    fail: () =>
      wx.redirectTo({
        url,
        fail: () => wx.showToast({ title: '页面没能打开，请返回首页再试', icon: 'none' }),
      }),
  });
}

/** Whether the page right under this one is of `route` (so going back shows it again). */
export function pageBelowIs(route: string): boolean {
  const pages = getCurrentPages() as unknown as { route: string }[];
  return pages.length >= 2 && pages[pages.length - 2].route === route;
}
