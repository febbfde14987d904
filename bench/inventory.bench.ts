import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type DbHandle } from '../db/client';
import { SYSTEM_ACTOR } from '../db/queries/audit';
import { createCategory } from '../db/queries/catalog-categories';
import { createProduct } from '../db/queries/catalog-products';
import { createVariants } from '../db/queries/catalog-variants';
import { createLocation, verifyLedger } from '../db/queries/inventory-ops';
import { reserveStock } from '../db/queries/inventory-reservations';
import { applyMovement } from '../db/queries/inventory-stock';
import { OutOfStock } from '../lib/errors';
import { benchDatabase, measure } from './harness';

const CLIENTS = 64;

const p95 = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? 0;
};

/**
 * Inventory on the PostgreSQL server (DATABASE_URL; in-memory PGlite, serial and smaller, without it):
 * 64 clients reserving one hot SKU until it runs out, against a bare conditional-UPDATE loop on the same
 * table as the physical reference; then `inventory:verify` over 1M movements.
 */
export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  // The bench's own pool, one connection per client (the app's pool has 10).
  const pool: DbHandle = server ? await openDatabase({ driver: 'pg', url: (handle as DbHandle & { url: string }).url, max: CLIENTS }) : handle;
  try {
    const db = pool.db;
    const cat = await createCategory(db, SYSTEM_ACTOR, { name: 'Bench', attributeDefs: [] });
    const product = await createProduct(db, SYSTEM_ACTOR, { name: 'Hot dress', slug: 'hot-dress', description: '', categoryId: cat.id, status: 'active', basePrice: 100, currency: 'EUR', supplierId: null, tags: [], attributes: {} });
    const [hot, ref, any] = await createVariants(db, SYSTEM_ACTOR, product.id, ['HOT-1', 'REF-1', 'ANY-1'].map((sku) => ({ sku, size: '', colour: '', priceOverride: null, barcode: '', weightGrams: null, active: true })));
    const loc = await createLocation(db, SYSTEM_ACTOR, { code: 'BER', name: 'Berlin', address: '', active: true });
    const stock = Number(process.env.BENCH_INVENTORY_STOCK ?? (server ? 20_000 : 2_000));
    await applyMovement(db, SYSTEM_ACTOR, { variantId: hot!.id, locationId: loc.id, kind: 'receipt', onHandDelta: stock, reservedDelta: 0 });
    const refLevel = await applyMovement(db, SYSTEM_ACTOR, { variantId: ref!.id, locationId: loc.id, kind: 'receipt', onHandDelta: stock, reservedDelta: 0 });
    // Without a location: the same stock split over two locations, tried in turn.
    const ham = await createLocation(db, SYSTEM_ACTOR, { code: 'HAM', name: 'Hamburg', address: '', active: true });
    const anyStock = Math.round(stock / 2);
    await applyMovement(db, SYSTEM_ACTOR, { variantId: any!.id, locationId: loc.id, kind: 'receipt', onHandDelta: anyStock / 2, reservedDelta: 0 });
    await applyMovement(db, SYSTEM_ACTOR, { variantId: any!.id, locationId: ham.id, kind: 'receipt', onHandDelta: anyStock / 2, reservedDelta: 0 });
    console.error('bench: seeded, hammering');
    const size = { database: label, clients: server ? CLIENTS : 1, starting_stock: stock };

    // Ours: the reservation path as the API runs it (lookup, then the coalesced statement: reservation rows with
    // idempotency keys + conditional UPDATE + movements, one transaction per batch).
    let seq = 0;
    const ours = await hammer(async () => {
      try {
        await reserveStock(db, { sku: 'HOT-1', location: 'BER', quantity: 1, idempotencyKey: `bench-${seq++}`, expiresInSeconds: 900 });
        return true;
      } catch (err) {
        if (err instanceof OutOfStock) return false;
        throw err;
      }
    });
    const [lvl] = rowsOf<{ on_hand: number; reserved: number }>(await db.execute(sql`select on_hand, reserved from stock_levels where variant_id = ${hot!.id}::uuid`));
    const oversold = ours.successes - stock;
    // Reference: the bare conditional UPDATE on the same table, no ledger, no reservation row.
    const reference = await hammer(async () => {
      const rows = await pool.query(`update stock_levels set reserved = reserved + 1 where id = $1 and on_hand - reserved >= 1 returning id`, [refLevel.levelId]);
      return rows.length === 1;
    });
    // The reference wrote no movements; book its result as one so the ledger (verified below) stays whole.
    await db.execute(sql`insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference, actor_label)
                         select id, variant_id, location_id, 'reservation', 0, reserved, 'bench reference loop', 'bench' from stock_levels where id = ${refLevel.levelId}`);
    const line = {
      bench: 'inventory.hot_sku_reservations',
      ...size,
      successes: ours.successes,
      refused: ours.refused,
      oversold,
      reserved_after: lvl!.reserved,
      adjustments_per_s: Math.round(ours.successes / ours.seconds),
      p95_ms: +ours.p95.toFixed(2),
      reference_updates_per_s: Math.round(reference.successes / reference.seconds),
      reference_p95_ms: +reference.p95.toFixed(2),
      ratio_to_reference: +(ours.successes / ours.seconds / (reference.successes / reference.seconds)).toFixed(3),
    };
    console.log(JSON.stringify(line));
    if (ours.successes !== stock || lvl!.reserved !== stock) throw new Error(`oversell or undersell: ${ours.successes} successes for ${stock} units`);

    const anyRun = await hammer(async () => {
      try {
        await reserveStock(db, { sku: 'ANY-1', quantity: 1, idempotencyKey: `bench-any-${seq++}`, expiresInSeconds: 900 });
        return true;
      } catch (err) {
        if (err instanceof OutOfStock) return false;
        throw err;
      }
    });
    const [anyLvl] = rowsOf<{ reserved: number }>(await db.execute(sql`select sum(reserved)::int as reserved from stock_levels where variant_id = ${any!.id}::uuid`));
    console.log(
      JSON.stringify({
        bench: 'inventory.any_location_reservations',
        ...size,
        starting_stock: anyStock,
        locations: 2,
        successes: anyRun.successes,
        oversold: anyRun.successes - anyStock,
        reserved_after: anyLvl!.reserved,
        adjustments_per_s: Math.round(anyRun.successes / anyRun.seconds),
        p95_ms: +anyRun.p95.toFixed(2),
      }),
    );
    if (anyRun.successes !== anyStock || anyLvl!.reserved !== anyStock) throw new Error(`oversell or undersell without a location: ${anyRun.successes} for ${anyStock}`);

    // inventory:verify over 1M movements (3,000 levels), written set-based.
    const movements = Number(process.env.BENCH_INVENTORY_MOVEMENTS ?? (server ? 1_000_000 : 100_000));
    await seedLedger(db, movements);
    const verified = await verifyLedger(db);
    if (verified.drift.length) throw new Error('bench ledger drifted');
    await measure('inventory.verify', () => verifyLedger(db), { iterations: 3, warmup: 1, size: { database: label, movements: verified.movements, levels: verified.levels } });
  } finally {
    if (pool !== handle) await pool.close();
    await drop();
  }
}

