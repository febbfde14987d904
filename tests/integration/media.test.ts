import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { productImages, products } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import {
  listProductImages,
  primaryThumbs,
  reorderProductImages,
  setImageAlt,
  variantThumbs,
} from '@/db/queries/catalog-images';
import { listProductPage } from '@/db/queries/catalog-list';
import { bulkUpdateProducts, updateProduct } from '@/db/queries/catalog-products';
import { removeProductImage, uploadProductImage, verifyMedia } from '@/lib/server/media';
import { DirMediaStore, mediaStoreFor, setMediaStoreForTests, type MediaStore } from '@/lib/server/media-store';
import type { SessionUser } from '@/lib/server/session';
import { deleteImageAction, setImageAltAction } from '@/app/(admin)/catalog/actions';
import { POST as uploadRoute } from '@/app/api/catalog/products/[id]/images/route';
import { GET as mediaRoute } from '@/app/media/[...key]/route';
import { startS3Server } from '../support/s3-server';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeCategory, makeProduct, makeStaff, makeVariants } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
const jpeg = (w = 400, h = 300, r = 200) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r, g: 90, b: 60 } } })
    .jpeg()
    .toBuffer();

const collect = async (store: MediaStore, prefix = 'catalog/') => {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys.sort();
};

let s3: Awaited<ReturnType<typeof startS3Server>>;
let dir: string;
const stores: Record<string, () => MediaStore> = {};
beforeAll(async () => {
  s3 = await startS3Server();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-media-'));
  // A fresh folder or key prefix per test, so each test sees only its own files.
  stores.dir = () => new DirMediaStore(fs.mkdtempSync(path.join(dir, 'store-')));
  stores.s3 = () => mediaStoreFor({ ...s3.config, prefix: `${s3.config.prefix}${crypto.randomUUID()}/` });
});
afterAll(async () => {
  setMediaStoreForTests(null);
  await s3?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(['dir', 's3'])('media store: %s adapter', (kind) => {
  it('round-trips put, get, list and delete; a missing key is null; unsafe keys are refused', async () => {
    const store = stores[kind]!();
    const bytes = new Uint8Array([1, 2, 3, 250, 0, 7]);
    await store.put('catalog/round-trip/abc-thumb.webp', bytes, 'image/webp');
    await store.put('catalog/round-trip/abc-display.webp', new Uint8Array(70_000).fill(9), 'image/webp');
    const got = await store.get('catalog/round-trip/abc-thumb.webp');
    expect(got && [...got.bytes]).toEqual([...bytes]);
    expect(got?.contentType).toBe('image/webp');
    expect((await store.get('catalog/round-trip/abc-display.webp'))?.bytes.byteLength).toBe(70_000);
    expect(await collect(store, 'catalog/round-trip/')).toEqual([
      'catalog/round-trip/abc-display.webp',
      'catalog/round-trip/abc-thumb.webp',
    ]);
    await store.delete('catalog/round-trip/abc-thumb.webp');
    await store.delete('catalog/round-trip/abc-thumb.webp'); // twice: not an error
    expect(await store.get('catalog/round-trip/abc-thumb.webp')).toBeNull();
    expect(await collect(store, 'catalog/round-trip/')).toEqual(['catalog/round-trip/abc-display.webp']);
    await store.delete('catalog/round-trip/abc-display.webp');
    for (const bad of ['../etc/passwd', 'catalog/../../x', '/catalog/x', 'catalog/a b'])
      await expect(store.put(bad, bytes, 'image/webp')).rejects.toThrow(/unsafe/);
  });

  it(`uploads, orders, describes and deletes product images with their files (${TEST_DRIVER})`, async () => {
    const store = stores[kind]!();
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id, { status: 'draft' });
    await makeVariants(db, p.id, [`IMG-${kind}-NAVY`]);
    await db.execute(`update variants set colour = 'Navy' where sku = 'IMG-${kind}-NAVY'` as never);
    const a = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      { productId: p.id, colour: '', bytes: await jpeg(2000, 1000), declaredType: 'image/jpeg' },
      store,
    );
    const b = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      {
        productId: p.id,
        colour: '',
        bytes: await sharp(await jpeg(300, 300, 20))
          .png()
          .toBuffer(),
      },
      store,
    );
    const navy = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      { productId: p.id, colour: 'Navy', bytes: await jpeg(300, 400, 10) },
      store,
    );
    expect([a.position, b.position, navy.position]).toEqual([0, 1, 0]);
    expect(a.thumbUrl).toMatch(/^\/media\/catalog\/[0-9a-f-]{36}\/[0-9a-f]{16}-thumb\.webp$/);
    expect(await collect(store)).toHaveLength(6);
    const stored = await store.get(a.displayUrl.slice('/media/'.length));
    expect((await sharp(stored!.bytes).metadata()).width).toBe(1600);

    // Order: b becomes the primary; the list's thumbnail follows it.
    await reorderProductImages(db, SYSTEM_ACTOR, p.id, '', [b.id, a.id]);
    expect((await listProductImages(db, p.id)).filter((i) => i.colour === '').map((i) => i.id)).toEqual([b.id, a.id]);
    expect((await primaryThumbs(db, [p.id])).get(p.id)?.url).toBe(b.thumbUrl);
    const [variantId] = (
      (await db.execute(`select id from variants where product_id = '${p.id}'` as never)) as unknown as {
        rows: { id: string }[];
      }
    ).rows.map((r) => r.id);
    expect((await variantThumbs(db, [variantId!])).get(variantId!)?.url).toBe(navy.thumbUrl);
    await expect(reorderProductImages(db, SYSTEM_ACTOR, p.id, '', [a.id])).rejects.toThrow(/changed meanwhile/);

    // Going live needs alt text on every image.
    const [row] = await db.select().from(products).where(eq(products.id, p.id));
    const edit = { ...row!, attributes: row!.attributes as Record<string, unknown>, status: 'active' as const };
    await expect(updateProduct(db, SYSTEM_ACTOR, edit)).rejects.toThrow(/alt text to every image/);
    await expect(bulkUpdateProducts(db, SYSTEM_ACTOR, [p.id], { status: 'active' })).rejects.toThrow(
      /alt text to every image/,
    );
    for (const img of [a, b, navy])
      await setImageAlt(db, SYSTEM_ACTOR, img.id, `Linen dress, ${img.colour || 'front'}`);
    expect((await updateProduct(db, SYSTEM_ACTOR, edit)).status).toBe('active');

    // Deleting an image removes its files and closes the gap.
    await removeProductImage(db, SYSTEM_ACTOR, b.id, store);
    expect((await listProductImages(db, p.id)).find((i) => i.id === a.id)?.position).toBe(0);
    expect(await store.get(b.thumbUrl.slice('/media/'.length))).toBeNull();
    expect(await verifyMedia(db, store, 0)).toMatchObject({ orphans: [], missing: [] });
    await removeProductImage(db, SYSTEM_ACTOR, a.id, store);
    await removeProductImage(db, SYSTEM_ACTOR, navy.id, store);
    expect(await collect(store)).toEqual([]);
  });

  it('media:verify lists orphans (a stray file, a failed delete, a product deleted under its images) and missing files', async () => {
    const store = stores[kind]!();
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id);
    const img = await uploadProductImage(db, SYSTEM_ACTOR, { productId: p.id, colour: '', bytes: await jpeg() }, store);
    expect(await verifyMedia(db, store, 0)).toMatchObject({ orphans: [], missing: [] });
    await store.put('catalog/stray/0123456789abcdef-thumb.webp', new Uint8Array([1]), 'image/webp');
    // A recent file is an upload in flight, not yet an orphan.
    expect((await verifyMedia(db, store, 60_000)).orphans).toEqual([]);
    expect((await verifyMedia(db, store, 0)).orphans).toEqual(['catalog/stray/0123456789abcdef-thumb.webp']);
    await store.delete('catalog/stray/0123456789abcdef-thumb.webp');
    // The store refuses to delete: the row goes, the files stay and are reported.
    const failing: MediaStore = Object.assign(Object.create(store) as MediaStore, {
      delete: async () => {
        throw new Error('bucket down');
      },
    });
    await removeProductImage(db, SYSTEM_ACTOR, img.id, failing);
    const report = await verifyMedia(db, store, 0);
    expect(report.orphans.sort()).toEqual([img.displayUrl, img.thumbUrl].map((u) => u.slice('/media/'.length)).sort());
    for (const k of report.orphans) await store.delete(k);
    // A product row deleted outright cascades to its image rows: the files are orphans.
    const again = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      { productId: p.id, colour: '', bytes: await jpeg() },
      store,
    );
    await db.delete(products).where(eq(products.id, p.id));
    expect((await verifyMedia(db, store, 0)).orphans).toHaveLength(2);
    for (const k of (await verifyMedia(db, store, 0)).orphans) await store.delete(k);
    // A row whose file vanished is reported as missing.
    const p2 = await makeProduct(db, cat.id);
    const lost = await uploadProductImage(
      db,
      SYSTEM_ACTOR,
      { productId: p2.id, colour: '', bytes: await jpeg() },
      store,
    );
    await store.delete(lost.thumbUrl.slice('/media/'.length));
    expect((await verifyMedia(db, store, 0)).missing).toEqual([lost.thumbUrl.slice('/media/'.length)]);
    await removeProductImage(db, SYSTEM_ACTOR, lost.id, store);
    expect(again.id).toBeTruthy();
    expect(await verifyMedia(db, store, 0)).toMatchObject({ orphans: [], missing: [] });
  });
});

