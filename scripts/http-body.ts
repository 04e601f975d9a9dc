/**
 * Reading a local-server request body as a function event, with every failure an answer rather than
 * a dropped connection: a body over the limit is read to its end and discarded, then answered 413
 * (destroying the request mid-upload made the client see a connection reset); unparsable JSON and
 * JSON nested deeper than any event are answered 400.
 */
import type { IncomingMessage } from 'node:http';

export const BODY_LIMITS = {
  /** Largest body accepted (the functions refuse events over 64 KB themselves). */
  bytes: 256 * 1024,
  /** Past this much, an oversized upload is cut off rather than read to its end. */
  drainBytes: 16 * 1024 * 1024,
  /** Deepest nesting of objects and arrays accepted (events need 3). */
  depth: 32,
};

export type BodyResult = { ok: true; event: unknown } | { ok: false; status: 400 | 413; message: string };

/** The deepest nesting of [ and { in JSON text, outside strings; counted without recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function readRaw(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMITS.bytes) chunks.push(chunk);
      else if (size > BODY_LIMITS.drainBytes) req.destroy();
    });
    req.on('end', () => resolve(size > BODY_LIMITS.bytes ? null : Buffer.concat(chunks)));
    req.on('error', reject);
    // A destroyed (cut-off) or aborted request ends with 'close' alone: answer it as too large or
    // cut short rather than leave it pending (after 'end' this changes nothing).
    req.on('close', () => resolve(null));
  });
}

export async function readEvent(req: IncomingMessage): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  const raw = declared > BODY_LIMITS.drainBytes ? null : await readRaw(req);
  if (!raw)
    return { ok: false, status: 413, message: `请求内容太大（不能超过 ${BODY_LIMITS.bytes / 1024} KB）` };
  const text = raw.toString('utf8');
  if (!text.trim()) return { ok: true, event: {} };
  if (nestingDepth(text) > BODY_LIMITS.depth)
    return { ok: false, status: 400, message: '请求内容的层级太深' };
  try {
    return { ok: true, event: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: '请求体不是有效的 JSON' };
  }
}