/** Runs `op` from CLIENTS concurrent loops until each loop sees a refusal; times every call. */
async function hammer(op: () => Promise<boolean>) {
  const samples: number[] = [];
  let successes = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const t0 = performance.now();
        const ok = await op();
        samples.push(performance.now() - t0);
        if (!ok) {
          refused++;
          return;
        }
        successes++;
      }
    }),
  );
  return { successes, refused, seconds: (performance.now() - started) / 1000, p95: p95(samples) };
}

/** 1,000 SKUs × 3 locations with `n` receipt movements spread over them, levels set to their sums. */
async function seedLedger(db: DbHandle['db'], n: number) {
  await db.execute(sql`insert into locations (code, name) values ('L2', 'Two'), ('L3', 'Three')`);
  const [{ product_id } = { product_id: '' }] = rowsOf<{ product_id: string }>(await db.execute(sql`select id as product_id from products limit 1`));
  await db.execute(sql`insert into variants (product_id, sku) select ${product_id}::uuid, 'LEDGER-' || g from generate_series(1, 1000) g`);
  await db.execute(sql`insert into stock_levels (variant_id, location_id) select v.id, l.id from variants v cross join locations l where v.sku like 'LEDGER-%' and l.code in ('BER', 'L2', 'L3')`);
  await db.execute(sql`
    with lv as (select id, variant_id, location_id, row_number() over (order by id) - 1 as i, count(*) over () as n from stock_levels s
                 where exists (select 1 from variants v where v.id = s.variant_id and v.sku like 'LEDGER-%'))
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference, actor_label)
    select lv.id, lv.variant_id, lv.location_id, 'receipt', 1 + (g % 5), 0, 'bench', 'bench'
      from generate_series(0, ${n - 1}) g join lv on lv.i = g % lv.n`);
  await db.execute(sql`
    update stock_levels s set on_hand = m.total from (select level_id, sum(on_hand_delta)::int as total from stock_movements group by level_id) m
     where m.level_id = s.id and s.variant_id in (select id from variants where sku like 'LEDGER-%')`);
  await db.execute(sql`analyze stock_movements`);
}