describe(`image routes and actions (${TEST_DRIVER})`, () => {
  beforeEach(() => setMediaStoreForTests(new DirMediaStore(dir)));
  const post = (productId: string, body: BodyInit, headers: Record<string, string> = {}, colour = '') =>
    uploadRoute(
      new Request(`http://test.local/api/catalog/products/${productId}/images?colour=${encodeURIComponent(colour)}`, {
        method: 'POST',
        body,
        headers: { host: 'test.local', origin: 'http://test.local', ...headers },
      }),
      { params: Promise.resolve({ id: productId }) },
    );

  it('uploads for writers only, refuses bad files with 4xx, serves immutable files, deletes through the action', async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id);
    const file = new Uint8Array(await jpeg());
    session.user = null;
    expect((await post(p.id, file)).status).toBe(401);
    session.user = asSession(await makeStaff(db, 'support'));
    expect((await post(p.id, file)).status).toBe(403);
    session.user = asSession(await makeStaff(db, 'merchandiser'));
    expect((await post(p.id, file, { origin: 'https://evil.example' })).status).toBe(403);
    const bad = await post(p.id, new TextEncoder().encode('<svg onload=alert(1)>'), { 'content-type': 'image/png' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not a JPEG/);
    expect((await post(p.id, new Uint8Array(10 * 1024 * 1024 + 1))).status).toBe(413);
    expect((await post('00000000-0000-4000-8000-000000000000', file)).status).toBe(404);
    const ok = await post(p.id, file, { 'content-type': 'image/jpeg' });
    expect(ok.status).toBe(201);
    const { image } = (await ok.json()) as { image: { id: string; thumbUrl: string } };

    const parts = image.thumbUrl.slice('/media/'.length).split('/');
    const served = await mediaRoute(new Request(`http://test.local${image.thumbUrl}`), {
      params: Promise.resolve({ key: parts }),
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe('webp');
    const traversal = await mediaRoute(new Request('http://test.local/media/x'), {
      params: Promise.resolve({ key: ['catalog', '..', '..', 'package.json'] }),
    });
    expect(traversal.status).toBe(404);

    expect(await setImageAltAction({ imageId: image.id, alt: 'x'.repeat(251) })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await setImageAltAction({ imageId: image.id, alt: 'Front view' })).toMatchObject({ ok: true });
    session.user = asSession(await makeStaff(db, 'support'));
    expect(await deleteImageAction({ imageId: image.id })).toMatchObject({ ok: false, code: 'forbidden' });
    session.user = asSession(await makeStaff(db, 'merchandiser'));
    expect(await deleteImageAction({ imageId: image.id })).toMatchObject({ ok: true });
    expect(
      (await mediaRoute(new Request(`http://test.local${image.thumbUrl}`), { params: Promise.resolve({ key: parts }) }))
        .status,
    ).toBe(404);
    expect(await db.select().from(productImages).where(eq(productImages.productId, p.id))).toEqual([]);
  });

  it("the catalog list carries each product's primary thumbnail (and none when asked)", async () => {
    const db = t.handle.db;
    const cat = await makeCategory(db, 'Thumbs');
    const p = await makeProduct(db, cat.id, { name: 'Pictured' });
    await makeProduct(db, cat.id, { name: 'Plain' });
    const img = await uploadProductImage(db, SYSTEM_ACTOR, { productId: p.id, colour: '', bytes: await jpeg() });
    const page = await listProductPage(db, { category: cat.id, sort: 'name' });
    expect(page.rows.map((r) => [r.name, r.thumb?.url ?? null])).toEqual([
      ['Pictured', img.thumbUrl],
      ['Plain', null],
    ]);
    expect(
      (await listProductPage(db, { category: cat.id, sort: 'name' }, { thumbs: false })).rows.every(
        (r) => r.thumb === null,
      ),
    ).toBe(true);
  });
});

describe(`CSV carries image URLs (${TEST_DRIVER})`, () => {
  beforeEach(() => setMediaStoreForTests(new DirMediaStore(dir)));
  it('exports the URLs in order; an import reorders stored images and refuses any other URL', async () => {
    const { exportHeader, exportRows } = await import('@/db/queries/catalog-export');
    const { checkImport, commitImport } = await import('@/db/queries/catalog-import');
    const { toCsv } = await import('@/lib/catalog/csv');
    const db = t.handle.db;
    const cat = await makeCategory(db, `Csv ${crypto.randomUUID().slice(0, 6)}`);
    const p = await makeProduct(db, cat.id, { name: `Csv Dress ${crypto.randomUUID().slice(0, 6)}`, status: 'draft' });
    const other = await makeProduct(db, cat.id, { status: 'draft' });
    const a = await uploadProductImage(db, SYSTEM_ACTOR, {
      productId: p.id,
      colour: '',
      bytes: await jpeg(200, 200, 10),
    });
    const b = await uploadProductImage(db, SYSTEM_ACTOR, {
      productId: p.id,
      colour: '',
      bytes: await jpeg(200, 200, 90),
    });
    const foreign = await uploadProductImage(db, SYSTEM_ACTOR, {
      productId: other.id,
      colour: '',
      bytes: await jpeg(200, 200, 150),
    });
    const header = await exportHeader(db);
    const rows: string[][] = [];
    for await (const batch of exportRows(db, header, { category: cat.id }, 'products')) rows.push(...batch);
    const col = header.indexOf('images');
    const mine = rows.find((r) => r[0] === p.slug)!;
    expect(mine[col]).toBe(`${a.displayUrl}|${b.displayUrl}`);

    const withImages = (cell: string) =>
      new TextEncoder().encode(toCsv(header, [mine.map((c, i) => (i === col ? cell : c))]));
    // Reversed, as an absolute URL on any host: the order is applied, nothing is fetched.
    expect(
      await commitImport(db, SYSTEM_ACTOR, withImages(`https://shop.example${b.displayUrl}|${a.thumbUrl}`)),
    ).toMatchObject({ ok: true, committed: true });
    expect((await listProductImages(db, p.id)).map((i) => i.id)).toEqual([b.id, a.id]);
    const refused = await checkImport(db, withImages(`${b.displayUrl}|${foreign.displayUrl}`));
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ column: 'images', message: expect.stringContaining('not an image of this product') }],
    });
    const remote = await checkImport(db, withImages('https://cdn.example/photos/dress.jpg'));
    expect(remote).toMatchObject({
      ok: false,
      errors: [{ column: 'images', message: expect.stringContaining('not the address of a stored catalog image') }],
    });
    // Going live by import needs alt text too.
    const live = await checkImport(
      db,
      new TextEncoder().encode(toCsv(header, [mine.map((c, i) => (i === header.indexOf('status') ? 'active' : c))])),
    );
    expect(live).toMatchObject({ ok: false, errors: [{ column: 'status' }] });
  });
});
