/**
 * Before NeDB loads a data file: every line that is not a complete JSON document (a write cut short
 * by a crash, zeroed or overwritten bytes anywhere in the file) is moved to a kept-aside file next to
 * it and reported with a log line, instead of NeDB dropping it silently on load (and refusing to
 * start when more than 10 % of lines are damaged). The file is read as a stream, so its size is not
 * limited by the longest string V8 can hold.
 *
 * Limit: a line damaged in a way that still parses as JSON (a changed digit inside a string) cannot be
 * told from a good one; NeDB files carry no checksums.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RecoveryReport {
  collection: string;
  file: string;
  /** Lines that were not complete JSON documents; they are in `keptAside`, not lost. */
  damagedLines: number;
  /** Lines in the file before recovery (blank lines not counted). */
  totalLines: number;
  keptAside: string;
}

/** Kept-aside files per data file: the newest few are kept, for at most this long. */
export const KEEP_ASIDE = { files: 5, days: 30 };

const REPORTS = Symbol.for('yidi-jiuyi.nedb-recovery');
/** What was kept aside when data files were opened in this process. */
export function recoveryReports(): RecoveryReport[] {
  const holder = globalThis as unknown as Record<symbol, RecoveryReport[]>;
  return (holder[REPORTS] ??= []);
}

/** A line NeDB can load: a JSON object (its own loader counts anything else as corrupt or ignores it). */
function isDocument(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of reader) yield line;
  } finally {
    reader.close();
  }
}

async function countDamaged(file: string): Promise<{ damaged: number; total: number }> {
  let damaged = 0;
  let total = 0;
  for await (const line of lines(file)) {
    if (!line.trim()) continue;
    total++;
    if (!isDocument(line)) damaged++;
  }
  return { damaged, total };
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: ReturnType<typeof createWriteStream>): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Splits the file into its good lines (back in place) and its damaged lines (in `aside`). */
async function separate(file: string, aside: string): Promise<void> {
  const temporary = `${file}.recovering`;
  const good = createWriteStream(temporary, { encoding: 'utf8' });
  const bad = createWriteStream(aside, { encoding: 'utf8', mode: 0o600 });
  try {
    for await (const line of lines(file)) {
      if (!line.trim()) continue;
      await write(isDocument(line) ? good : bad, `${line}\n`);
    }
  } finally {
    await Promise.all([close(good), close(bad)]);
  }
  renameSync(temporary, file);
}

/** Kept-aside files of one data file (and the `.torn` files of earlier versions), newest first. */
function keptAsideFiles(file: string): string[] {
  const dir = dirname(file);
  const base = basename(file);
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${base}.damaged-`) || name === `${base}.torn`)
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/** Deletes kept-aside files beyond the newest KEEP_ASIDE.files and any older than KEEP_ASIDE.days. */
export function rotateKeptAside(file: string, now = Date.now()): void {
  if (!existsSync(dirname(file))) return;
  keptAsideFiles(file).forEach((path, index) => {
    if (index >= KEEP_ASIDE.files || now - statSync(path).mtimeMs > KEEP_ASIDE.days * 86_400_000)
      unlinkSync(path);
  });
}

/** Keeps damaged lines aside before NeDB loads `file`; returns what it did, or null for a clean file. */
export async function keepDamagedAside(file: string, collection: string): Promise<RecoveryReport | null> {
  // NeDB's own crash recovery: a compaction that died between writing `file~` and renaming it.
  if (!existsSync(file) && existsSync(`${file}~`)) renameSync(`${file}~`, file);
  if (!existsSync(file)) return null;
  const { damaged, total } = await countDamaged(file);
  if (!damaged) return null;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const keptAside = `${file}.damaged-${stamp}-${process.pid}`;
  await separate(file, keptAside);
  const report = { collection, file, damagedLines: damaged, totalLines: total, keptAside };
  recoveryReports().push(report);
  console.warn(
    `${file}: ${damaged} damaged line(s) of ${total} kept aside in ${keptAside}; the other ${total - damaged} loaded`,
  );
  rotateKeptAside(file);
  return report;
}
