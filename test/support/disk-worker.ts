/**
 * A checklist store in a process of its own, on the fake disk of fake-disk.ts, driven over IPC by a
 * test that fills and frees the disk and kills the process with SIGKILL. Each request is answered
 * only once the store has answered it: an `ok` reply is an acknowledged write.
 */
import { setReadOnly } from './fake-disk'; // first: it must patch fs before NeDB is loaded
import { NedbChecklistStore } from '../../cloudfunctions/common/adapters/nedb';
import type { ChecklistDoc, ItemPatch } from '../../cloudfunctions/common/ports';

export type DiskRequest =
  | { seq: number; op: 'insert'; doc: ChecklistDoc }
  | { seq: number; op: 'patch'; id: string; index: number; patch: ItemPatch; at: string }
  | { seq: number; op: 'remove'; id: string }
  | { seq: number; op: 'readOnly'; on: boolean };

export interface DiskReply {
  seq: number;
  ok: boolean;
  code?: string;
}

const store = new NedbChecklistStore(process.env.DATA_DIR!, JSON.parse(process.env.STORE_OPTIONS ?? '{}'));

async function run(request: DiskRequest): Promise<boolean> {
  switch (request.op) {
    case 'insert':
      return store.insert(request.doc);
    case 'patch':
      return store.patchItem(request.id, request.index, request.patch, request.at);
    case 'remove':
      return store.remove(request.id);
    case 'readOnly':
      setReadOnly(request.on);
      return true;
  }
}

process.on('message', (request: DiskRequest) => {
  run(request).then(
    (ok) => process.send!({ seq: request.seq, ok } satisfies DiskReply),
    (error: { code?: string }) =>
      process.send!({ seq: request.seq, ok: false, code: error.code } satisfies DiskReply),
  );
});
process.send!({ seq: 0, ok: true } satisfies DiskReply);
