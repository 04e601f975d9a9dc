/**
 * The source watch: reads every source's page through a PageFetcher (HTTP in the `watch` function
 * and `npm run data:watch`, saved pages with `--from`) and says per source whether its quotes are
 * still there. Requests to one host are spaced out; a few hosts are read at once. A run in which
 * nothing at all could be reached, the canary included, is marked `networkDown`: it says nothing
 * about the pages, and neither the script nor the function records it.
 */
import type { PageAnswer, PageFetcher } from '../ports';
import { PageText } from './normalize';
import { fingerprintOf, type SourceCheck, type WatchedSource, type WatchReport } from './report';

export interface WatchOptions {
  now: () => Date;
  origin: WatchReport['origin'];
  /** Pause between two requests to the same host (default 3 s). */
  delayMs?: number;
  /** Hosts read at the same time (default 4). */
  concurrency?: number;
  /** A page that answers whenever the network works, read only when every source failed. */
  canary?: { id: string; url: string };
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_CANARY = { id: 'canary', url: 'https://www.gov.cn/' };

/** A site's front page: where a moved or deleted article is often sent. */
export function isHomePage(url: string): boolean {
  try {
    const { pathname, search } = new URL(url);
    return !search && /^\/?((index|default|home|main)\.(s?html?|jsp|php|aspx?))?$/i.test(pathname);
  } catch {
    return false;
  }
}

/** The charset an answer declares in its header or in a <meta> near the top; UTF-8 otherwise. */
function charsetOf(contentType: string | null, body: Uint8Array): string {
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (declared) return declared;
  const head = Buffer.from(body.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
}

export function decodePage(contentType: string | null, body: Uint8Array): string {
  try {
    return new TextDecoder(charsetOf(contentType, body)).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body); // an unknown label
  }
}

/**
 * Fewer Chinese characters than any article has: a firewall's "请稍候" check, or a page drawn by
 * script. Such an answer says nothing about the sentences, so it counts as not read, not as changed
 * (which would take every rule of the source out of the answers until the next weekly run).
 */
const MIN_ARTICLE_HAN = 80;

/** A page that answers 200 but says it is not there (软 404). */
const NOT_FOUND_TITLE = /<title[^>]*>[^<]*(404|页面不存在|找不到|已删除|不存在或已)/i;

type Verdict = Pick<SourceCheck, 'status' | 'missingQuotes' | 'detail'>;

export function classify(source: WatchedSource, answer: PageAnswer): Verdict {
  if (answer.kind === 'failed') return { status: 'unreachable', missingQuotes: [], detail: answer.reason };
  const { status, finalUrl } = answer;
  if (status === 404 || status === 410)
    return { status: 'gone', missingQuotes: [], detail: `HTTP ${status}` };
  if (status < 200 || status > 299)
    return { status: 'unreachable', missingQuotes: [], detail: `HTTP ${status}` };
  if (finalUrl !== source.url && isHomePage(finalUrl) && !isHomePage(source.url))
    return { status: 'gone', missingQuotes: [], detail: `redirected to ${finalUrl}` };
  const html = decodePage(answer.contentType, answer.body);
  const text = PageText.fromHtml(html);
  const missing = text.missing(source.quotes);
  const keys = Object.keys(source.quotes);
  if (keys.length && missing.length === keys.length && NOT_FOUND_TITLE.test(html))
    return { status: 'gone', missingQuotes: [], detail: 'the page says it is not there' };
  if (keys.length && missing.length === keys.length && text.hanCount < MIN_ARTICLE_HAN)
    return {
      status: 'unreachable',
      missingQuotes: [],
      detail: 'the page holds almost no text (a check page, or one drawn by script)',
    };
  return missing.length
    ? { status: 'quote_missing', missingQuotes: missing }
    : { status: 'ok', missingQuotes: [] };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runWatch(
  sources: WatchedSource[],
  fetcher: PageFetcher,
  options: WatchOptions,
): Promise<WatchReport> {
  const checkedAt = options.now().toISOString();
  const sleep = options.sleep ?? realSleep;
  const delayMs = options.delayMs ?? 3000;
  const byHost = new Map<string, WatchedSource[]>();
  for (const source of sources) {
    const host = hostOf(source.url);
    byHost.set(host, [...(byHost.get(host) ?? []), source]);
  }
  const verdicts = new Map<string, Verdict>();
  const queue = [...byHost.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const [i, source] of group.entries()) {
        if (i > 0) await sleep(delayMs);
        verdicts.set(source.id, classify(source, await fetcher.fetch(source)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));

  const checks: SourceCheck[] = sources.map((source) => ({
    id: source.id,
    url: source.url,
    ...verdicts.get(source.id)!,
    fingerprint: fingerprintOf(source),
  }));
  let networkDown = checks.length > 0 && checks.every((c) => c.status === 'unreachable');
  if (networkDown && options.canary) {
    const canary = await fetcher.fetch(options.canary);
    networkDown = canary.kind === 'failed' || canary.status >= 500;
  }
  return { checkedAt, origin: options.origin, networkDown, sources: checks };
}
