import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { auditLog, products, variants } from '@/db/schema';
import { listAudit, SYSTEM_ACTOR } from '@/db/queries/audit';
import { updateCategory } from '@/db/queries/catalog-categories';
import { countProducts, listProductPage, productWhere, type ProductListQuery } from '@/db/queries/catalog-list';
import { bulkUpdateProducts, getProduct, updateProduct } from '@/db/queries/catalog-products';
import { createVariants, updateVariant } from '@/db/queries/catalog-variants';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import {
  DRESS_DEFS,
  editInput,
  makeCategory,
  makeProduct,
  makeSupplier,
  makeVariants,
  variant,
} from '../support/factories';

const t = useTestDatabase();

const slugs = async (q: ProductListQuery) =>
  (await listProductPage(t.handle.db, { sort: 'name', ...q })).rows.map((r) => r.slug);

describe(`product list filters (${TEST_DRIVER})`, () => {
  it('returns exactly the matching rows for each filter and their combination', async () => {
    const db = t.handle.db;
    const dresses = await makeCategory(db, 'Dresses');
    const tops = await makeCategory(db, 'Tops', [
      { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Jersey'] },
    ]);
    const lumen = await makeSupplier(db, 'Atelier Lumen');
    const a = await makeProduct(db, dresses.id, {
      name: 'Ava Linen Wrap Dress',
      basePrice: 8900,
      tags: ['bestseller'],
      supplierId: lumen.id,
      attributes: { fabric: 'Linen', season: 'Summer, Spring', length_cm: '110', washable: 'yes' },
    });
    const b = await makeProduct(db, dresses.id, {
      name: 'Nora Silk Slip Dress',
      basePrice: 15900,
      status: 'draft',
      attributes: { fabric: 'Silk', season: ['Winter'], length_cm: 95 },
    });
    const c = await makeProduct(db, tops.id, {
      name: 'Isla Jersey Tee',
      basePrice: 2900,
      tags: ['bestseller', 'sale'],
      attributes: { fabric: 'Jersey' },
    });
    await makeVariants(db, a.id, ['AVA-WRAP-S-NAV', 'AVA-WRAP-M-NAV']);
    await makeVariants(db, c.id, ['TEE-ISLA-M']);

    expect(await slugs({})).toEqual([a.slug, c.slug, b.slug]);
    expect(await slugs({ q: 'wrap' })).toEqual([a.slug]);
    expect(await slugs({ q: 'dre' })).toEqual([a.slug, b.slug]); // word prefix
    expect(await slugs({ q: 'tee-isla' })).toEqual([c.slug]); // SKU prefix
    expect(await slugs({ q: 'ava-wrap-m' })).toEqual([a.slug]);
    expect(await slugs({ q: '%' })).toEqual([]); // LIKE wildcards are escaped
    expect(await slugs({ category: tops.id })).toEqual([c.slug]);
    expect(await slugs({ status: 'draft' })).toEqual([b.slug]);
    expect(await slugs({ supplier: lumen.id })).toEqual([a.slug]);
    expect(await slugs({ tag: 'bestseller' })).toEqual([a.slug, c.slug]);
    expect(await slugs({ attrs: [['fabric', 'linen']] })).toEqual([a.slug]); // enum matches ignoring case
    expect(await slugs({ attrs: [['season', 'Summer']] })).toEqual([a.slug]); // one of a multi-value
    expect(await slugs({ attrs: [['length_cm', '95']] })).toEqual([b.slug]); // typed as a number
    expect(await slugs({ attrs: [['washable', 'yes']] })).toEqual([a.slug]);
    expect(await slugs({ attrs: [['length_cm', 'long']] })).toEqual([]);
    expect(await slugs({ priceMin: 2900, priceMax: 8900 })).toEqual([a.slug, c.slug]);
    expect(
      await slugs({ category: dresses.id, attrs: [['fabric', 'Silk']], priceMin: 10000, status: 'draft' }),
    ).toEqual([b.slug]);
    expect(await slugs({ sort: 'price' })).toEqual([c.slug, a.slug, b.slug]);
    expect(await slugs({ sort: '-price' })).toEqual([b.slug, a.slug, c.slug]);

    const page = await listProductPage(db, { sort: 'name', pageSize: 25, page: 1 });
    expect(page.hasNext).toBe(false);
    expect(page.rows.find((r) => r.slug === a.slug)).toMatchObject({
      variantCount: 2,
      categoryName: 'Dresses',
      supplierName: 'Atelier Lumen',
    });
    expect(await countProducts(db, {})).toEqual({ n: 3, exact: true });
    expect(await countProducts(db, { tag: 'bestseller' })).toEqual({ n: 2, exact: true });
  });

  it('answers the attribute filter from the GIN index (plan check)', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db, 'Dresses');
    await db.execute(sql`
      insert into products (name, slug, category_id, base_price, attributes)
      select 'P' || g, 'p-' || g, ${cat.id}::uuid, 1000 + g, jsonb_build_object('fabric', (array['Linen','Cotton','Silk'])[1 + g % 3], 'length_cm', g % 50)
      from generate_series(1, 3000) g`);
    await db.execute(sql`analyze products`);
    const where = await productWhere(db, { attrs: [['fabric', 'Silk']] });
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = rowsOf<Record<string, string>>(
        await tx.execute(sql`explain select id from products where ${where}`),
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('products_attributes_gin');
    const page = await listProductPage(db, { attrs: [['fabric', 'Silk']], pageSize: 100 });
    expect(page.rows.every((r) => r.attributes.fabric === 'Silk')).toBe(true);
    expect(page.hasNext).toBe(true);
    // Past the exact-count cap the list shows the planner's estimate instead of counting every row.
    const total = await countProducts(db, {});
    expect(total.exact).toBe(false);
    expect(total.n).toBeGreaterThan(1000);
    expect(await countProducts(db, { attrs: [['fabric', 'Silk']], priceMax: 1100 })).toEqual({ n: 33, exact: true });
  });
});

