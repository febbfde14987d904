import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bulkSaveVariantsAction } from '@/app/(admin)/catalog/actions';
import { auditLog, outboxEvents, products, stockLevels, variants } from '@/db/schema';
import { bulkSaveVariants, loadBulkGrid } from '@/db/queries/catalog-bulk-edit';
import { updateVariant } from '@/db/queries/catalog-variants';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import type { SessionUser } from '@/lib/server/session';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeCategory, makeProduct, makeStaff, makeVariants } from '../support/factories';
import { makeLocation } from '../support/inventory-factories';
import { inParallel } from '../support/parallel';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
const db = () => t.handle.db;
beforeEach(async () => {
  session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
});

async function twoProducts() {
  const cat = await makeCategory(db());
  const a = await makeProduct(db(), cat.id, { name: 'Bulk Alba' });
  const b = await makeProduct(db(), cat.id, { name: 'Bulk Bria' });
  const va = await makeVariants(db(), a.id, ['BA-1', 'BA-2']);
  const vb = await makeVariants(db(), b.id, ['BB-1']);
  return { cat, a, b, va, vb };
}

describe(`bulk edit of variants (${TEST_DRIVER})`, () => {
  it('loads the filtered variants with their products, attributes and reorder points', async () => {
    const { cat, a, va } = await twoProducts();
    const loc = await makeLocation(db(), 'Bulk Load', 'BLD');
    await bulkSaveVariants(db(), SYSTEM_ACTOR, {
      variants: [
        { id: va[0]!.id, version: va[0]!.version, reorder: [{ locationId: loc.id, version: null, value: '4' }] },
      ],
      products: [],
    });
    const grid = await loadBulkGrid(db(), { category: cat.id });
    expect(grid.rows.map((r) => r.sku)).toEqual(['BA-1', 'BA-2', 'BB-1']);
    expect(grid.products.find((p) => p.id === a.id)?.attributes).toEqual({ fabric: 'Linen' });
    expect(grid.rows[0]!.levels[loc.id]).toMatchObject({ point: 4 });
    expect(grid.locations.map((l) => l.code)).toContain('BLD');
    expect(grid.defsByCategory[cat.id]?.map((d) => d.key)).toContain('fabric');
    expect((await loadBulkGrid(db(), { category: cat.id }, 2)).truncated).toBe(true);
  });

  it('saves prices, barcodes, status, attributes and reorder points; one audit row per product', async () => {
    const { a, va, vb } = await twoProducts();
    const loc = await makeLocation(db(), 'Bulk Save', 'BSV');
    const r = await bulkSaveVariantsAction({
      variants: [
        { id: va[0]!.id, version: va[0]!.version, price: '12.50', barcode: '40063813', status: 'Inactive' },
        { id: va[1]!.id, version: va[1]!.version, reorder: [{ locationId: loc.id, version: null, value: '6' }] },
        { id: vb[0]!.id, version: vb[0]!.version, price: '' },
      ],
      products: [{ id: a.id, version: a.version, attributes: { fabric: 'cotton', length_cm: '98' } }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.stale).toEqual([]);
    const [v0] = await db().select().from(variants).where(eq(variants.id, va[0]!.id));
    expect(v0).toMatchObject({ priceOverride: 1250, barcode: '40063813', active: false, version: va[0]!.version + 1 });
    const [p] = await db().select().from(products).where(eq(products.id, a.id));
    expect(p).toMatchObject({ attributes: { fabric: 'Cotton', length_cm: 98 }, version: a.version + 1 });
    const [level] = await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.variantId, va[1]!.id), eq(stockLevels.locationId, loc.id)));
    expect(level?.reorderPoint).toBe(6);
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'bulk_edit'));
    // Bria's only change was a no-op (its price was already blank): no audit row for it.
    expect(audits.map((x) => x.entityId).sort()).toEqual([a.id]);
    expect(JSON.stringify(audits[0]!.changes)).toMatch(/BA-1 price/);
    expect(JSON.stringify(audits[0]!.changes)).toMatch(/attributes\.fabric/);
    // Webhook subscribers hear of the product whose attributes changed, at its new version (as from the form).
    const events = await db().select().from(outboxEvents);
    expect(events.map((e) => [e.type, e.entityKey, (e.payload as { version: number }).version])).toEqual([
      ['product.updated', `product:${a.id}`, a.version + 1],
    ]);
  });

  it('a row someone changed meanwhile is reported and kept as it is; the other rows save', async () => {
    const { va, vb } = await twoProducts();
    // Someone else edits BA-2 after the grid loaded it.
    await updateVariant(db(), SYSTEM_ACTOR, { ...va[1]!, barcode: '11112222', id: va[1]!.id, version: va[1]!.version });
    const r = await bulkSaveVariantsAction({
      variants: [
        { id: va[0]!.id, version: va[0]!.version, price: '20' },
        { id: va[1]!.id, version: va[1]!.version, price: '21' },
        { id: vb[0]!.id, version: vb[0]!.version, price: '22' },
      ],
      products: [],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.stale).toEqual([
      { kind: 'variant', id: va[1]!.id, message: expect.stringMatching(/^BA-2 was changed/) },
    ]);
    expect(r.data.variants.map((v) => v.id).sort()).toEqual([va[0]!.id, vb[0]!.id].sort());
    const rows = await db().select().from(variants);
    const byId = new Map(rows.map((v) => [v.id, v]));
    expect(byId.get(va[0]!.id)?.priceOverride).toBe(2000);
    expect(byId.get(vb[0]!.id)?.priceOverride).toBe(2200);
    // Theirs stands.
    expect(byId.get(va[1]!.id)).toMatchObject({ priceOverride: null, barcode: '11112222' });
  });

  it('bad cells refuse the save with errors by row and column, and nothing is written', async () => {
    const { a, va } = await twoProducts();
    const r = await bulkSaveVariantsAction({
      variants: [
        { id: va[0]!.id, version: va[0]!.version, price: '12.50' },
        { id: va[1]!.id, version: va[1]!.version, barcode: '12ab' },
      ],
      products: [{ id: a.id, version: a.version, attributes: { fabric: 'Wool', nope: 'x' } }],
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: {
        [`variants.${va[1]!.id}.barcode`]: ['Use 8 to 14 digits (EAN/UPC).'],
        [`products.${a.id}.attr.fabric`]: ['Choose one of: Linen, Cotton, Silk.'],
        [`products.${a.id}.attr.nope`]: ['This product’s category has no such attribute.'],
      },
    });
    const [v0] = await db().select().from(variants).where(eq(variants.id, va[0]!.id));
    expect(v0?.priceOverride).toBeNull();
    // Malformed input is a 4xx-style result, never a crash.
    expect(await bulkSaveVariantsAction({ variants: 'x' })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('a barcode already on another SKU or twice in the save, a row twice and an unknown location are cell errors', async () => {
    const { va, vb } = await twoProducts();
    await db().update(variants).set({ barcode: '40000001' }).where(eq(variants.id, vb[0]!.id));
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await bulkSaveVariantsAction({
      variants: [
        { id: va[0]!.id, version: va[0]!.version, barcode: '40000001' },
        {
          id: va[1]!.id,
          version: va[1]!.version,
          barcode: '40000002',
          reorder: [{ locationId: missing, version: null, value: '3' }],
        },
        { id: va[1]!.id, version: va[1]!.version, barcode: '40000002' },
      ],
      products: [],
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: {
        [`variants.${va[0]!.id}.barcode`]: [`Barcode 40000001 is already on ${vb[0]!.sku}.`],
        [`variants.${va[1]!.id}`]: ['This row is in the save twice.'],
      },
    });
    const fresh = await bulkSaveVariantsAction({
      variants: [
        { id: va[0]!.id, version: va[0]!.version, barcode: '40000003' },
        {
          id: va[1]!.id,
          version: va[1]!.version,
          barcode: '40000003',
          reorder: [{ locationId: missing, version: null, value: '3' }],
        },
      ],
      products: [],
    });
    expect(fresh).toMatchObject({
      ok: false,
      fieldErrors: {
        [`variants.${va[1]!.id}.barcode`]: ['This barcode is on another row too.'],
        [`variants.${va[1]!.id}.reorder.${missing}`]: ['That location does not exist or is inactive.'],
      },
    });
    const [v0] = await db().select().from(variants).where(eq(variants.id, va[0]!.id));
    expect(v0?.barcode).toBe(va[0]!.barcode); // nothing written
  });

  it('support staff may not bulk edit', async () => {
    session.user = asSession(await makeStaff(db(), 'support'));
    expect(await bulkSaveVariantsAction({ variants: [], products: [] })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it('concurrent bulk saves of the same rows: each row is saved by exactly one, the others report it stale', async () => {
    const cat = await makeCategory(db());
    const p = await makeProduct(db(), cat.id, { name: 'Bulk Race' });
    const vs = await makeVariants(
      db(),
      p.id,
      Array.from({ length: 20 }, (_, i) => `RACE-${i}`),
    );
    const savers = TEST_DRIVER === 'pglite' ? 4 : 8;
    // Each saver edits every row (in its own order, so lock order matters) from the same loaded versions.
    const results = await inParallel(savers, savers, (i) =>
      bulkSaveVariants(db(), SYSTEM_ACTOR, {
        variants: (i % 2 ? [...vs].reverse() : vs).map((v) => ({
          id: v.id,
          version: v.version,
          price: String(10 + i),
        })),
        products: [{ id: p.id, version: p.version, attributes: { length_cm: String(100 + i) } }],
      }),
    );
    const done = results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    // Whoever locked first saved everything; every other saver found every row stale (no partial interleaving).
    const winners = done.filter((d) => d.variants.length > 0);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.variants).toHaveLength(20);
    for (const d of done.filter((x) => x !== winners[0])) {
      expect(d.variants).toHaveLength(0);
      expect(d.stale).toHaveLength(21);
    }
    const rows = await db().select().from(variants).where(eq(variants.productId, p.id));
    expect(new Set(rows.map((v) => v.priceOverride)).size).toBe(1);
    expect(rows.every((v) => v.version === 2)).toBe(true);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'bulk_edit')));
    expect(audits).toHaveLength(1);
  });
});
