/**
 * Pages saved in a folder, read instead of the network (`npm run data:watch -- --from DIR`, tests,
 * the screenshots): `<id>.html` is the page as served; an optional `<id>.json` says how it was
 * served — `{ "status": 404 }`, `{ "redirectedTo": "https://site/" }`, `{ "error": "timeout" }`,
 * `{ "contentType": "text/html; charset=gbk" }`. A source with neither file was not saved:
 * it counts as unreachable, never as a page that changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PageAnswer, PageFetcher } from '../ports';

const howServed = z.strictObject({
  status: z.number().int().min(100).max(599).optional(),
  redirectedTo: z.url().optional(),
  contentType: z.string().optional(),
  /** No answer at all: a timeout or a network error, in words. */
  error: z.string().min(1).optional(),
  /** What the fixture stands for (ignored). */
  note: z.string().optional(),
});

export class SavedPageFetcher implements PageFetcher {
  constructor(private readonly dir: string) {}

  async fetch(source: { id: string; url: string }): Promise<PageAnswer> {
    const metaFile = join(this.dir, `${source.id}.json`);
    const pageFile = join(this.dir, `${source.id}.html`);
    const meta = existsSync(metaFile) ? howServed.parse(JSON.parse(readFileSync(metaFile, 'utf8'))) : {};
    if (meta.error) return { kind: 'failed', reason: meta.error };
    if (!existsSync(pageFile) && !existsSync(metaFile)) return { kind: 'failed', reason: 'no saved page' };
    return {
      kind: 'answer',
      status: meta.status ?? 200,
      finalUrl: meta.redirectedTo ?? source.url,
      contentType: meta.contentType ?? 'text/html',
      body: existsSync(pageFile) ? readFileSync(pageFile) : new Uint8Array(),
    };
  }
}
