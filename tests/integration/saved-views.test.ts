import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createView, deleteView, getView, listViews, setDefaultView, updateView } from '@/db/queries/saved-views';
import { Conflict, Forbidden } from '@/lib/errors';
import { stockList } from '@/lib/lists/inventory';
import { makeStaff } from '../support/factories';
import { useTestDatabase } from '../support/test-db';

const t = useTestDatabase();
const db = () => t.handle.db;

async function people() {
  const a = await makeStaff(db(), 'merchandiser');
  const b = await makeStaff(db(), 'merchandiser');
  return { a: { id: a.id, label: a.email }, b: { id: b.id, label: b.email } };
}

describe('saved views', () => {
  it('saves private and shared views; others see only the shared ones; names are unique per person and list', async () => {
    const { a, b } = await people();
    const query = stockList.query(stockList.parse({ q: 'DRS', sort: '-available', cols: 'sku,available' }));
    const mine = await createView(db(), a, { list: 'inventory.stock', name: 'Low dresses', shared: false, query });
    const team = await createView(db(), a, { list: 'inventory.stock', name: 'Team', shared: true, query: '?low=1' });
    expect((await listViews(db(), a.id, 'inventory.stock')).views.map((v) => v.name)).toEqual(['Low dresses', 'Team']);
    expect((await listViews(db(), b.id, 'inventory.stock')).views.map((v) => v.name)).toEqual(['Team']);
    expect(await getView(db(), b.id, mine.id)).toBeNull();
    expect((await getView(db(), b.id, team.id))?.query).toBe('?low=1');
    await expect(
      createView(db(), a, { list: 'inventory.stock', name: 'low DRESSES', shared: false, query }),
    ).rejects.toBeInstanceOf(Conflict);
    // Another list, or another person, may reuse the name.
    await createView(db(), a, { list: 'inventory.movements', name: 'Low dresses', shared: false, query: '' });
    await createView(db(), b, { list: 'inventory.stock', name: 'Low dresses', shared: false, query: '' });
    // The stored query opens the same state.
    expect(stockList.parse(new URLSearchParams(mine.query.slice(1)))).toMatchObject({
      filters: { q: 'DRS' },
      sort: { key: 'available', dir: 'desc' },
    });
  });

  it('only the owner renames, shares or deletes; every change is audited; defaults follow visibility', async () => {
    const { a, b } = await people();
    const v = await createView(db(), a, { list: 'inventory.stock', name: 'Mine', shared: true, query: '?low=1' });
    await setDefaultView(db(), b, { list: 'inventory.stock', viewId: v.id });
    expect((await listViews(db(), b.id, 'inventory.stock')).defaultId).toBe(v.id);
    await expect(updateView(db(), b, { id: v.id, name: 'Theirs', shared: true })).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteView(db(), b, v.id)).rejects.toBeInstanceOf(Forbidden);
    await updateView(db(), a, { id: v.id, name: 'Renamed', shared: false });
    // Unshared: b no longer sees it, nor has it as default.
    expect(await listViews(db(), b.id, 'inventory.stock')).toEqual({ views: [], defaultId: null });
    await deleteView(db(), a, v.id);
    expect((await listViews(db(), a.id, 'inventory.stock')).views).toEqual([]);
    const audit = rowsOf<{ action: string; actor_label: string }>(
      await db().execute(sql`select action, actor_label from audit_log where entity_type = 'saved_view' order by id`),
    );
    expect(audit.map((r) => r.action)).toEqual(['create', 'set_default', 'update', 'delete']);
    expect(audit[1]!.actor_label).toBe(b.label);
  });

  it('a view whose query no longer parses opens with what still applies, and names what was left out', async () => {
    const { a } = await people();
    const v = await createView(db(), a, {
      list: 'inventory.stock',
      name: 'Old',
      shared: true,
      query: '?q=DRS&warehouse=x&sort=-margin&cols=sku,margin,onHand',
    });
    const state = stockList.parse(new URLSearchParams(v.query.slice(1)));
    expect(state.filters).toEqual({ q: 'DRS' });
    expect(state.sort).toEqual(stockList.defaultSort);
    expect(state.columns).toEqual(['sku', 'onHand']);
    expect(state.dropped.sort()).toEqual(['cols', 'sort']);
  });
});
