/**
 * npm run data:watch on saved pages, offline: one fixture per status (test/fixtures/pages, sources
 * in test/fixtures/watch-sources.yaml), the real register against the same folder, and what it
 * refuses to write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { watchReportSchema, type WatchReport } from '../../cloudfunctions/common/watch/report';

const ROOT = join(__dirname, '../..');
const PAGES = 'test/fixtures/pages';
const FIXTURE_SOURCES = 'test/fixtures/watch-sources.yaml';
const run = (args: string[]) =>
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/data/watch.ts'), ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
    },
  );

jest.setTimeout(60_000);

describe('npm run data:watch -- --json --from test/fixtures/pages', () => {
  const out = run(['--json', '--from', PAGES, '--sources', FIXTURE_SOURCES]);
  const report = watchReportSchema.parse(JSON.parse(out.stdout)) as WatchReport;
  const byId = (id: string) => report.sources.find((s) => s.id === id)!;

  it('prints { checkedAt, sources: [{ id, url, status, missingQuotes }] } for saved pages and exits 0', () => {
    expect(out.status).toBe(0);
    expect(report.origin).toBe('saved_pages');
    expect(report.networkDown).toBe(false);
    expect(Date.parse(report.checkedAt)).not.toBeNaN();
    expect(report.sources.map((s) => s.id)).toEqual(
      (parse(readFileSync(join(ROOT, FIXTURE_SOURCES), 'utf8')) as { id: string }[]).map((s) => s.id),
    );
  });

  it('names the quote that changed on a page (鞍山: 6 个月 became 3 个月), in GB2312', () => {
    expect(byId('anshan-2025-filing')).toMatchObject({
      status: 'quote_missing',
      missingQuotes: ['pledge-term'],
    });
  });

  it('finds every quote of a page that still holds them, punctuation and line breaks aside', () => {
    expect(byId('shenzhen-358-reply')).toMatchObject({ status: 'ok', missingQuotes: [] });
  });

  it('finds the quotes on a page the site converted to traditional characters, with pinyin glosses', () => {
    expect(byId('fixture-traditional')).toMatchObject({ status: 'ok', missingQuotes: [] });
  });

  it('calls a 404, a redirect to the home page and a page that says it is gone "gone"', () => {
    expect(byId('fixture-gone-404')).toMatchObject({ status: 'gone', detail: 'HTTP 404' });
    expect(byId('fixture-moved-home')).toMatchObject({
      status: 'gone',
      detail: expect.stringContaining('redirected'),
    });
    expect(byId('fixture-soft-404')).toMatchObject({ status: 'gone' });
  });

  it('calls a timeout and a 503 "unreachable"', () => {
    expect(byId('datong-2024-baiwen')).toMatchObject({ status: 'unreachable', detail: 'timeout' });
    expect(byId('fixture-server-error')).toMatchObject({ status: 'unreachable', detail: 'HTTP 503' });
  });
});

describe('data:watch on the real register', () => {
  it('checks every source of data/sources.yaml; one without a saved page is unreachable, never changed', () => {
    const out = run(['--json', '--from', PAGES]);
    expect(out.status).toBe(0);
    const report = watchReportSchema.parse(JSON.parse(out.stdout));
    const register = parse(readFileSync(join(ROOT, 'data/sources.yaml'), 'utf8')) as { id: string }[];
    expect(report.sources.map((s) => s.id)).toEqual(register.map((s) => s.id));
    const saved = (id: string) =>
      existsSync(join(ROOT, PAGES, `${id}.html`)) || existsSync(join(ROOT, PAGES, `${id}.json`));
    for (const s of report.sources.filter((x) => !saved(x.id)))
      expect(s).toMatchObject({ status: 'unreachable', detail: 'no saved page', missingQuotes: [] });
  });
});

describe('what data:watch writes', () => {
  it('never writes data/watch.json from saved pages', () => {
    const out = run(['--from', PAGES, '--sources', FIXTURE_SOURCES, '--out', 'data/watch.json']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('not writing data/watch.json');
  });

  it('writes the report where --out says', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yidi-watch-')), 'watch.json');
    expect(run(['--from', PAGES, '--sources', FIXTURE_SOURCES, '--out', file]).status).toBe(0);
    expect(watchReportSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).sources).toHaveLength(8);
  });

  it('records nothing when no page at all could be read, and says why', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yidi-watch-')), 'watch.json');
    const empty = mkdtempSync(join(tmpdir(), 'yidi-no-pages-'));
    const out = run(['--json', '--from', empty, '--sources', FIXTURE_SOURCES, '--out', file]);
    expect(out.status).toBe(3);
    expect(JSON.parse(out.stdout)).toMatchObject({ networkDown: true });
    expect(existsSync(file)).toBe(false);
  });
});
