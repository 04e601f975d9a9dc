/** The watch over any register, with pages served from memory: statuses, pacing, an offline run. */
import { classify, isHomePage, runWatch } from '../../cloudfunctions/common/watch/check';
import { fingerprintOf, watchReportSchema } from '../../cloudfunctions/common/watch/report';
import type { PageAnswer, PageFetcher } from '../../cloudfunctions/common/ports';

const NOW = new Date('2026-12-06T01:00:00.000Z');
const source = (id: string, url: string, quotes: Record<string, string> = { a: '备案长期有效。' }) => ({
  id,
  url,
  quotes,
});
const page = (html: string, extra: Partial<Extract<PageAnswer, { kind: 'answer' }>> = {}): PageAnswer => ({
  kind: 'answer',
  status: 200,
  finalUrl: '',
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(html),
  ...extra,
});
const failed: PageAnswer = { kind: 'failed', reason: 'network error: ENOTFOUND' };

/** Answers from a table by URL, recording the order of requests. */
function fetcherOf(answers: Record<string, PageAnswer>): PageFetcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async fetch({ url }) {
      asked.push(url);
      const answer = answers[url] ?? failed;
      return answer.kind === 'answer' && !answer.finalUrl ? { ...answer, finalUrl: url } : answer;
    },
  };
}

describe('classify', () => {
  const s = source('s', 'https://ybj.example.gov.cn/a/1.html', { a: '备案长期有效。', b: '时限为6个月。' });

  it.each([
    ['every quote on the page', page('<p>备案长期有效。时限为６个月。</p>'), 'ok', []],
    ['a quote changed', page('<p>备案长期有效。时限为3个月。</p>'), 'quote_missing', ['b']],
    ['404', page('', { status: 404 }), 'gone', []],
    ['410', page('', { status: 410 }), 'gone', []],
    [
      'a redirect to the home page',
      page('<p>首页</p>', { finalUrl: 'https://ybj.example.gov.cn/' }),
      'gone',
      [],
    ],
    ['a redirect to index.html', page('', { finalUrl: 'https://ybj.example.gov.cn/index.html' }), 'gone', []],
    ['a 200 that says the page does not exist', page('<title>页面不存在</title>'), 'gone', []],
    ['a 503', page('', { status: 503 }), 'unreachable', []],
    [
      "a firewall's check page in place of the article",
      page('<title>安全验证</title><p>请稍候，正在验证您的浏览器…</p><script>location.reload()</script>'),
      'unreachable',
      [],
    ],
    [
      'an article rewritten: none of the sentences left, but plenty of text',
      page(`<p>${'参保人员办理异地就医备案后，按照新的规定执行报销政策。'.repeat(6)}</p>`),
      'quote_missing',
      ['a', 'b'],
    ],
    ['a 403 from a firewall', page('', { status: 403 }), 'unreachable', []],
    ['a timeout', { kind: 'failed', reason: 'timeout' } as PageAnswer, 'unreachable', []],
  ])('%s', (_label, answer, status, missing) => {
    const verdict = classify(
      s,
      answer.kind === 'answer' && !answer.finalUrl ? { ...answer, finalUrl: s.url } : answer,
    );
    expect(verdict).toMatchObject({ status, missingQuotes: missing });
  });

  it('follows a redirect to another article, and checks that page', () => {
    expect(
      classify(
        s,
        page('<p>备案长期有效。时限为6个月。</p>', { finalUrl: 'https://new.example.gov.cn/a/2.html' }),
      ).status,
    ).toBe('ok');
  });

  it('decodes a page in GBK as its header or its <meta> says', () => {
    const gbk = Buffer.from('d2ecb5d8becdd2bd', 'hex'); // 异地就医 in GBK
    expect(
      classify(
        source('g', 'http://x.gov.cn/1', { a: '异地就医' }),
        page('', { body: gbk, contentType: 'text/html; charset=GBK', finalUrl: 'http://x.gov.cn/1' }),
      ).status,
    ).toBe('ok');
    const withMeta = Buffer.concat([Buffer.from('<meta charset="gb2312"><p>'), gbk]);
    expect(
      classify(
        source('g', 'http://x.gov.cn/1', { a: '异地就医' }),
        page('', { body: withMeta, contentType: 'text/html', finalUrl: 'http://x.gov.cn/1' }),
      ).status,
    ).toBe('ok');
  });
});

