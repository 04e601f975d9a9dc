/**
 * A small disk, or a read-only folder, for one data folder, without root or a loop mount: Node's
 * file writes into `FAKE_DISK_DIR` are held to a capacity of `FAKE_DISK_BYTES` (every file in the
 * folder counts), and with `FAKE_DISK_READONLY=1` no new file may be made there (appending to an
 * existing one still works, as in a folder without write permission). A write that does not fit
 * writes the bytes that do — really, to the file — and then fails with ENOSPC, as a full disk does.
 *
 * The state is read from the environment at each write, so a test can fill and free the disk (a
 * ballast file in the folder) or lift the read-only state (`setReadOnly`) while the process runs.
 * Import this before anything that loads NeDB: NeDB keeps its own references to fs functions.
 */
import fs from 'node:fs';
import { join, resolve } from 'node:path';

const dir = process.env.FAKE_DISK_DIR ? resolve(process.env.FAKE_DISK_DIR) : null;
const inside = (path: fs.PathLike | number) =>
  dir !== null && typeof path === 'string' && resolve(path).startsWith(`${dir}/`);

/** Bytes still free on the fake disk. */
function free(): number {
  const capacity = Number(process.env.FAKE_DISK_BYTES ?? Infinity);
  let used = 0;
  for (const name of fs.readdirSync(dir!)) {
    try {
      used += fs.statSync(join(dir!, name)).size;
    } catch {
      // removed meanwhile
    }
  }
  return Math.max(0, capacity - used);
}

const failure = (code: 'ENOSPC' | 'EACCES', path: string) =>
  Object.assign(
    new Error(`${code}: ${code === 'ENOSPC' ? 'no space left on device' : 'permission denied'}, '${path}'`),
    {
      code,
      path,
    },
  );

export function setReadOnly(on: boolean): void {
  process.env.FAKE_DISK_READONLY = on ? '1' : '';
}

if (dir) {
  const real = {
    appendFile: fs.promises.appendFile,
    createWriteStream: fs.createWriteStream,
  };

  fs.promises.appendFile = async (path, data, options) => {
    if (!inside(path as string)) return real.appendFile(path, data, options);
    const bytes = Buffer.from(data as string, 'utf8');
    if (process.env.FAKE_DISK_READONLY && !fs.existsSync(path as string))
      throw failure('EACCES', String(path));
    const room = free();
    if (bytes.length <= room) return real.appendFile(path, bytes);
    if (room) await real.appendFile(path, bytes.subarray(0, room));
    throw failure('ENOSPC', String(path));
  };

  // Compaction writes its new file through a write stream: the same capacity and permission.
  fs.createWriteStream = ((path: fs.PathLike, options?: Parameters<typeof fs.createWriteStream>[1]) => {
    if (!inside(path)) return real.createWriteStream(path, options);
    const target = String(path);
    const held: Partial<typeof fs> = {
      ...fs,
      open: ((
        file: fs.PathLike,
        flags: fs.OpenMode,
        mode: fs.Mode,
        done: (e: Error | null, fd?: number) => void,
      ) => {
        if (process.env.FAKE_DISK_READONLY && !fs.existsSync(target)) return done(failure('EACCES', target));
        return fs.open(file, flags, mode, done);
      }) as typeof fs.open,
      write: ((
        fd: number,
        buffer: Buffer,
        offset: number,
        length: number,
        position: number | null,
        done: (e: Error | null, written?: number) => void,
      ) => {
        const room = free();
        if (length <= room) return fs.write(fd, buffer, offset, length, position, done);
        fs.write(fd, buffer, offset, room, position, () => done(failure('ENOSPC', target)));
      }) as typeof fs.write,
      writev: undefined,
    };
    return real.createWriteStream(path, {
      ...(typeof options === 'object' ? options : {}),
      fs: held,
    } as never);
  }) as typeof fs.createWriteStream;
}
