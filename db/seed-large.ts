import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './client';
import { categories, suppliers } from './schema';
import { COLOURS, DEMO_CATEGORIES, DEMO_SUPPLIERS, demoAttributes, NAMES, rng } from './seed-catalog';

const TEMPLATES = 200;

/**
 * A large catalog for benchmarks: `products` products with `variantsPerProduct` variants each, built by
 * set-based SQL (generate_series, attribute templates passed once as JSON), never row by row.
 * Expects empty catalog tables.
 */
export async function seedLargeCatalog(db: Db, opts: { products: number; variantsPerProduct: number }) {
  const rand = rng(7); // the demo catalog's generator, its own seed
  const cats = await db
    .insert(categories)
    .values(DEMO_CATEGORIES.map((c) => ({ name: c.name, attributeDefs: c.defs })))
    .returning({ id: categories.id });
  const extra = Array.from({ length: 43 }, (_, i) => ({
    name: `Workshop ${i + 1}`,
    contact: `workshop${i + 1}@example.test`,
    leadTimeDays: 7 + (i % 40),
    notes: '',
  }));
  const sups = await db
    .insert(suppliers)
    .values([...DEMO_SUPPLIERS, ...extra])
    .returning({ id: suppliers.id });
  const templates = DEMO_CATEGORIES.map((c) => Array.from({ length: TEMPLATES }, () => demoAttributes(c.defs, rand)));
  const nouns = DEMO_CATEGORIES.map((c) => c.nouns);
  const sizes = ['S', 'M', 'L', 'XL', 'XS', '38', '40'];
  const catIds = sql.raw(`array[${cats.map((c) => `'${c.id}'::uuid`).join(',')}]`);
  const supIds = sql.raw(`array[${sups.map((s) => `'${s.id}'::uuid`).join(',')}]`);
  const n = cats.length;

  await db.execute(sql`
    insert into products (name, slug, description, category_id, status, base_price, currency, supplier_id, tags, attributes, created_at, updated_at)
    select
      (${JSON.stringify(NAMES)}::jsonb ->> (g % ${NAMES.length})) || ' ' ||
        (${JSON.stringify(nouns)}::jsonb -> (g % ${n}) ->> ((g / ${n}) % jsonb_array_length(${JSON.stringify(nouns)}::jsonb -> (g % ${n})))) || ' ' || g,
      'style-' || g,
      'Bench product ' || g,
      (${catIds})[1 + g % ${n}],
      (case when g % 10 < 7 then 'active' when g % 10 < 9 then 'draft' else 'archived' end)::product_status,
      900 + (g * 7919) % 20000,
      'EUR',
      case when g % 10 = 0 then null else (${supIds})[1 + (g * 31) % ${sups.length}] end,
      case g % 7 when 0 then '{bestseller}'::text[] when 1 then '{new-in,organic}'::text[] when 2 then '{sale}'::text[] else '{}'::text[] end,
      ${JSON.stringify(templates)}::jsonb -> (g % ${n}) -> ((g * 13) % ${TEMPLATES}),
      now() - make_interval(mins => g),
      now() - make_interval(mins => (g * 7) % 500000)
    from generate_series(1, ${opts.products}) g`);

  await db.execute(sql`
    insert into variants (product_id, sku, size, colour, price_override, weight_grams)
    select p.id,
      upper(p.slug) || '-' || (${JSON.stringify(sizes)}::jsonb ->> (s - 1)) || '-' || upper(left(${JSON.stringify(COLOURS)}::jsonb ->> (s % ${COLOURS.length}), 3)),
      ${JSON.stringify(sizes)}::jsonb ->> (s - 1),
      ${JSON.stringify(COLOURS)}::jsonb ->> (s % ${COLOURS.length}),
      case when s = 3 then p.base_price + 500 else null end,
      150 + (s * 97) % 600
    from products p cross join generate_series(1, ${opts.variantsPerProduct}) s`);
  // As autovacuum would soon: statistics for the planner, and a visibility map for index-only scans.
  await db.execute(sql`vacuum analyze products`);
  await db.execute(sql`vacuum analyze variants`);
  const [counts] = rowsOf<{ products: number; variants: number }>(
    await db.execute(
      sql`select (select count(*)::int from products) as products, (select count(*)::int from variants) as variants`,
    ),
  );
  return counts!;
}
