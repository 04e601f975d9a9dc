/**
 * npm run qrcode, as an operator runs it: without WeChat credentials a plain QR made locally; with
 * them a 小程序码 from WeChat's server API — here a loopback stand-in that answers as WeChat does
 * (an image, or { errcode, errmsg }).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeScene } from '../../miniprogram/shared/scene';

const ROOT = join(__dirname, '../..');
const run = (args: string[]) =>
  spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/qrcode.ts'), ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    },
  );

describe('npm run qrcode', () => {
  jest.setTimeout(30_000);

  it('writes a PNG whose scene presets the cities and the hospital', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'yidi-qr-')), 'code.png');
    const result = run(['--insured', '鞍山', '--care', '北京', '--hospital', 'XJ01', '--out', out]);
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout) as { scene: string; kind: string; via: string };
    expect(printed).toMatchObject({ kind: 'link_qr', via: 'local' });
    expect(decodeScene(printed.scene)).toEqual({
      insuredCity: '210300',
      careCity: '110000',
      hospital: 'XJ01',
    });
    expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses an unknown city and a missing --out, saying what to do', () => {
    expect(run(['--care', '火星', '--out', '/tmp/x.png'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('火星'),
    });
    expect(run(['--care', '北京'])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage') });
  });
});

describe("npm run qrcode with the mini-program's AppID and AppSecret", () => {
  jest.setTimeout(30_000);
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  /** WeChat's two endpoints; `code` answers the 小程序码 request. */
  async function wechat(code: (body: Record<string, unknown>) => { type: string; body: Buffer | object }) {
    const seen: { path: string; body: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text || '{}') as Record<string, unknown>;
        seen.push({ path: req.url ?? '', body });
        const answer = req.url?.startsWith('/cgi-bin/stable_token')
          ? body.secret === 'right-secret'
            ? { type: 'application/json', body: { access_token: 'token-1', expires_in: 7200 } }
            : { type: 'application/json', body: { errcode: 40125, errmsg: 'invalid appsecret' } }
          : code(body);
        res.writeHead(200, { 'content-type': answer.type });
        res.end(Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, seen, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  const runWith = (base: string, secret: string, args: string[]) =>
    promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/qrcode.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, WX_APPID: 'wx123', WX_APPSECRET: secret, WECHAT_API: base },
      },
    ).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        status: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it('asks WeChat for a real 小程序码 and writes it', async () => {
    const server = await wechat(() => ({ type: 'image/png', body: PNG }));
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'yidi-qr-')), 'code.png');
      const result = await runWith(server.base, 'right-secret', ['--care', '北京', '--out', out]);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'wxacode', via: 'wechat', scene: 'c1100' });
      expect(readFileSync(out)).toEqual(PNG);
      expect(server.seen.map((s) => s.path)).toEqual([
        '/cgi-bin/stable_token',
        '/wxa/getwxacodeunlimit?access_token=token-1',
      ]);
      expect(server.seen[0].body).toEqual({
        grant_type: 'client_credential',
        appid: 'wx123',
        secret: 'right-secret',
      });
      expect(server.seen[1].body).toMatchObject({
        scene: 'c1100',
        page: 'pages/home/index',
        check_path: false,
      });
    } finally {
      await server.close();
    }
  });

  it("prints WeChat's errcode when it refuses the token or the code", async () => {
    const server = await wechat(() => ({
      type: 'application/json',
      body: { errcode: 41030, errmsg: 'invalid page rid: 1' },
    }));
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'yidi-qr-')), 'code.png');
      const wrongKey = await runWith(server.base, 'wrong-secret', ['--care', '北京', '--out', out]);
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toContain('errCode 40125');
      const badPage = await runWith(server.base, 'right-secret', ['--care', '北京', '--out', out]);
      expect(badPage.status).toBe(1);
      expect(badPage.stderr).toContain('wxacode.getUnlimited failed: errCode 41030: invalid page');
    } finally {
      await server.close();
    }
  });
});
