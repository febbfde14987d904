import { describe, expect, it } from 'vitest';
import { listLowStock, listMovements, listStock, type StockQuery } from '@/db/queries/inventory-read';
import { adjustStock, updateReorderSettings } from '@/db/queries/inventory-ops';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { stockList } from '@/lib/lists/inventory';
import { stockQueryOf } from '@/lib/server/lists/inventory-query';
import { useTestDatabase } from '../support/test-db';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';

const t = useTestDatabase();
const db = () => t.handle.db;

/** Every row of a sorted list, page by page through Next; and back through Previous. */
async function walk(query: StockQuery, pageSize: number) {
  const pages = [];
  let page = await listStock(db(), { ...query, pageSize });
  for (;;) {
    pages.push(page);
    if (!page.next) break;
    page = await listStock(db(), { ...query, pageSize, after: page.next, page: page.page + 1 });
  }
  let back = pages[pages.length - 1]!;
  for (let i = pages.length - 2; i >= 0; i--) {
    back = await listStock(db(), { ...query, pageSize, before: back.prev! });
    expect(back.rows.map((r) => r.id)).toEqual(pages[i]!.rows.map((r) => r.id));
  }
  return pages.flatMap((p) => p.rows);
}

async function stockWithTies() {
  const a = await makeLocation(db(), 'Alpha', 'ALP');
  const b = await makeLocation(db(), 'Beta', 'BET');
  const skus = await makeSkus(db(), 9);
  // Quantities repeat (1..4) so that ties are broken by id and paging must not skip or repeat them.
  let n = 0;
  for (const v of skus) for (const loc of [a, b]) await receive(db(), v.id, loc.id, (n++ % 4) + 1);
  return { a, b, skus };
}

describe('sorted stock lists (SQL order, keyset paging on sort value + id)', () => {
  it('sorts by on hand and available both ways; Next/Previous walk every row once', async () => {
    await stockWithTies();
    const all = (await listStock(db(), { pageSize: 200 })).rows;
    for (const key of ['onHand', 'available'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const rows = await walk({ sort: { key, dir } }, 4);
        expect(rows).toHaveLength(all.length);
        expect(new Set(rows.map((r) => r.id)).size).toBe(all.length);
        const values = rows.map((r) => [r[key], r.id] as const);
        const sorted = [...values].sort((x, y) => (x[0] - y[0] || x[1] - y[1]) * (dir === 'asc' ? 1 : -1));
        expect(values).toEqual(sorted);
      }
    }
  });

  it('sorts by SKU descending (location code breaking ties) and pages back and forth', async () => {
    await stockWithTies();
    const rows = await walk({ sort: { key: 'sku', dir: 'desc' } }, 5);
    const keys = rows.map((r) => `${r.sku.toLowerCase()} ${r.locationCode}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filters and sorts together, from the URL state (what the page and the export run)', async () => {
    const { a, skus } = await stockWithTies();
    await adjustStock(db(), SYSTEM_ACTOR, { variantId: skus[0]!.id, locationId: a.id, quantity: 5, reason: 'count' });
    const state = stockList.parse({ location: a.id, sort: '-onHand' });
    const rows = await walk(stockQueryOf(state), 3);
    expect(rows.every((r) => r.locationId === a.id)).toBe(true);
    expect(rows).toHaveLength(9);
    expect(rows[0]!.variantId).toBe(skus[0]!.id);
    expect(rows.map((r) => r.onHand)).toEqual([...rows.map((r) => r.onHand)].sort((x, y) => y - x));
  });

  it('low stock sorts by available', async () => {
    const { a, skus } = await stockWithTies();
    for (const v of skus.slice(0, 4)) {
      const level = (await listStock(db(), { variantId: v.id, locationId: a.id })).rows[0]!;
      await updateReorderSettings(db(), SYSTEM_ACTOR, {
        levelId: level.id,
        reorderPoint: 10,
        reorderQuantity: 5,
        version: level.version,
      });
    }
    const low = await listLowStock(db(), { sort: { key: 'available', dir: 'desc' } });
    expect(low.rows).toHaveLength(4);
    expect(low.rows.map((r) => r.available)).toEqual([...low.rows.map((r) => r.available)].sort((x, y) => y - x));
  });

  it('the ledger sorts oldest first and pages with the same cursor', async () => {
    const { a, skus } = await stockWithTies();
    const newest = await listMovements(db(), { locationId: a.id, limit: 100 });
    const oldest: number[] = [];
    let before: number | undefined;
    for (;;) {
      const rows = await listMovements(db(), { locationId: a.id, dir: 'asc', before, limit: 4 });
      oldest.push(...rows.map((r) => r.id));
      if (rows.length < 4) break;
      before = rows[rows.length - 1]!.id;
    }
    expect(oldest).toEqual(newest.map((r) => r.id).reverse());
    expect(skus.length).toBe(9);
  });
});

describe('purchase orders and transfers by number, keyset-paged both ways', () => {
  it('walks every transfer once, newest or oldest first, filtered by location', async () => {
    const { a, b, skus } = await stockWithTies();
    const { createTransfer } = await import('@/db/queries/inventory-ops');
    const { listTransfers } = await import('@/db/queries/inventory-read');
    for (let i = 0; i < 5; i++) {
      await createTransfer(db(), SYSTEM_ACTOR, {
        fromLocationId: a.id,
        toLocationId: b.id,
        lines: [{ variantId: skus[i]!.id, quantity: 1 }],
        receiveNow: false,
      });
    }
    for (const dir of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const rows = await listTransfers(db(), { dir, before, limit: 2, locationId: b.id });
        seen.push(...rows.map((t) => t.number));
        if (rows.length < 2) break;
        before = rows[rows.length - 1]!.number;
      }
      expect(seen).toHaveLength(5);
      expect(seen).toEqual([...seen].sort((x, y) => (dir === 'asc' ? x - y : y - x)));
    }
  });
});