describe('isHomePage', () => {
  it.each([
    ['https://www.gov.cn/', true],
    ['https://www.gov.cn', true],
    ['http://ybj.sz.gov.cn/index.html', true],
    ['http://ybj.sz.gov.cn/default.aspx', true],
    ['http://ybj.sz.gov.cn/art/2024/1/1/art_1.html', false],
    ['http://www.sz.gov.cn/hdjlpt/detail?pid=2772555', false],
    ['http://www.sz.gov.cn/?page=2', false],
  ])('%s → %s', (url, home) => expect(isHomePage(url)).toBe(home));
});

describe('runWatch', () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);
  beforeEach(() => (sleeps.length = 0));

  it('reports every source in register order, with the date and a fingerprint of what was checked', async () => {
    const a = source('a', 'https://one.gov.cn/1.html');
    const b = source('b', 'https://two.gov.cn/1.html');
    const report = await runWatch(
      [a, b],
      fetcherOf({ [a.url]: page('<p>备案长期有效。</p>'), [b.url]: page('', { status: 404 }) }),
      {
        now: () => NOW,
        origin: 'network',
        sleep,
      },
    );
    expect(watchReportSchema.parse(report)).toEqual({
      checkedAt: '2026-12-06T01:00:00.000Z',
      origin: 'network',
      networkDown: false,
      sources: [
        { id: 'a', url: a.url, status: 'ok', missingQuotes: [], fingerprint: fingerprintOf(a) },
        {
          id: 'b',
          url: b.url,
          status: 'gone',
          missingQuotes: [],
          detail: 'HTTP 404',
          fingerprint: fingerprintOf(b),
        },
      ],
    });
  });

  it('waits between two requests to the same host, never between hosts', async () => {
    const sources = [
      source('a1', 'https://one.gov.cn/1.html'),
      source('b1', 'https://two.gov.cn/1.html'),
      source('a2', 'https://one.gov.cn/2.html'),
      source('a3', 'https://one.gov.cn/3.html'),
    ];
    const fetcher = fetcherOf({});
    await runWatch(sources, fetcher, {
      now: () => NOW,
      origin: 'network',
      sleep,
      delayMs: 2500,
      concurrency: 1,
    });
    expect(fetcher.asked).toEqual([
      'https://one.gov.cn/1.html',
      'https://one.gov.cn/2.html',
      'https://one.gov.cn/3.html',
      'https://two.gov.cn/1.html',
    ]);
    expect(sleeps).toEqual([2500, 2500]);
  });

  it('marks a run where nothing answered, the canary included, as the network being down', async () => {
    const sources = [source('a', 'https://one.gov.cn/1.html'), source('b', 'https://two.gov.cn/1.html')];
    const canary = { id: 'canary', url: 'https://www.gov.cn/' };
    const down = await runWatch(sources, fetcherOf({}), { now: () => NOW, origin: 'network', sleep, canary });
    expect(down.networkDown).toBe(true);
    const sitesDown = await runWatch(sources, fetcherOf({ [canary.url]: page('<p>首页</p>') }), {
      now: () => NOW,
      origin: 'network',
      sleep,
      canary,
    });
    expect(sitesDown.networkDown).toBe(false);
    expect(sitesDown.sources.map((s) => s.status)).toEqual(['unreachable', 'unreachable']);
  });

  it('is not offline when a single page answered', async () => {
    const sources = [source('a', 'https://one.gov.cn/1.html'), source('b', 'https://two.gov.cn/1.html')];
    const report = await runWatch(
      sources,
      fetcherOf({ 'https://two.gov.cn/1.html': page('', { status: 404 }) }),
      {
        now: () => NOW,
        origin: 'network',
        sleep,
      },
    );
    expect(report.networkDown).toBe(false);
  });
});
