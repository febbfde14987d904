import { describe, expect, it } from 'vitest';
import { productImages } from '@/db/schema';
import { catalogImagesByIds, searchCatalogImages } from '@/db/queries/catalog-image-picker';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct } from '../support/factories';

const t = useTestDatabase();

describe(`the survey builder's catalog image picker (${TEST_DRIVER})`, () => {
  it('finds images by product name words, in order, and resolves references (a deleted image is absent)', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const wrap = await makeProduct(db, cat.id, { name: 'Picker Linen Wrap' });
    const coat = await makeProduct(db, cat.id, { name: 'Picker Wool Coat' });
    const row = (productId: string, colour: string, position: number, tag: string) => ({
      productId,
      colour,
      position,
      alt: `${tag} alt`,
      thumbKey: `catalog/${tag}/0123456789abcdef-thumb.webp`,
      displayKey: `catalog/${tag}/0123456789abcdef-display.webp`,
      width: 10,
      height: 10,
      bytes: 100,
    });
    const [w1, w0, c0] = await db
      .insert(productImages)
      .values([row(wrap.id, '', 1, 'w1'), row(wrap.id, '', 0, 'w0'), row(coat.id, 'Navy', 0, 'c0')])
      .returning();

    const found = await searchCatalogImages(db, 'pick lin');
    expect(found.map((f) => f.id)).toEqual([w0!.id, w1!.id]);
    expect(found[0]).toMatchObject({
      productName: 'Picker Linen Wrap',
      alt: 'w0 alt',
      thumbUrl: '/media/catalog/w0/0123456789abcdef-thumb.webp',
      displayUrl: '/media/catalog/w0/0123456789abcdef-display.webp',
    });
    expect((await searchCatalogImages(db, 'picker')).map((f) => f.id)).toContain(c0!.id);
    expect(await searchCatalogImages(db, 'nothing-like-this')).toEqual([]);

    const gone = '00000000-0000-4000-8000-000000000000';
    const resolved = await catalogImagesByIds(db, [c0!.id, gone, 'not-a-uuid']);
    expect([...resolved.keys()]).toEqual([c0!.id]);
    expect(resolved.get(c0!.id)?.displayUrl).toBe('/media/catalog/c0/0123456789abcdef-display.webp');
  });
});
