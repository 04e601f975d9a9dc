/** npm run qrcode, as an operator runs it without cloud keys: the handler on the embedded database. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
