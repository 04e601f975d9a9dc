/**
 * npm run data:watch -- [--json] [--from DIR] [--sources FILE] [--out FILE] [--no-write]
 * Re-reads the page of every source in data/sources.yaml and checks that each quoted sentence is
 * still on it (cloudfunctions/common/watch/). Per source: ok, quote_missing (which quotes), gone
 * (404/410, a redirect to the site's home page) or unreachable (network error, timeout, 5xx).
 *   --json          print the report: { checkedAt, origin, networkDown, sources: [{ id, url, status,
 *                   missingQuotes, detail?, fingerprint }] }
 *   --from DIR      read saved pages (DIR/<id>.html, DIR/<id>.json for how it was served) instead of
 *                   the network; such a run is never written to data/watch.json
 *   --sources FILE  another register than data/sources.yaml (the tests' fixtures)
 *   --out FILE      write the report there instead of data/watch.json
 *   --no-write      write nothing
 * A live run writes data/watch.json (commit it: the functions and the pages read it). A run in which
 * nothing could be reached, https://www.gov.cn/ included, means this machine is offline: it is
 * printed but not written, and exits 3.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { HttpPageFetcher } from '../../cloudfunctions/common/adapters/http-pages';
import { SavedPageFetcher } from '../../cloudfunctions/common/adapters/saved-pages';
import { DEFAULT_DATA_DIR } from '../../cloudfunctions/common/policy/files';
import { sourceSchema, type Source } from '../../cloudfunctions/common/policy/schema';
import { DEFAULT_CANARY, runWatch } from '../../cloudfunctions/common/watch/check';
import type { WatchReport } from '../../cloudfunctions/common/watch/report';

export const WATCH_FILE = join(DEFAULT_DATA_DIR, 'watch.json');

/** The register's sources, each validated; throws naming every entry that is not a valid source. */
export function readSources(file = join(DEFAULT_DATA_DIR, 'sources.yaml')): Source[] {
  const raw = parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a list of sources`);
  const problems: string[] = [];
  const sources = raw.flatMap((entry, i) => {
    const parsed = sourceSchema.safeParse(entry);
    if (parsed.success) return [parsed.data];
    problems.push(`${file}: entry ${i}: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
    return [];
  });
  if (problems.length) throw new Error(problems.join('\n'));
  return sources;
}

export interface WatchArgs {
  json: boolean;
  from?: string;
  sources?: string;
  out?: string;
  write: boolean;
}

export function parseArgs(argv: string[]): WatchArgs {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = new Set(['--json', '--from', '--sources', '--out', '--no-write']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !known.has(argv[i - 1]));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')}`);
  return {
    json: argv.includes('--json'),
    from: value('--from'),
    sources: value('--sources'),
    out: value('--out'),
    write: !argv.includes('--no-write'),
  };
}

/** Where the report may be written, or null; throws when asked to pass saved pages off as a real check. */
export function destination(args: WatchArgs): string | null {
  if (!args.write) return null;
  const target = args.out ? resolve(args.out) : args.from ? null : WATCH_FILE;
  if (args.from && target === WATCH_FILE)
    throw new Error('a run on saved pages is not a check of the real pages: not writing data/watch.json');
  return target;
}

function summary(report: WatchReport): string {
  const lines = report.sources.map(
    (s) =>
      `  ${s.status.padEnd(13)} ${s.id}${s.missingQuotes.length ? ` — missing: ${s.missingQuotes.join(', ')}` : ''}${s.detail ? ` (${s.detail})` : ''}`,
  );
  const count = (status: string) => report.sources.filter((s) => s.status === status).length;
  return [
    `checked ${report.sources.length} sources at ${report.checkedAt}${report.origin === 'saved_pages' ? ' (saved pages, not the real ones)' : ''}:`,
    ...lines,
    `ok ${count('ok')}, quote_missing ${count('quote_missing')}, gone ${count('gone')}, unreachable ${count('unreachable')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const target = destination(args);
  const sources = readSources(args.sources);
  const report = await runWatch(
    sources,
    args.from ? new SavedPageFetcher(args.from) : new HttpPageFetcher(),
    args.from
      ? { now: () => new Date(), origin: 'saved_pages', delayMs: 0 }
      : { now: () => new Date(), origin: 'network', canary: DEFAULT_CANARY },
  );
  process.stdout.write(`${args.json ? JSON.stringify(report, null, 2) : summary(report)}\n`);
  if (report.networkDown) {
    console.error(
      args.from
        ? `no saved page in ${args.from} could be read: nothing written`
        : 'no page could be reached, not even https://www.gov.cn/: this machine seems to be offline. That says nothing about the pages, so nothing was written.',
    );
    return 3;
  }
  if (target) {
    writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);
    if (!args.json) console.log(`wrote ${target}`);
  }
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`data:watch: ${(error as Error).message}`);
      process.exit(2);
    },
  );
