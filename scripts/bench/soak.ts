/**
 * Soak: sustained checklist toggles against the local server, in its own process as `npm start` runs
 * it, for a few minutes, with the size of the checklists data file (and the server's memory) sampled
 * throughout. NeDB appends a whole copy of a checklist on every write; compaction (every minute
 * while there are writes, and after max(1000, documents) writes) must keep the file level.
 *
 * The per-caller write limit is off here (WRITES_PER_MINUTE=0) so that the store, not the limit, is
 * what is measured; with it on, one caller could write 60 times a minute.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { COMPACTION_DEFAULTS } from '../../cloudfunctions/common/adapters/nedb';
import { buildFunctions } from '../build-functions';
import { LOAD_SITUATION } from './case-mix';

const ROOT = join(__dirname, '../..');

export interface SoakFigures {
  seconds: number;
  connections: number;
  checklists: number;
  writes: number;
  writesPerSecond: number;
  /** Requests that failed at the HTTP level, and answers that were not ok. */
  errors: number;
  notOk: number;
  fileBytes: { start: number; peak: number; end: number };
  /** The file's peak in the last third of the run against its peak in the middle third. */
  lastThirdPeakRatio: number;
  /**
   * The file stayed within what compaction allows — its size after compaction plus one copy of the
   * largest checklist per write before the next compaction — so it cannot keep growing. (A toggle
   * that finds the item already as asked writes nothing, so writes come in uneven bursts and the
   * thirds' ratio alone says little.)
   */
  levelledOff: boolean;
  /** That allowance: compacted size + afterWrites × the largest document's line. */
  boundBytes: number;
  serverRssMiB: { start: number; peak: number; end: number };
  /** The largest file size and memory seen in each window of the run (sampled every 250 ms). */
  windows: { fromSecond: number; peakFileBytes: number; peakRssMiB: number }[];
  compaction: { everyMs: number; afterWrites: number };
  /** The machine's 1-minute load average before and after the run (it is shared: figures vary). */
  loadAverage: { start: number; end: number };
}

const situation = LOAD_SITUATION;

/** The resident memory of a process in MiB (Linux), or 0 when it cannot be read. */
function rssMiB(pid: number): number {
  try {
    const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round((kib / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/** Starts the server in a child process; resolves with its base URL, pid and a stop function. */
async function serverProcess(dataDir: string, functionsDir: string, notOk: string[]) {
  const script = `require(${JSON.stringify(join(ROOT, 'scripts/server.ts'))})
    .startServer({ port: 0, dataDir: ${JSON.stringify(dataDir)}, skipBuild: true, preview: false,
      functionsDir: ${JSON.stringify(functionsDir)},
      log: (line) => { if (/^POST /.test(line) && !/ ok$/.test(line)) console.log(line); } })
    .then((s) => console.log('LISTENING ' + s.port), (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WRITES_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const listening = /^LISTENING (\d+)/.exec(line);
        if (listening) ready(Number(listening[1]));
        else if (line.startsWith('POST ')) notOk.push(line);
      }
    });
    child.on('exit', (code) => fail(new Error(`soak server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => void child.kill('SIGTERM'),
  };
}

export async function soak(seconds: number, log: (line: string) => void): Promise<SoakFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yidi-soak-'));
  const functionsDir = mkdtempSync(join(tmpdir(), 'yidi-soak-fns-'));
  await buildFunctions(functionsDir, 'local');
  const notOk: string[] = [];
  const server = await serverProcess(dataDir, functionsDir, notOk);
  const file = join(dataDir, 'checklists.db');
  try {
    // Twenty families, one checklist each; every toggle rewrites a whole checklist in the file.
    const lists: { owner: string; id: string; items: string[] }[] = [];
    for (let i = 0; i < 20; i++) {
      const owner = `soak-owner-${i}`;
      const res = await fetch(`${server.base}/fn/checklist`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': owner },
        body: JSON.stringify({ action: 'create', situation }),
      });
      const created = (await res.json()) as { data: { id: string; items: { id: string }[] } };
      lists.push({ owner, id: created.data.id, items: created.data.items.map((item) => item.id) });
    }
    const requests = lists.flatMap(({ owner, id, items }) =>
      items.flatMap((itemId) =>
        [true, false].map((done) => ({
          method: 'POST' as const,
          path: '/fn/checklist',
          headers: { 'content-type': 'application/json', 'x-openid': owner },
          body: JSON.stringify({ action: 'toggle', id, itemId, done }),
        })),
      ),
    );

    const loadAtStart = loadavg()[0];
    const started = Date.now();
    const samples: { second: number; fileBytes: number; rssMiB: number }[] = [];
    const sample = () =>
      samples.push({
        second: (Date.now() - started) / 1000,
        fileBytes: existsSync(file) ? statSync(file).size : 0,
        rssMiB: rssMiB(server.pid),
      });
    sample();
    const sampler = setInterval(sample, 250);
    const connections = 20;
    const result = await autocannon({ url: server.base, connections, duration: seconds, requests });
    clearInterval(sampler);
    sample();

    const third = Math.floor(samples.length / 3);
    const peakOf = (xs: typeof samples) => Math.max(...xs.map((s) => s.fileBytes));
    const ratio = peakOf(samples.slice(2 * third)) / Math.max(1, peakOf(samples.slice(third, 2 * third)));
    const rss = samples.map((s) => s.rssMiB);
    const windowSeconds = Math.max(5, Math.round(seconds / 12));
    const windows: SoakFigures['windows'] = [];
    for (let from = 0; from < seconds; from += windowSeconds) {
      const inWindow = samples.filter((s) => s.second >= from && s.second < from + windowSeconds);
      if (inWindow.length)
        windows.push({
          fromSecond: from,
          peakFileBytes: peakOf(inWindow),
          peakRssMiB: Math.max(...inWindow.map((s) => s.rssMiB)),
        });
    }
    // The compacted file holds one line per checklist; a write appends one whole line.
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    const largestLine = Math.max(0, ...lines.map((l) => Buffer.byteLength(l) + 1));
    const boundBytes =
      largestLine * (lists.length + Math.max(COMPACTION_DEFAULTS.compactAfterWrites, lists.length));
    const figures: SoakFigures = {
      seconds,
      connections,
      checklists: lists.length,
      writes: result.requests.total,
      writesPerSecond: Math.round(result.requests.average),
      errors: result.errors + result.timeouts + result.non2xx,
      notOk: notOk.length,
      fileBytes: { start: samples[0].fileBytes, peak: peakOf(samples), end: samples.at(-1)!.fileBytes },
      lastThirdPeakRatio: Math.round(ratio * 100) / 100,
      levelledOff: peakOf(samples) <= boundBytes,
      boundBytes,
      serverRssMiB: { start: rss[0], peak: Math.max(...rss), end: rss.at(-1)! },
      windows,
      compaction: {
        everyMs: COMPACTION_DEFAULTS.compactEveryMs,
        afterWrites: COMPACTION_DEFAULTS.compactAfterWrites,
      },
      loadAverage: { start: Math.round(loadAtStart * 100) / 100, end: Math.round(loadavg()[0] * 100) / 100 },
    };
    log(
      `  ${figures.writes} toggles in ${seconds} s (${figures.writesPerSecond}/s): file ${figures.fileBytes.start} → peak ${figures.fileBytes.peak} → ${figures.fileBytes.end} bytes; ${figures.levelledOff ? 'levelled off' : 'still growing'}`,
    );
    return figures;
  } finally {
    server.stop();
  }
}
