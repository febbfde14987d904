import { SYSTEM_ACTOR } from '../db/queries/audit';
import { bulkSaveVariants, loadBulkGrid } from '../db/queries/catalog-bulk-edit';
import { updateVariant } from '../db/queries/catalog-variants';
import { seedLargeCatalog } from '../db/seed-large';
import { formatMoneyPlain } from '../lib/catalog/constants';
import { BULK_MAX_ROWS } from '../lib/catalog/bulk-edit';
import { benchDatabase, measure } from './harness';

/**
 * The bulk editor's save of a full grid (2,000 variants: a price and a barcode each, and one attribute on each
 * of their products), against a reference in the same run: the same kind of change saved one variant at a time
 * through the inline edit (updateVariant), per variant. Also the grid's load of 2,000 rows.
 */
export async function run() {
  const { handle, label, drop } = await benchDatabase();
  try {
    const db = handle.db;
    const counts = await seedLargeCatalog(db, { products: 700, variantsPerProduct: 3 });
    const data = { database: label, products: counts.products, variants: counts.variants, rows: BULK_MAX_ROWS };
    let grid = await loadBulkGrid(db, {});
    if (grid.rows.length !== BULK_MAX_ROWS) throw new Error(`bench: grid has ${grid.rows.length} rows`);

    await measure('bulk_edit.load_grid_2000', () => loadBulkGrid(db, {}), { iterations: 20, warmup: 2, size: data });

    // Versions move with every save: each iteration saves against the versions the previous one returned.
    const versions = new Map(grid.rows.map((r) => [r.id, r.version]));
    const productVersions = new Map(grid.products.map((p) => [p.id, p.version]));
    const withFabric = grid.products.filter((p) =>
      grid.defsByCategory[p.categoryId]?.some((d) => d.key === 'fabric' && (d.options?.length ?? 0) >= 2),
    );
    let n = 0;
    await measure(
      'bulk_edit.save_2000_variants',
      async () => {
        n += 1;
        const r = await bulkSaveVariants(db, SYSTEM_ACTOR, {
          variants: grid.rows.map((row, i) => ({
            id: row.id,
            version: versions.get(row.id)!,
            price: formatMoneyPlain(1000 + n * 10 + (i % 7)),
            barcode: String(40000000 + n * 10_000 + i),
          })),
          products: withFabric.map((p) => ({
            id: p.id,
            version: productVersions.get(p.id)!,
            attributes: {
              fabric: grid.defsByCategory[p.categoryId]!.find((d) => d.key === 'fabric')!.options![n % 2]!,
            },
          })),
        });
        if (r.stale.length) throw new Error(`bench: ${r.stale.length} stale rows`);
        for (const v of r.variants) versions.set(v.id, v.version);
        for (const p of r.products) productVersions.set(p.id, p.version);
      },
      {
        iterations: 7,
        warmup: 1,
        size: { ...data, grid_products: grid.products.length, attribute_products: withFabric.length },
      },
    );

    // Reference: one variant per save, the inline edit's path (its own transaction, audit row and score refresh).
    grid = await loadBulkGrid(db, {}, 200);
    const rows = grid.rows.map((r) => ({ ...r, weightGrams: null as number | null }));
    let k = 0;
    await measure(
      'bulk_edit.reference_single_variant_save',
      async () => {
        const row = rows[k % rows.length]!;
        k += 1;
        const saved = await updateVariant(db, SYSTEM_ACTOR, {
          id: row.id,
          version: row.version,
          sku: row.sku,
          size: row.size,
          colour: row.colour,
          priceOverride: 2000 + k,
          barcode: String(50000000 + k),
          weightGrams: null,
          active: row.active,
        });
        row.version = saved.version;
      },
      { iterations: 200, warmup: 10, size: { ...data, rows: 1 } },
    );
  } finally {
    await drop();
  }
}
