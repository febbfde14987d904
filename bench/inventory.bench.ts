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
import { seedLargeCatalog } from '../db/seed-large';
import { listLowStock, listStock, stockPageSql } from '../db/queries/inventory-read';
import { valuationRowsAsOf, valuationTotalsAsOf } from '../db/queries/inventory-valuation';
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
  // BENCH_INVENTORY_ONLY=hot|pages|valuation runs one part (the others are skipped, not faked).
  const only = process.env.BENCH_INVENTORY_ONLY;
  if (!only || only === 'hot') await hotSku();
  if (!only || only === 'pages') await stockPages();
  if (!only || only === 'valuation') await valuationAsOf();
}

/**
 * Valuation as of a date over the same ledger as `inventory.verify` (1M costed receipts over 3,000 levels, spread
 * over ~12 days; 100k on PGlite; BENCH_INVENTORY_MOVEMENTS changes it), cut in the middle. The reference, timed in
 * the same run, is the bare aggregate any ledger valuation must do: on hand per level before the cut.
 */
async function valuationAsOf() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  try {
    const db = handle.db;
    const cat = await createCategory(db, SYSTEM_ACTOR, { name: 'Bench', attributeDefs: [] });
    await createProduct(db, SYSTEM_ACTOR, {
      name: 'Ledger',
      slug: 'ledger',
      description: '',
      categoryId: cat.id,
      status: 'active',
      basePrice: 100,
      currency: 'EUR',
      supplierId: null,
      tags: [],
      attributes: {},
    });
    await createLocation(db, SYSTEM_ACTOR, { code: 'BER', name: 'Berlin', address: '', active: true });
    const n = Number(process.env.BENCH_INVENTORY_MOVEMENTS ?? (server ? 1_000_000 : 100_000));
    const seeded = performance.now();
    await seedLedger(db, n, { costs: true });
    console.error(`bench: valuation ledger of ${n} movements seeded in ${Math.round(performance.now() - seeded)} ms`);
    const cut = new Date(Date.now() - (n / 2) * 1000);
    const size = { database: label, movements: n, levels: 3000, cut: 'middle of the ledger' };
    const ours = await measure('inventory.valuation_as_of.totals', () => valuationTotalsAsOf(db, cut), {
      iterations: 7,
      warmup: 1,
      size,
    });
    const firstPage = await measure(
      'inventory.valuation_as_of.first_page_50',
      () => valuationRowsAsOf(db, cut, { limit: 50 }),
      { iterations: 7, warmup: 1, size },
    );
    const reference = await measure(
      'inventory.valuation_as_of.reference_sum_per_level',
      () =>
        db.execute(
          sql`select level_id, sum(on_hand_delta) from stock_movements where created_at < ${cut.toISOString()}::timestamptz group by level_id`,
        ),
      { iterations: 7, warmup: 1, size },
    );
    const totals = await valuationTotalsAsOf(db, cut);
    console.log(
      JSON.stringify({
        bench: 'inventory.valuation_as_of',
        ...size,
        totals_median_ms: ours.median_ms,
        first_page_median_ms: firstPage.median_ms,
        reference_median_ms: reference.median_ms,
        ratio_to_reference: +(ours.median_ms / reference.median_ms).toFixed(2),
        value_cents: totals.total,
        units: totals.units,
      }),
    );
  } finally {
    await drop();
  }
}