describe(`product edits (${TEST_DRIVER})`, () => {
  it('refuses a save over a newer one and says what the other person changed', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id, { name: 'Wren Dress' });
    await updateProduct(
      db,
      { id: null, label: 'lena@bobbin.test' },
      editInput(p, { basePrice: 5900, status: 'archived' }),
    );
    const stale = updateProduct(db, SYSTEM_ACTOR, editInput(p, { name: 'Wren Midi Dress' }));
    await expect(stale).rejects.toMatchObject({ code: 'stale_version' });
    await expect(stale).rejects.toThrow(/price: 49\.00 EUR → 59\.00 EUR/);
    await expect(stale).rejects.toThrow(/status: active → archived/);
    const [row] = await db.select().from(products).where(eq(products.id, p.id));
    expect(row).toMatchObject({ name: 'Wren Dress', basePrice: 5900, version: 2 });
  });

  it('validates attributes against the category, including when moving to another one', async () => {
    const db = t.handle.db;
    const dresses = await makeCategory(db, 'Dresses');
    const patterns = await makeCategory(db, 'Patterns', [
      { key: 'difficulty', label: 'Difficulty', type: 'enum', options: ['Beginner', 'Advanced'], required: true },
    ]);
    const p = await makeProduct(db, dresses.id);
    const moved = updateProduct(db, SYSTEM_ACTOR, editInput(p, { categoryId: patterns.id }));
    await expect(moved).rejects.toMatchObject({
      code: 'invalid',
      fieldErrors: {
        'attributes.fabric': [expect.stringContaining('not an attribute')],
        'attributes.difficulty': ['Difficulty is required in this category.'],
      },
    });
    await expect(
      makeProduct(db, dresses.id, { attributes: { fabric: 'Tweed', length_cm: 'long' } }),
    ).rejects.toMatchObject({
      fieldErrors: {
        'attributes.fabric': [expect.stringContaining('Choose one of')],
        'attributes.length_cm': ['Enter a number in cm.'],
      },
    });
    const ok = await updateProduct(
      db,
      SYSTEM_ACTOR,
      editInput(p, { categoryId: patterns.id, attributes: { difficulty: 'beginner' } }),
    );
    expect(ok.attributes).toEqual({ difficulty: 'Beginner' });
  });

  it('writes the audit row in the same transaction as the change: a refused bulk move leaves neither', async () => {
    const db = t.handle.db;
    const dresses = await makeCategory(db, 'Dresses');
    const linenOnly = await makeCategory(db, 'Linen things', [
      { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen'], required: true },
    ]);
    const fits = await makeProduct(db, dresses.id, { name: 'A linen one', attributes: { fabric: 'Linen' } });
    const misfit = await makeProduct(db, dresses.id, { name: 'Z silk one', attributes: { fabric: 'Silk' } });
    const auditBefore = (await db.select().from(auditLog)).length;
    await expect(
      bulkUpdateProducts(db, SYSTEM_ACTOR, [fits.id, misfit.id], { categoryId: linenOnly.id }),
    ).rejects.toThrow(/Nothing was moved: 1 product does not fit/);
    expect((await db.select().from(auditLog)).length).toBe(auditBefore);
    expect((await getProduct(db, fits.id))!.categoryId).toBe(dresses.id);

    const result = await bulkUpdateProducts(db, { id: null, label: 'mona@bobbin.test' }, [fits.id, misfit.id], {
      status: 'archived',
    });
    expect(result).toEqual({ updated: 2 });
    const trail = await db.select().from(auditLog).where(eq(auditLog.entityId, fits.id));
    expect(trail.at(-1)).toMatchObject({
      action: 'bulk_update',
      actorLabel: 'mona@bobbin.test',
      changes: { status: ['active', 'archived'] },
    });
  });

  it('treats SKU codes as unique ignoring case, as field errors, writing nothing', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id);
    const [v] = await makeVariants(db, p.id, ['AVA-S-NAV', 'AVA-M-NAV']);
    await expect(
      createVariants(db, SYSTEM_ACTOR, p.id, [variant('AVA-L-NAV'), variant('ava-s-nav')]),
    ).rejects.toMatchObject({
      code: 'invalid',
      fieldErrors: { 'variants.1.sku': ['SKU ava-s-nav is already used.'] },
    });
    await expect(createVariants(db, SYSTEM_ACTOR, p.id, [variant('X-1'), variant('x-1')])).rejects.toMatchObject({
      fieldErrors: { 'variants.1.sku': ['Same SKU as row 1.'] },
    });
    expect((await db.select().from(variants)).map((r) => r.sku).sort()).toEqual(['AVA-M-NAV', 'AVA-S-NAV']);
    await expect(
      updateVariant(db, SYSTEM_ACTOR, { ...variant('Ava-M-Nav'), id: v!.id, version: v!.version }),
    ).rejects.toMatchObject({ fieldErrors: { sku: ['SKU Ava-M-Nav is already used.'] } });
    const saved = await updateVariant(db, SYSTEM_ACTOR, {
      ...variant('AVA-S-NAV', { priceOverride: 5500 }),
      id: v!.id,
      version: v!.version,
    });
    expect(saved).toMatchObject({ priceOverride: 5500, version: 2 });
    const trail = await db.select().from(auditLog).where(eq(auditLog.entityId, p.id));
    expect(trail.map((r) => r.action)).toEqual(['create', 'add_variants', 'update_variant']);
    // The audit feed names the product (and categories, suppliers) by their current name.
    const feed = await listAudit(db, { entityType: 'product', entityId: p.id });
    expect(feed.map((r) => r.subjectName)).toEqual([p.name, p.name, p.name]);
    expect((await listAudit(db, { entityType: 'category' }))[0]!.subjectName).toBe(cat.name);
    expect(trail.at(-1)!.changes).toEqual({ 'AVA-S-NAV price': [null, '55.00'] });
  });

  it('keeps category definitions as data: a new required attribute applies to the next save', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db, 'Dresses');
    const p = await makeProduct(db, cat.id);
    await updateCategory(db, SYSTEM_ACTOR, {
      id: cat.id,
      version: cat.version,
      name: 'Dresses',
      attributeDefs: [...DRESS_DEFS, { key: 'lining', label: 'Lining', type: 'boolean', required: true }],
    });
    await expect(updateProduct(db, SYSTEM_ACTOR, editInput(p, { name: 'Renamed' }))).rejects.toMatchObject({
      fieldErrors: { 'attributes.lining': ['Lining is required in this category.'] },
    });
    await expect(
      updateCategory(db, SYSTEM_ACTOR, { id: cat.id, version: cat.version, name: 'Dresses', attributeDefs: [] }),
    ).rejects.toMatchObject({ code: 'stale_version' });
  });
});
