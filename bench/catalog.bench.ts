import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client';
import { SYSTEM_ACTOR } from '../db/queries/audit';
import { categoryOptions } from '../db/queries/catalog-categories';
import {
  countProducts,
  listProductPage,
  popularTags,
  productWhere,
  type ProductListQuery,
} from '../db/queries/catalog-list';
import { supplierOptions } from '../db/queries/catalog-suppliers';
import { commitImport } from '../db/queries/catalog-import';
import { seedLargeCatalog } from '../db/seed-large';
import { categories } from '../db/schema';
import { BASE_COLUMNS } from '../lib/catalog/csv';
import { benchDatabase, measure } from './harness';

/**
 * The product list on a large catalog (100k products / 300k variants on a PostgreSQL server; a smaller one
 * on in-memory PGlite when DATABASE_URL is unset), and a 10,000-row CSV import.
 */
export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  const size = { products: server ? 100_000 : 20_000, variantsPerProduct: 3 };
  try {
    const db = handle.db;
    const seeded = Date.now();
    const counts = await seedLargeCatalog(db, { products: size.products, variantsPerProduct: size.variantsPerProduct });
    console.error(
      `bench: seeded ${counts.products} products / ${counts.variants} variants in ${Date.now() - seeded} ms`,
    );
    const data = { database: label, products: counts.products, variants: counts.variants };
    const [dresses] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(sql`${categories.name} = 'Dresses'`);

    // What the list page runs for one request: the page (+1 row) and the capped count.
    const page = (q: ProductListQuery) => Promise.all([listProductPage(db, q), countProducts(db, q)]);

    // Thumbnails: three images per product (two of its own, one for a colour), then the same list requests with
    // and without the thumbnail lookup, alternating in one run so both see the same load.
    await thumbnailCases(db, data, page);
    if (process.env.BENCH_CATALOG_ONLY === 'thumbs') return;

    const cases: [string, ProductListQuery][] = [
      ['catalog.list_first_page', {}],
      ['catalog.list_text_search', { q: 'wrap dress' }],
      ['catalog.list_sku_search', { q: 'STYLE-4242' }],
      ['catalog.list_attribute_filter', { attrs: [['fabric', 'Linen']] }],
      [
        'catalog.list_attribute_category_price',
        {
          category: dresses!.id,
          attrs: [
            ['fabric', 'Silk'],
            ['season', 'Summer'],
          ],
          priceMin: 5000,
          priceMax: 15000,
          sort: 'price',
        },
      ],
      ['catalog.list_sort_price', { sort: 'price' }],
      ['catalog.list_tag_status_sort_name', { tag: 'bestseller', status: 'active', sort: 'name' }],
      ['catalog.list_deep_page_400', { page: 400, pageSize: 25 }],
      ['catalog.list_deep_page_100_sorted_price', { page: 100, pageSize: 100, sort: '-price' }],
    ];
    for (const [name, q] of cases) await measure(name, () => page(q), { size: { ...data, query: JSON.stringify(q) } });
    // Everything the /catalog page loads for one request, filter form included.
    const everything = (q: ProductListQuery) =>
      Promise.all([page(q), categoryOptions(db), supplierOptions(db), popularTags(db)]);
    await measure('catalog.list_page_all_queries', () => everything({ attrs: [['fabric', 'Linen']], sort: 'price' }), {
      size: data,
    });

    // The plan of the attribute filter on this data: the GIN index, not a scan of the table.
    const where = await productWhere(db, { attrs: [['fabric', 'Linen']] });
    const plan = rowsOf<Record<string, string>>(await db.execute(sql`explain select id from products where ${where}`))
      .map((r) => Object.values(r)[0])
      .join(' | ');
    console.log(
      JSON.stringify({
        bench: 'catalog.explain_attribute_filter',
        uses_gin: plan.includes('products_attributes_gin'),
        seq_scan: plan.includes('Seq Scan on products'),
        plan,
        ...data,
      }),
    );

    // 10,000 rows (3,334 new products with 3 variants each) imported in one transaction.
    let run = 0;
    await measure(
      'catalog.csv_import_10k_rows',
      () => {
        run += 1;
        return commitImport(db, SYSTEM_ACTOR, new TextEncoder().encode(importFile(10_000, run))).then((r) => {
          if (!r.ok) throw new Error(`bench import failed: ${JSON.stringify(r).slice(0, 300)}`);
        });
      },
      { iterations: 3, warmup: 0, size: { ...data, rows: 10_000 } },
    );
  } finally {
    await drop();
  }
}

async function thumbnailCases(
  db: Awaited<ReturnType<typeof benchDatabase>>['handle']['db'],
  data: Record<string, string | number>,
  page: (q: ProductListQuery) => Promise<unknown>,
) {
  const started = Date.now();
  await db.execute(sql`
    insert into product_images (product_id, colour, position, alt, thumb_key, display_key, width, height, bytes)
    select p.id, g.colour, g.position, 'Bench image',
      'catalog/' || p.id || '/' || g.colour || g.position || '-thumb.webp', 'catalog/' || p.id || '/' || g.colour || g.position || '-display.webp',
      1200, 1600, 95000
    from products p cross join (values ('', 0), ('', 1), ('Navy', 0)) as g(colour, position)`);
  await db.execute(sql`analyze product_images`);
  const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from product_images`),
  );
  console.error(`bench: ${n} image rows in ${Date.now() - started} ms`);
  const withImages = { ...data, images: n };
  const cases: [string, ProductListQuery][] = [
    ['first_page', {}],
    ['first_page_100', { pageSize: 100 }],
    ['attribute_filter', { attrs: [['fabric', 'Linen']] }],
    ['deep_page_400', { page: 400, pageSize: 25 }],
  ];
  for (const [name, q] of cases) {
    // The two variants back to back in the same run, on the same data.
    const plain = (x: ProductListQuery) =>
      Promise.all([listProductPage(db, x, { thumbs: false }), countProducts(db, x)]);
    await measure(`catalog.list_${name}_no_thumbs`, () => plain(q), {
      size: { ...withImages, query: JSON.stringify(q) },
    });
    await measure(`catalog.list_${name}_with_thumbs`, () => page(q), {
      size: { ...withImages, query: JSON.stringify(q) },
    });
  }
  const rows = await listProductPage(db, { pageSize: 100 });
  if (rows.rows.some((r) => !r.thumb)) throw new Error('bench: a product on the page has no thumbnail');
}

function importFile(rows: number, run: number): string {
  const header = [...BASE_COLUMNS, 'attr.fabric', 'attr.season'].join(',');
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const p = Math.floor(i / 3);
    lines.push(
      `bench-${run}-${p},Bench ${run} ${p},Dresses,active,59.90,EUR,Atelier Lumen,new-in,,B${run}-${p}-${i % 3},${['S', 'M', 'L'][i % 3]},Navy,,,300,yes,Linen,Summer|Spring`,
    );
  }
  return lines.join('\n');
}
