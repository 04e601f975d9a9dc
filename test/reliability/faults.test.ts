/**
 * Faults: a torn database file, a policy push that fails midway, and the policy store down. Damage
 * in the middle of a file, a file that cannot be loaded or written: see store-damage.test.ts.
 */
import { appendFileSync, readFileSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  closeAll,
  NedbChecklistStore,
  NedbPolicyStore,
  openCollection,
  recoveryReports,
} from '../../cloudfunctions/common/adapters/nedb';
import { packToDocs } from '../../cloudfunctions/common/policy/store-docs';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { runHandler } from '../../cloudfunctions/common/runtime/entry';
import { testDeps, data } from '../support/functions';
import { realPack } from '../support/policy';
import { tempDir } from '../support/stores';

const situation = {
  insuredCity: '深圳',
  careCity: '长沙',
  scheme: 'employee',
  retired: true,
  reason: 'temporary',
  careType: 'inpatient',
  stage: 'planning',
};

describe('a database file cut off in the middle of a write', () => {
  it('reopens with the last complete state and reports what was dropped', async () => {
    const dir = tempDir();
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const list = data(
      await runHandler(checklistFunction, deps, { action: 'create', situation }, { openid: 'parent' }),
    ) as ChecklistView;
    data(
      await runHandler(
        checklistFunction,
        deps,
        { action: 'toggle', id: list.id, itemId: list.items[0].id, done: true },
        { openid: 'parent' },
      ),
    );
    const file = join(dir, 'checklists.db');
    const complete = statSync(file).size;
    // The next write dies half way through its line.
    appendFileSync(file, '{"$$modifiedFields":1,"_id":"' + list.id + '","items":[{"id":"doc-ide');
    expect(statSync(file).size).toBeGreaterThan(complete);

    closeAll(dir); // the process died; a new one opens the files
    const reopened = new NedbChecklistStore(dir);
    const doc = await reopened.get(list.id);
    expect(doc?.items[0].done).toBe(true);
    expect(doc?.version).toBe(2);
    const report = recoveryReports().find((r) => r.file === file)!;
    expect(report).toMatchObject({ collection: 'checklists', damagedLines: 1, totalLines: 3 });
    expect(readFileSync(report.keptAside, 'utf8')).toContain('doc-ide');
    // And it keeps working.
    expect(await reopened.patchItem(list.id, 1, { done: true }, new Date().toISOString())).toBe(true);
  });

  it('also survives a file truncated at an arbitrary byte', async () => {
    const dir = tempDir();
    const store = new NedbChecklistStore(dir);
    const deps = await testDeps({ env: { DATA_DIR: dir } });
    const list = data(
      await runHandler(checklistFunction, deps, { action: 'create', situation }, { openid: 'parent' }),
    ) as ChecklistView;
    for (const item of list.items)
      await store.patchItem(list.id, list.items.indexOf(item), { done: true }, new Date().toISOString());
    const file = join(dir, 'checklists.db');
    truncateSync(file, statSync(file).size - 17);
    closeAll(dir);
    const doc = await new NedbChecklistStore(dir).get(list.id);
    expect(doc).not.toBeNull();
    expect(doc!.items.filter((i) => i.done).length).toBe(list.items.length - 1);
  });
});

describe('a policy push that fails midway', () => {
  it('leaves the previous version active, and the next push clears the half-written one', async () => {
    const dir = tempDir();
    const store = new NedbPolicyStore(dir);
    const docs = packToDocs(realPack());
    await store.push('v1', docs, '2026-11-20T00:00:00.000Z');
    const db = openCollection(dir, 'policies');
    const insert = db.insertAsync.bind(db);
    // The connection drops before the commit is written.
    db.insertAsync = (async (doc: unknown) => {
      if (!Array.isArray(doc) && (doc as { key?: string }).key === 'commit') throw new Error('ECONNRESET');
      return insert(doc as never);
    }) as typeof db.insertAsync;
    await expect(store.push('v2', docs, '2026-11-21T00:00:00.000Z')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(await store.activeVersion()).toBe('v1');
    expect((await store.load(['n', 'c:440300']))?.version).toBe('v1');

    db.insertAsync = insert;
    await store.push('v3', docs, '2026-11-22T00:00:00.000Z');
    expect(await store.activeVersion()).toBe('v3');
    const pushIds = new Set((await db.findAsync({})).map((d) => d.pushId));
    expect(pushIds.size).toBe(2); // v1 kept for rollback, v3 active; the failed v2 is gone
  });
});
