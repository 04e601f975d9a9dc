/**
 * A loopback listener for the CloudBase SDK's requests (a wire-format check, not a database): it
 * records every request the real SDK sends and answers each with what `answer` returns, in the
 * shape the SDK parses (`{ data: … }`, or `{ code, message }` for a server-side error).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  action: string;
  collectionName?: string;
  /** `query`, `data` and `order` EJSON-decoded (the SDK sends them as EJSON strings). */
  query?: unknown;
  data?: unknown;
  order?: unknown;
  offset: number;
  limit?: number;
  multi?: boolean;
  raw: Record<string, unknown>;
}

export type Answer = (request: CapturedRequest) => unknown;

/** Documents in the shape `getDocument` returns them: EJSON strings. */
export const docs = (rows: unknown[]) => ({ data: { list: rows.map((r) => JSON.stringify(r)) } });

export const defaultAnswer: Answer = (request) => {
  switch (request.action) {
    case 'database.getDocument':
      return docs([]);
    case 'database.insertDocument': {
      const data = request.data as { _id?: string }[] | undefined;
      return { data: { insertedIds: (data ?? []).map((d, i) => d._id ?? `id-${i}`) } };
    }
    case 'database.modifyDocument':
      return { data: { updated: 1 } };
    case 'database.removeDocument':
      return { data: { deleted: 1 } };
    case 'database.calculateDocument':
      return { data: { total: 0 } };
    default:
      return { code: 'UNSUPPORTED', message: `capture server: no answer for ${request.action}` };
  }
};

/** Extended JSON as the SDK writes it: numbers as { $numberInt: "1" } and the like. */
function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return JSON.parse(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const [key] = Object.keys(v);
      if (['$numberInt', '$numberDouble', '$numberLong'].includes(key) && Object.keys(v).length === 1)
        return Number(v[key]);
    }
    return v;
  });
}

export async function captureServer(): Promise<{
  url: string;
  requests: CapturedRequest[];
  answer: (fn: Answer) => void;
  close: () => Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  let answer: Answer = defaultAnswer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text || '{}');
      } catch {
        // wx-server-sdk sends open-API calls as multipart: recorded by action and API name only
        const field = (name: string) => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)`).exec(text)?.[1];
        body = { action: field('action'), apiName: field('apiName') };
      }
      const request: CapturedRequest = {
        action: String(body.action),
        collectionName: body.collectionName as string | undefined,
        query: decode(body.query),
        data: Array.isArray(body.data) ? body.data.map(decode) : decode(body.data),
        order: decode(body.order),
        offset: (body.offset as number | undefined) ?? 0,
        limit: body.limit as number | undefined,
        multi: body.multi as boolean | undefined,
        raw: body,
      };
      requests.push(request);
      const reply = { requestId: `req-${requests.length}`, ...(answer(request) as object) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    requests,
    answer: (fn) => {
      answer = fn;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