async function hotSku() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  // The bench's own pool, one connection per client (the app's pool has 10).
  const pool: DbHandle = server
    ? await openDatabase({ driver: 'pg', url: (handle as unknown as { url: string }).url, max: CLIENTS })
    : handle;
  try {
    const db = pool.db;
    const cat = await createCategory(db, SYSTEM_ACTOR, { name: 'Bench', attributeDefs: [] });
    const product = await createProduct(db, SYSTEM_ACTOR, {
      name: 'Hot dress',
      slug: 'hot-dress',
      description: '',
      categoryId: cat.id,
      status: 'active',
      basePrice: 100,
      currency: 'EUR',
      supplierId: null,
      tags: [],
      attributes: {},
    });
    const [hot, ref, any, hot2, hot3] = await createVariants(
      db,
      SYSTEM_ACTOR,
      product.id,
      ['HOT-1', 'REF-1', 'ANY-1', 'HOT-2', 'HOT-3'].map((sku) => ({
        sku,
        size: '',
        colour: '',
        priceOverride: null,
        barcode: '',
        weightGrams: null,
        active: true,
      })),
    );
    const loc = await createLocation(db, SYSTEM_ACTOR, { code: 'BER', name: 'Berlin', address: '', active: true });
    const stock = Number(process.env.BENCH_INVENTORY_STOCK ?? (server ? 20_000 : 2_000));
    await applyMovement(db, SYSTEM_ACTOR, { variantId: hot!.id, locationId: loc.id, kind: 'receipt', quantity: stock });
    const refLevel = await applyMovement(db, SYSTEM_ACTOR, {
      variantId: ref!.id,
      locationId: loc.id,
      kind: 'receipt',
      quantity: stock,
    });
    for (const v of [hot2!, hot3!])
      await applyMovement(db, SYSTEM_ACTOR, { variantId: v.id, locationId: loc.id, kind: 'receipt', quantity: stock });
    // Without a location: the same stock split over two locations, tried in turn.
    const ham = await createLocation(db, SYSTEM_ACTOR, { code: 'HAM', name: 'Hamburg', address: '', active: true });
    const anyStock = Math.round(stock / 2);
    await applyMovement(db, SYSTEM_ACTOR, {
      variantId: any!.id,
      locationId: loc.id,
      kind: 'receipt',
      quantity: anyStock / 2,
    });
    await applyMovement(db, SYSTEM_ACTOR, {
      variantId: any!.id,
      locationId: ham.id,
      kind: 'receipt',
      quantity: anyStock / 2,
    });
    console.error('bench: seeded, hammering');
    const size = { database: label, clients: server ? CLIENTS : 1, starting_stock: stock };

    // Ours: the reservation path as the API runs it (lookup, then the coalesced statement: reservation rows with
    // idempotency keys + conditional UPDATE + movements, one transaction per batch).
    let seq = 0;
    const ours = await hammer(async () => {
      try {
        await reserveStock(db, {
          sku: 'HOT-1',
          location: 'BER',
          quantity: 1,
          idempotencyKey: `bench-${seq++}`,
          expiresInSeconds: 900,
        });
        return true;
      } catch (err) {
        if (err instanceof OutOfStock) return false;
        throw err;
      }
    });
    const [lvl] = rowsOf<{ on_hand: number; reserved: number }>(
      await db.execute(sql`select on_hand, reserved from stock_levels where variant_id = ${hot!.id}::uuid`),
    );
    const oversold = ours.successes - stock;
    // Reference: the bare conditional UPDATE on the same table, no ledger, no reservation row.
    const reference = await hammer(async () => {
      const rows = await pool.query(
        `update stock_levels set reserved = reserved + 1 where id = $1 and on_hand - reserved >= 1 returning id`,
        [refLevel.levelId],
      );
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
    if (ours.successes !== stock || lvl!.reserved !== stock)
      throw new Error(`oversell or undersell: ${ours.successes} successes for ${stock} units`);

    // Two app processes on one database, stood for by two pools of the app's default size (10), each with its
    // own coalescer: the same clients alternate between them on another SKU with the same stock. Beside it, one
    // process with the same pool size (the figure above has a 64-connection pool).
    if (server) {
      const url = (handle as unknown as { url: string }).url;
      const procs = [
        await openDatabase({ driver: 'pg', url, max: 10 }),
        await openDatabase({ driver: 'pg', url, max: 10 }),
      ];
      const reserveOn = (target: DbHandle, sku: string) => async () => {
        try {
          await reserveStock(target.db, {
            sku,
            location: 'BER',
            quantity: 1,
            idempotencyKey: `bench-${sku}-${seq++}`,
            expiresInSeconds: 900,
          });
          return true;
        } catch (err) {
          if (err instanceof OutOfStock) return false;
          throw err;
        }
      };
      try {
        const one = await hammer(reserveOn(procs[0]!, 'HOT-3'));
        const onA = reserveOn(procs[0]!, 'HOT-2');
        const onB = reserveOn(procs[1]!, 'HOT-2');
        const two = await hammer((client) => (client % 2 ? onB() : onA()));
        const [lvl2] = rowsOf<{ reserved: number }>(
          await db.execute(sql`select reserved from stock_levels where variant_id = ${hot2!.id}::uuid`),
        );
        console.log(
          JSON.stringify({
            bench: 'inventory.hot_sku_two_processes',
            ...size,
            pools: '2 x 10 connections',
            successes: two.successes,
            oversold: two.successes - stock,
            reserved_after: lvl2!.reserved,
            reservations_per_s: Math.round(two.successes / two.seconds),
            p95_ms: +two.p95.toFixed(2),
            one_process_same_pool_per_s: Math.round(one.successes / one.seconds),
            one_process_same_pool_p95_ms: +one.p95.toFixed(2),
            one_process_64_connections_per_s: line.adjustments_per_s,
            reference_updates_per_s: line.reference_updates_per_s,
          }),
        );
        if (one.successes !== stock || two.successes !== stock || lvl2!.reserved !== stock)
          throw new Error(`two processes: oversell or undersell: ${two.successes} successes for ${stock} units`);
      } finally {
        for (const p of procs) await p.close();
      }
    }

    const anyRun = await hammer(async () => {
      try {
        await reserveStock(db, {
          sku: 'ANY-1',
          quantity: 1,
          idempotencyKey: `bench-any-${seq++}`,
          expiresInSeconds: 900,
        });
        return true;
      } catch (err) {
        if (err instanceof OutOfStock) return false;
        throw err;
      }
    });
    const [anyLvl] = rowsOf<{ reserved: number }>(
      await db.execute(
        sql`select sum(reserved)::int as reserved from stock_levels where variant_id = ${any!.id}::uuid`,
      ),
    );
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
    if (anyRun.successes !== anyStock || anyLvl!.reserved !== anyStock)
      throw new Error(`oversell or undersell without a location: ${anyRun.successes} for ${anyStock}`);

    // inventory:verify over 1M movements (3,000 levels), written set-based.
    const movements = Number(process.env.BENCH_INVENTORY_MOVEMENTS ?? (server ? 1_000_000 : 100_000));
    await seedLedger(db, movements);
    const verified = await verifyLedger(db);
    if (verified.drift.length) throw new Error('bench ledger drifted');
    await measure('inventory.verify', () => verifyLedger(db), {
      iterations: 3,
      warmup: 1,
      size: { database: label, movements: verified.movements, levels: verified.levels },
    });
  } finally {
    if (pool !== handle) await pool.close();
    await drop();
  }
}

/** Runs `op` from CLIENTS concurrent loops until each loop sees a refusal; times every call. */
async function hammer(op: (client: number) => Promise<boolean>) {
  const samples: number[] = [];
  let successes = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (;;) {
        const t0 = performance.now();
        const ok = await op(client);
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

/**
 * 1,000 SKUs × 3 locations with `n` receipt movements spread over them, levels set to their sums. With `costs`,
 * each receipt has a cost and the average after it, one second apart, ending now.
 */
async function seedLedger(db: DbHandle['db'], n: number, opts: { costs?: boolean } = {}) {
  await db.execute(sql`insert into locations (code, name) values ('L2', 'Two'), ('L3', 'Three')`);
  const [{ product_id } = { product_id: '' }] = rowsOf<{ product_id: string }>(
    await db.execute(sql`select id as product_id from products limit 1`),
  );
  await db.execute(
    sql`insert into variants (product_id, sku) select ${product_id}::uuid, 'LEDGER-' || g from generate_series(1, 1000) g`,
  );
  await db.execute(
    sql`insert into stock_levels (variant_id, location_id) select v.id, l.id from variants v cross join locations l where v.sku like 'LEDGER-%' and l.code in ('BER', 'L2', 'L3')`,
  );
  await db.execute(sql`
    with lv as (select id, variant_id, location_id, row_number() over (order by id) - 1 as i, count(*) over () as n from stock_levels s
                 where exists (select 1 from variants v where v.id = s.variant_id and v.sku like 'LEDGER-%'))
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference, actor_label, unit_cost, avg_cost, created_at)
    select lv.id, lv.variant_id, lv.location_id, 'receipt', 1 + (g % 5), 0, 'bench', 'bench',
           ${opts.costs ? sql`500 + (g * 7) % 1000, 500 + (g * 3) % 1000, now() - (${n} - g) * interval '1 second'` : sql`null, null, now()`}
      from generate_series(0, ${n - 1}) g join lv on lv.i = g % lv.n`);
  await db.execute(sql`
    update stock_levels s set on_hand = m.total from (select level_id, sum(on_hand_delta)::int as total from stock_movements group by level_id) m
     where m.level_id = s.id and s.variant_id in (select id from variants where sku like 'LEDGER-%')`);
  await db.execute(sql`analyze stock_movements`);
}

/**
 * The stock pages on a large inventory: 300k variants × 4 locations of levels (20k products × 3 on in-memory
 * PGlite), ~5% at or below their reorder point, open purchase-order lines and transfers in transit, all seeded
 * set-based. Times what each page runs per request and checks the plans read no level table sequentially.
 */
async function stockPages() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  try {
    const db = handle.db;
    const { size } = await seedStockPages(db, server, label);
    const [loc] = rowsOf<{ id: string }>(await db.execute(sql`select id from locations where code = 'HAM'`));
    // A SKU with something incoming, so the per-SKU page computes it.
    const [sku] = rowsOf<{ variant_id: string }>(await db.execute(sql`select variant_id from transfer_lines limit 1`));
    // Deep pages as the UI reaches them: Next carries the last row's id (keyset), here the cursor of page 200.
    const deepCursor = (await listStock(db, { locationId: loc!.id, page: 199 })).next!;
    const lowCursor = (await listLowStock(db, { locationId: loc!.id, page: 2 })).next!;
    const cases: [string, () => Promise<unknown>][] = [
      ['all_locations_first_page', () => listStock(db, {})],
      ['per_location_first_page', () => listStock(db, { locationId: loc!.id })],
      ['per_location_deep_page_200_next', () => listStock(db, { locationId: loc!.id, page: 200, after: deepCursor })],
      [
        'per_location_deep_page_200_previous',
        () => listStock(db, { locationId: loc!.id, page: 200, before: deepCursor }),
      ],
      // A bare ?page=200 (no cursor) still works through OFFSET: linear in the depth, for reference.
      ['per_location_page_200_offset', () => listStock(db, { locationId: loc!.id, page: 200 })],
      ['sku_prefix_filter', () => listStock(db, { q: 'STYLE-1234' })],
      ['per_sku_page', () => listStock(db, { variantId: sku!.variant_id, pageSize: 200 })],
      ['low_stock_all', () => listLowStock(db, {})],
      ['low_stock_per_location_page_3', () => listLowStock(db, { locationId: loc!.id, page: 3, after: lowCursor })],
      ['low_only_per_location', () => listStock(db, { locationId: loc!.id, low: true })],
    ];
    for (const [name, fn] of cases)
      await measure(`inventory.stock_page.${name}`, fn, { iterations: 30, warmup: 3, size });
    // The plans: no page reads the level table sequentially.
    const plans: Record<string, string> = {};
    for (const [name, query] of stockPlanQueries(loc!.id, sku!.variant_id, deepCursor)) {
      const plan = rowsOf<Record<string, string>>(await db.execute(sql`explain ${query}`))
        .map((r) => Object.values(r)[0])
        .join('\n');
      plans[name] = plan;
    }
    const seqScans = Object.entries(plans)
      .filter(([, p]) => /Seq Scan on stock_levels/.test(p))
      .map(([n]) => n);
    console.log(JSON.stringify({ bench: 'inventory.stock_page.explain', seq_scan_on_stock_levels: seqScans, ...size }));
    if (process.env.BENCH_SHOW_PLANS) for (const [n, p] of Object.entries(plans)) console.error(`--- ${n}\n${p}`);
  } finally {
    await drop();
  }
}

/**
 * The stock pages' data set (shared with bench/lists.bench.ts): 300k variants × 4 locations of levels (20k
 * products × 3 on in-memory PGlite), one opening movement per level, ~5% at or below their reorder point, open
 * purchase-order lines and transfers in transit, all seeded set-based.
 */
export async function seedStockPages(db: DbHandle['db'], server: boolean, label: string) {
  const started = Date.now();
  const catalog = await seedLargeCatalog(db, { products: server ? 100_000 : 20_000, variantsPerProduct: 3 });
  await db.execute(
    sql`insert into locations (code, name) values ('BER', 'Berlin'), ('HAM', 'Hamburg'), ('MUC', 'Munich'), ('VIE', 'Vienna')`,
  );
  await db.execute(sql`
    insert into stock_levels (variant_id, location_id, on_hand, reserved, reorder_point, reorder_quantity)
    select v.id, l.id, h.on_hand, h.on_hand * (h.x % 3) / 10, case when h.x % 20 = 0 then h.on_hand + 5 else h.x % 8 end, 20
      from variants v cross join locations l
      cross join lateral (select abs(hashtext(v.id::text || l.code)) as x) hx
      cross join lateral (select hx.x, 10 + hx.x % 90 as on_hand) h`);
  // The ledger stays whole: each level's stock as one opening receipt.
  await db.execute(sql`
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference, actor_label)
    select id, variant_id, location_id, 'receipt', on_hand, reserved, 'bench opening', 'bench' from stock_levels`);
  const [supplier] = rowsOf<{ id: string }>(await db.execute(sql`select id from suppliers limit 1`));
  const orders = server ? 2_000 : 400;
  await db.execute(sql`
    insert into purchase_orders (supplier_id, location_id, status, expected_at)
    select ${supplier!.id}::uuid, (select id from locations order by code offset g % 4 limit 1),
           (array['draft', 'ordered', 'partially_received', 'received', 'cancelled'])[1 + g % 5]::po_status, current_date + g % 30
      from generate_series(1, ${orders}) g`);
  await db.execute(sql`
    insert into purchase_order_lines (purchase_order_id, variant_id, quantity_ordered, quantity_received)
    select po.id, v.id, 50, case when po.status = 'partially_received' then 20 when po.status = 'received' then 50 else 0 end
      from (select id, status, row_number() over (order by number) as n from purchase_orders) po
      cross join generate_series(0, 19) k
      join (select id, row_number() over (order by id) - 1 as i from variants) v on v.i = (po.n * 7919 + k * 104729) % ${catalog.variants}
    on conflict do nothing`);
  const transfersN = server ? 500 : 100;
  await db.execute(sql`
    insert into transfers (from_location_id, to_location_id, status, created_by)
    select (select id from locations order by code offset g % 4 limit 1), (select id from locations order by code offset (g + 1) % 4 limit 1),
           (case when g % 3 = 0 then 'received' else 'in_transit' end)::transfer_status, 'bench'
      from generate_series(1, ${transfersN}) g`);
  await db.execute(sql`
    insert into transfer_lines (transfer_id, variant_id, quantity)
    select t.id, v.id, 5 from (select id, row_number() over (order by number) as n from transfers) t
      cross join generate_series(0, 9) k
      join (select id, row_number() over (order by id) - 1 as i from variants) v on v.i = (t.n * 6007 + k * 7727) % ${catalog.variants}
    on conflict do nothing`);
  for (const table of [
    'stock_levels',
    'stock_movements',
    'purchase_orders',
    'purchase_order_lines',
    'transfers',
    'transfer_lines',
    'locations',
  ]) {
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  }
  const [counts] = rowsOf<{ levels: number; po_lines: number; transfer_lines: number }>(
    await db.execute(
      sql`select (select count(*)::int from stock_levels) as levels, (select count(*)::int from purchase_order_lines) as po_lines, (select count(*)::int from transfer_lines) as transfer_lines`,
    ),
  );
  console.error(`bench: stock pages seeded in ${Date.now() - started} ms`);
  const size = { database: label, variants: catalog.variants, locations: 4, ...counts };
  return { size };
}

/** The statements the stock pages run, for EXPLAIN. */
function stockPlanQueries(
  locationId: string,
  variantId: string,
  cursor: number,
): [string, ReturnType<typeof stockPageSql>['text']][] {
  return [
    ['all_locations', stockPageSql({}).text],
    ['per_location_deep_next', stockPageSql({ locationId, after: cursor }).text],
    ['per_location_deep_previous', stockPageSql({ locationId, before: cursor }).text],
    ['sku_prefix', stockPageSql({ q: 'STYLE-1234' }).text],
    ['per_sku', stockPageSql({ variantId, pageSize: 200 }).text],
    ['low_stock', stockPageSql({ low: true, pageSize: 100 }).text],
    ['low_stock_per_location', stockPageSql({ locationId, low: true, pageSize: 100, after: cursor }).text],
  ];
}
