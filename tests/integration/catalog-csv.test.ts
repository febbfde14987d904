import { beforeEach, describe, expect, it, vi } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { auditLog, products, variants } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { exportHeader, exportRows } from '@/db/queries/catalog-export';
import { checkImport, commitImport } from '@/db/queries/catalog-import';
import { csvErrorsOf, toCsv } from '@/lib/catalog/csv';
import type { SessionUser } from '@/lib/server/session';
import { createSupplierAction, updateProductAction } from '@/app/(admin)/catalog/actions';
import { POST as importRoute } from '@/app/api/catalog/import/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeCategory, makeProduct, makeStaff, makeSupplier, makeVariants } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();

const HEADER =
  'slug,name,category,status,base_price,currency,supplier,tags,description,sku,size,colour,price_override,barcode,weight_grams,active,attr.fabric,attr.season';
const bytes = (text: string) => new TextEncoder().encode(text);
const counts = async () => ({
  products: (await t.handle.db.select({ n: count() }).from(products))[0]!.n,
  variants: (await t.handle.db.select({ n: count() }).from(variants))[0]!.n,
  audit: (await t.handle.db.select({ n: count() }).from(auditLog))[0]!.n,
});

/** `n` rows: products of 3 variants each, all valid unless `bad` (1-based data row) is set. */
function bigFile(n: number, bad?: number): string {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    const p = Math.ceil(i / 3);
    const fabric = i === bad ? 'Tweed' : 'Linen';
    lines.push(
      `dress-${p},Dress ${p},Dresses,active,49.90,EUR,Atelier Lumen,summer|new-in,"Soft, light",DR-${p}-${i % 3},${['S', 'M', 'L'][i % 3]},Navy,,,250,yes,${fabric},Summer|Spring`,
    );
  }
  return lines.join('\n');
}

async function exportAll(kind: 'products' | 'variants', filter: Parameters<typeof exportRows>[2] = {}) {
  const header = await exportHeader(t.handle.db);
  const rows: string[][] = [];
  for await (const batch of exportRows(t.handle.db, header, filter, kind, 50)) rows.push(...batch);
  return toCsv(header, rows);
}

