/**
 * Reads a source's page over HTTP for the source watch: redirects followed, a time limit on the
 * whole answer, at most a few MB read, and a User-Agent that says who is asking and why.
 */
import type { PageAnswer, PageFetcher } from '../ports';

export const WATCH_USER_AGENT =
  'YidiJiuyiBeian-SourceWatch/1.0 (weekly check that cited medical-insurance policy pages still hold the quoted sentences; one request per page)';

const MAX_BYTES = 5 * 1024 * 1024;

function reasonOf(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `network error: ${cause}` : `network error: ${e?.message ?? String(error)}`;
}

async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks);
}

export class HttpPageFetcher implements PageFetcher {
  constructor(private readonly timeoutMs = 20_000) {}

  async fetch(source: { url: string }): Promise<PageAnswer> {
    try {
      const res = await fetch(source.url, {
        redirect: 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'user-agent': WATCH_USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'accept-language': 'zh-CN,zh;q=0.9',
        },
      });
      return {
        kind: 'answer',
        status: res.status,
        finalUrl: res.url || source.url,
        contentType: res.headers.get('content-type'),
        body: await readCapped(res.body),
      };
    } catch (error) {
      return { kind: 'failed', reason: reasonOf(error) };
    }
  }
}
