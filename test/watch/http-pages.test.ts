/** The HTTP adapter of the page port, against a server on loopback: what the watch function reads with. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpPageFetcher, WATCH_USER_AGENT } from '../../cloudfunctions/common/adapters/http-pages';
import { classify } from '../../cloudfunctions/common/watch/check';

let server: Server;
let base = '';
const agents: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    agents.push(String(req.headers['user-agent']));
    if (req.url === '/') return res.end('<title>首页</title>');
    if (req.url === '/moved') return res.writeHead(302, { location: '/' }).end();
    if (req.url === '/gone') return res.writeHead(404).end('not found');
    if (req.url === '/slow') return; // never answers
    if (req.url === '/gbk') {
      res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
      return res.end(Buffer.from('d2ecb5d8becdd2bd', 'hex'));
    }
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetcher = new HttpPageFetcher(300);
const check = async (path: string, quotes = { a: '异地就医' }) => {
  const source = { id: 'x', url: `${base}${path}`, quotes };
  return classify(source, await fetcher.fetch(source));
};

it('says who is asking', async () => {
  await check('/gbk');
  expect(agents.at(-1)).toBe(WATCH_USER_AGENT);
  expect(WATCH_USER_AGENT).toMatch(/^[\x20-\x7e]+$/);
});

it('reads a GBK page as its header says', async () => {
  expect(await check('/gbk')).toMatchObject({ status: 'ok' });
});

it('follows a redirect and sees that it ends on the home page', async () => {
  expect(await check('/moved')).toMatchObject({ status: 'gone', detail: `redirected to ${base}/` });
});

it('passes on a 404 and a 500', async () => {
  expect(await check('/gone')).toMatchObject({ status: 'gone', detail: 'HTTP 404' });
  expect(await check('/broken')).toMatchObject({ status: 'unreachable', detail: 'HTTP 500' });
});

it('gives up on a page that does not answer in time', async () => {
  expect(await check('/slow')).toMatchObject({ status: 'unreachable', detail: 'timeout' });
});

it('reports a refused connection as a network error', async () => {
  const source = { id: 'x', url: 'http://127.0.0.1:9/', quotes: {} };
  expect(await fetcher.fetch(source)).toMatchObject({
    kind: 'failed',
    reason: expect.stringMatching(/^network error/),
  });
});