describe(`CSV import (${TEST_DRIVER})`, () => {
  beforeEach(async () => {
    await makeCategory(t.handle.db, 'Dresses');
    await makeSupplier(t.handle.db, 'Atelier Lumen');
  });

  it('dry-runs without writing, then imports, then finds nothing to change on a second run', async () => {
    const file = bytes(bigFile(9));
    const before = await counts();
    const check = await checkImport(t.handle.db, file);
    expect(check).toEqual({
      ok: true,
      committed: false,
      summary: {
        rows: 9,
        products: { create: 3, update: 0, unchanged: 0 },
        variants: { create: 9, update: 0, unchanged: 0 },
      },
    });
    expect(await counts()).toEqual(before);
    const commit = await commitImport(t.handle.db, SYSTEM_ACTOR, file);
    expect(commit).toMatchObject({ ok: true, committed: true });
    expect(await counts()).toMatchObject({ products: 3, variants: 9 });
    const [p] = await t.handle.db.select().from(products).where(eq(products.slug, 'dress-1'));
    expect(p).toMatchObject({
      name: 'Dress 1',
      basePrice: 4990,
      tags: ['summer', 'new-in'],
      attributes: { fabric: 'Linen', season: ['Summer', 'Spring'] },
      description: 'Soft, light',
    });
    expect(await checkImport(t.handle.db, file)).toMatchObject({
      ok: true,
      summary: { products: { unchanged: 3 }, variants: { unchanged: 9 } },
    });
  });

  it("emits product.updated for each product an import changes, with the edit form event's payload", async () => {
    await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(bigFile(6)));
    const events = async () =>
      rowsOf<{ type: string; entity_key: string; payload: Record<string, unknown> | string }>(
        await t.handle.db.execute(sql`select type, entity_key, payload from outbox_events order by id`),
      ).map((e) => ({ ...e, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload }));
    expect(await events()).toEqual([]); // creating products emits nothing (as the form)
    const renamed = bigFile(6).replaceAll('dress-2,Dress 2,', 'dress-2,Dress Two,');
    await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(renamed));
    const [p] = await t.handle.db.select().from(products).where(eq(products.slug, 'dress-2'));
    expect(await events()).toEqual([
      {
        type: 'product.updated',
        entity_key: `product:${p!.id}`,
        payload: {
          id: p!.id,
          name: 'Dress Two',
          slug: 'dress-2',
          status: 'active',
          basePrice: 4990,
          currency: 'EUR',
          tags: ['summer', 'new-in'],
          version: p!.version,
        },
      },
    ]);
  });

  it('is all or nothing: a bad row 9,000 of 10,000 leaves every table unchanged', async () => {
    const before = await counts();
    const result = await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(bigFile(10_000, 9000)));
    expect(result).toMatchObject({
      ok: false,
      committed: false,
      errorCount: 1,
      errors: [{ row: 9001, column: 'attr.fabric', message: expect.stringContaining('Choose one of') }],
    });
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('reports per-row errors with row and column, and refuses formula injection', async () => {
    const file = [
      HEADER,
      'a-dress,A,Dresses,active,49.90,EUR,,,,A-1,S,Navy,,,,yes,Linen,',
      'a-dress,A,Dresses,active,59.90,EUR,,,,A-2,M,Navy,,,,yes,Linen,', // differs from row 2
      "b-dress,=cmd|' /C calc'!A0,Dresses,active,49.90,EUR,,,,B-1,S,Navy,,,,yes,Linen,",
      'c-dress,C,Nope,active,abc,EUR,Ghost Supplier,,,a-1,S,Navy,,12,,maybe,Linen,',
      "d-dress,'=literal,Dresses,draft,10,EUR,,,,D-1,,,,,,,Silk,Winter",
    ].join('\n');
    const result = await checkImport(t.handle.db, bytes(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.errors.map((e) => `${e.row}:${e.column}`);
    expect(found).toEqual(
      ['3:base_price', '4:name', '5:category', '5:base_price', '5:supplier', '5:barcode', '5:active', '6:sku'].filter(
        (x) => x !== '6:sku',
      ),
    );
    expect(result.errors.find((e) => e.row === 4)!.message).toMatch(/spreadsheet would run as a formula/);
    expect(await counts()).toMatchObject({ products: 0, variants: 0 });

    // Through the route: the contract's 400 invalid, the same row errors as field errors rows.<row>.<column>.
    session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
    const res = await importRoute(
      new Request('http://test.local/api/catalog/import?mode=check', {
        method: 'POST',
        body: file,
        headers: { host: 'test.local', origin: 'http://test.local' },
      }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({
      code: 'invalid',
      errorCount: result.errors.length,
      message: `${result.errors.length} problems found. Nothing was imported. Fix the file and check it again.`,
    });
    expect(csvErrorsOf(error.fieldErrors)).toEqual(result.errors);
    expect(await counts()).toMatchObject({ products: 0, variants: 0 });
  });

  it('refuses a barcode twice in the file or already on another SKU, naming both', async () => {
    const cat = await makeCategory(t.handle.db, 'Tops');
    const product = await makeProduct(t.handle.db, cat.id);
    const [owner] = await makeVariants(t.handle.db, product.id, ['OWN-1']);
    await t.handle.db.update(variants).set({ barcode: '4006381333931' }).where(eq(variants.id, owner!.id));
    const file = [
      HEADER,
      'e-dress,E,Dresses,active,49.90,EUR,,,,E-1,S,Navy,,4006381333931,,yes,Linen,',
      'e-dress,E,Dresses,active,49.90,EUR,,,,E-2,M,Navy,,5012345678900,,yes,Linen,',
      'e-dress,E,Dresses,active,49.90,EUR,,,,E-3,L,Navy,,5012345678900,,yes,Linen,',
    ].join('\n');
    const result = await checkImport(t.handle.db, bytes(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'barcode', 'Barcode 4006381333931 is already on OWN-1.'],
      [4, 'barcode', 'Barcode 5012345678900 is also on row 3.'],
    ]);
  });

  it('keeps stored values of attributes the file has no column for; a new product still needs its required ones', async () => {
    await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(bigFile(3)));
    const partial = (slug: string) =>
      [
        'slug,name,category,status,base_price,currency,supplier,tags,description,sku,size,colour,price_override,barcode,weight_grams,active,attr.season',
        `${slug},Dress 1,Dresses,active,39.90,EUR,Atelier Lumen,summer|new-in,"Soft, light",,,,,,,,Winter`,
      ].join('\n');
    const result = await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(partial('dress-1')));
    expect(result).toMatchObject({ ok: true, summary: { products: { update: 1 } } });
    const [p] = await t.handle.db.select().from(products).where(eq(products.slug, 'dress-1'));
    expect(p).toMatchObject({ basePrice: 3990, attributes: { fabric: 'Linen', season: ['Winter'] } });
    expect(await checkImport(t.handle.db, bytes(partial('brand-new')))).toMatchObject({
      ok: false,
      errors: [
        {
          row: 2,
          column: 'attr.fabric',
          message: 'Required in this category, and the file has no attr.fabric column.',
        },
      ],
    });
  });

  it('refuses bad files with one clear message', async () => {
    expect(await checkImport(t.handle.db, bytes('name,price\nx,1'))).toMatchObject({
      ok: false,
      fileError: expect.stringMatching(/missing columns slug, category/),
    });
    const latin1 = new Uint8Array([
      ...bytes(`${HEADER}\nx,Caf`),
      0xe9,
      ...bytes(',Dresses,active,1,EUR,,,,X-1,,,,,,,Linen,'),
    ]);
    expect(await checkImport(t.handle.db, latin1)).toMatchObject({ fileError: expect.stringContaining('not UTF-8') });
    expect(await checkImport(t.handle.db, bytes(''))).toMatchObject({ fileError: 'The file is empty.' });
  });

  it('round-trips: an export imports back unchanged', async () => {
    await commitImport(t.handle.db, SYSTEM_ACTOR, bytes(bigFile(12)));
    const cat = (
      await makeCategory(t.handle.db, 'Tops', [
        { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen'] },
        { key: 'note', label: 'Note', type: 'text' },
      ])
    ).id;
    const odd = await makeProduct(t.handle.db, cat, {
      name: 'Odd, "quoted" top',
      description: '-minus first\nsecond line',
      tags: ['@home'],
      attributes: { note: '=SUM(A1)' },
    });
    await makeVariants(t.handle.db, odd.id, ['ODD-1']);
    await makeProduct(t.handle.db, cat, { name: 'No variants yet', attributes: {} });
    // Exactly the filtered list: one product's variant rows, or its single product row.
    const slugsOf = (kind: 'products' | 'variants') =>
      exportAll(kind, { q: 'odd' }).then((csv) =>
        csv
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      );
    expect(await slugsOf('variants')).toEqual(['odd-quoted-top']);
    expect((await exportAll('variants', { tag: 'summer' })).split('\r\n')).toHaveLength(1 + 12);
    expect((await exportAll('products', { tag: 'summer' })).split('\r\n')).toHaveLength(1 + 4);
    for (const kind of ['variants', 'products'] as const) {
      const csv = await exportAll(kind);
      expect(csv).toContain("'=SUM(A1)"); // formula escaped on export
      expect(csv).toContain("'-minus first");
      const result = await checkImport(t.handle.db, bytes(csv));
      expect(result).toMatchObject({
        ok: true,
        summary: { products: { create: 0, update: 0, unchanged: 6 }, variants: { create: 0, update: 0 } },
      });
    }
  });

  it('the import route refuses support staff and oversized uploads, and names the importer in the audit', async () => {
    session.user = asSession(await makeStaff(t.handle.db, 'support'));
    const post = (body: BodyInit, mode = 'commit', headers: Record<string, string> = {}) =>
      importRoute(
        new Request(`http://test.local/api/catalog/import?mode=${mode}`, {
          method: 'POST',
          body,
          headers: { host: 'test.local', origin: 'http://test.local', ...headers },
        }),
        {
          params: Promise.resolve({}),
        },
      );
    expect((await post(bigFile(3))).status).toBe(403);
    session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
    const big = await post('x', 'check', { 'content-length': String(50 * 1024 * 1024) });
    expect(big.status).toBe(413); // the one oversize answer of every route
    expect((await big.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/larger than 10 MB/),
    });
    const ok = await post(bigFile(3));
    expect(ok.status).toBe(200);
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'create'));
    expect(audit.filter((a) => a.entityType === 'product').every((a) => a.actorId === session.user!.id)).toBe(true);
  });

  it("the import route refuses a cross-site commit with the writer's cookie (foreign, same-site or missing Origin) and imports nothing", async () => {
    session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
    const post = (headers: Record<string, string>) =>
      importRoute(
        new Request('http://test.local/api/catalog/import?mode=commit', {
          method: 'POST',
          body: bigFile(3),
          headers: { host: 'test.local', ...headers },
        }),
        {
          params: Promise.resolve({}),
        },
      );
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'http://test.local:4000' },
      { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' },
      {},
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Origin/) });
    }
    expect(await t.handle.db.select().from(products)).toEqual([]);
    // A browser on our own page: Origin matches, or Sec-Fetch-Site vouches for it.
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe(`catalog actions through the helper (${TEST_DRIVER})`, () => {
  it('refuses a forged write from support staff before touching anything', async () => {
    const cat = await makeCategory(t.handle.db);
    const p = await makeProduct(t.handle.db, cat.id, { name: 'Keep me' });
    session.user = asSession(await makeStaff(t.handle.db, 'support'));
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      id: p.id,
      version: '1',
      name: 'Hacked',
      categoryId: cat.id,
      status: 'active',
      basePrice: '1',
      currency: 'EUR',
      'attr.fabric': 'Linen',
    }))
      fd.set(k, v);
    expect(await updateProductAction(null, fd)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await createSupplierAction({ name: 'Sneaky', leadTimeDays: 1 })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect((await t.handle.db.select().from(products))[0]!.name).toBe('Keep me');

    session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
    const saved = await updateProductAction(null, fd);
    expect(saved).toMatchObject({ ok: true, data: { name: 'Hacked', basePrice: 100, version: 2 } });
  });
});
