import { and, desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, categories, products } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { updateCategory } from '@/db/queries/catalog-categories';
import { setImageAlt } from '@/db/queries/catalog-images';
import { backfillCompleteness, productCompleteness } from '@/db/queries/catalog-completeness';
import { listProductPage } from '@/db/queries/catalog-list';
import { updateProduct } from '@/db/queries/catalog-products';
import { createVariants, updateVariant } from '@/db/queries/catalog-variants';
import { uploadProductImage } from '@/lib/server/media';
import { DirMediaStore } from '@/lib/server/media-store';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct, variant } from '../support/factories';
import { InvalidInput } from '@/lib/errors';

const t = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-completeness-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const store = new DirMediaStore(dir);
const score = async (id: string) =>
  (await t.handle.db.select({ c: products.completeness }).from(products).where(eq(products.id, id)))[0]!.c;

describe(`completeness score kept by writes (${TEST_DRIVER})`, () => {
  it("moves with the product, its variants, its images and its category's rules; the list filters and sorts by it", async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db, 'Complete Dresses', [
      { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Silk'], required: true },
    ]);
    // fabric ✓, images ✗, alt ✓ (none lacks it), description ✗, prices ✗ and barcodes ✗ (no variants): 2 of 6.
    const p = await makeProduct(db, cat.id, { name: 'Ada Dress', status: 'draft' });
    expect(await score(p.id)).toBe(33);
    expect((await productCompleteness(db, p.id))!.missing).toEqual([
      '1 more image needed (at least 1)',
      'No description',
      'No variants, so nothing to price',
      'No variants, so no barcodes',
    ]);

    const [v] = await createVariants(db, SYSTEM_ACTOR, p.id, [variant('ADA-M', { barcode: '' })]);
    expect(await score(p.id)).toBe(50); // prices now pass
    await updateVariant(db, SYSTEM_ACTOR, { ...v!, barcode: '4006381333931' });
    expect(await score(p.id)).toBe(66);
    const img = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      {
        productId: p.id,
        colour: '',
        bytes: await sharp({ create: { width: 40, height: 40, channels: 3, background: '#a33' } })
          .png()
          .toBuffer(),
      },
      store,
    );
    expect(await score(p.id)).toBe(66); // images pass, alt text now fails
    await setImageAlt(db, SYSTEM_ACTOR, img.id, 'Ada dress, front');
    expect(await score(p.id)).toBe(83);
    const [row] = await db.select().from(products).where(eq(products.id, p.id));
    await updateProduct(db, SYSTEM_ACTOR, {
      ...row!,
      attributes: row!.attributes as Record<string, unknown>,
      description: 'A bias-cut slip dress in sand-washed silk, midi length.',
    });
    expect(await score(p.id)).toBe(100);
    expect((await productCompleteness(db, p.id))!.missing).toEqual([]);

    // The category asks for three images now: every product of it is rescored.
    const [c] = await db.select().from(categories).where(eq(categories.id, cat.id));
    await db
      .update(categories)
      .set({ completenessRules: { minImages: 3 } })
      .where(eq(categories.id, cat.id));
    await updateCategory(db, SYSTEM_ACTOR, {
      id: cat.id,
      version: c!.version,
      name: c!.name,
      attributeDefs: c!.attributeDefs,
    });
    expect(await score(p.id)).toBe(83);
    expect((await productCompleteness(db, p.id))!.missing).toEqual(['2 more images needed (at least 3)']);

    // Filter and sort.
    const bare = await makeProduct(db, cat.id, { name: 'Bea Dress', status: 'draft' });
    await db.update(products).set({ completeness: null }).where(eq(products.id, bare.id));
    expect(await backfillCompleteness(db)).toBeGreaterThanOrEqual(1);
    expect(await score(bare.id)).toBe(33);
    const names = async (q: Parameters<typeof listProductPage>[1]) =>
      (await listProductPage(db, { category: cat.id, ...q })).rows.map((r) => [r.name, r.completeness]);
    expect(await names({ sort: 'completeness' })).toEqual([
      ['Bea Dress', 33],
      ['Ada Dress', 83],
    ]);
    expect(await names({ sort: '-completeness' })).toEqual([
      ['Ada Dress', 83],
      ['Bea Dress', 33],
    ]);
    await db.update(categories).set({ completenessRules: {} }).where(eq(categories.id, cat.id));
    await updateCategory(db, SYSTEM_ACTOR, {
      id: cat.id,
      version: c!.version + 1,
      name: c!.name,
      attributeDefs: c!.attributeDefs,
    });
    expect(await names({ incomplete: true })).toEqual([['Bea Dress', 33]]);
  });

  it('rules edited on the category are validated, stored, audited, and rescore its products', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db, 'Rule Shirts', [
      { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Silk'], required: true },
    ]);
    // Defaults: fabric ✓, images ✗, alt ✓, description ✗, prices ✗, barcodes ✗ → 2 of 6.
    const p = await makeProduct(db, cat.id, { name: 'Rule Shirt', status: 'draft' });
    expect(await score(p.id)).toBe(33);
    const edit = { id: cat.id, name: cat.name, attributeDefs: cat.attributeDefs };

    const bad = await updateCategory(db, SYSTEM_ACTOR, {
      ...edit,
      version: cat.version,
      completenessRules: { minImages: '-1', minDescription: '9000', prices: 'maybe', speed: true },
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidInput);
    expect((bad as InvalidInput).fieldErrors).toEqual({
      'completenessRules.minImages': ['Enter the number of images as a whole number, 0 or more.'],
      'completenessRules.minDescription': ['Use at most 2,000.'],
      'completenessRules.prices': ['Choose yes or no.'],
      'completenessRules.speed': ['Unknown rule.'],
    });

    // No image, description, price or barcode rule: only fabric and alt text are left, both met.
    const saved = await updateCategory(db, SYSTEM_ACTOR, {
      ...edit,
      version: cat.version,
      completenessRules: { minImages: '0', minDescription: '0', prices: false, barcodes: 'false' },
    });
    expect(saved.completenessRules).toEqual({
      attributes: true,
      minImages: 0,
      altText: true,
      minDescription: 0,
      prices: false,
      barcodes: false,
    });
    expect(await score(p.id)).toBe(100);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'category'), eq(auditLog.entityId, cat.id)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(JSON.stringify(entry!.changes)).toContain('completeness: Minimum images');

    // Saved without rules (an older form): the stored rules stay.
    await updateCategory(db, SYSTEM_ACTOR, { ...edit, version: saved.version });
    expect(await score(p.id)).toBe(100);
  });
});
