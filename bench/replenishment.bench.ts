import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { SYSTEM_ACTOR } from '../db/queries/audit';
import { stockPageSql } from '../db/queries/inventory-read';
import { draftCandidatesSql, draftPurchaseOrders } from '../db/queries/inventory-replenishment';
import { benchDatabase } from './harness';

/**
 * Drafting purchase orders for 10k low levels (`npm run bench replenishment`; DATABASE_URL for the server,
 * in-memory PGlite without it). Background: 40k levels over 2 locations, 20 suppliers, 60k fulfilments, an
 * ordered purchase order covering a fifth of the low SKUs. Ours: `draftPurchaseOrders` (advisory locks, candidate
 * read with on-order and velocity per level, rules, one draft per supplier and location, audit). Reference, in
 * the same run and database: the bare set-based equivalent, one INSERT … SELECT of a line per low level
 * (order up to the maximum) into one purchase order, with no on-order, velocity, grouping or audit.
 * Each timed run starts from the same state (its drafts are deleted untimed). Also EXPLAINs the SQL it relies on.
 */
export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const db = handle.db;
  const LOW = Number(process.env.BENCH_REPLENISH_LOW ?? 10_000);
  const iterations = Number(process.env.BENCH_REPLENISH_ITERATIONS ?? 5);
  try {
    await seed(db, LOW);
    await db.execute(sql`analyze`);
    const [ber] = rowsOf<{ id: string }>(await db.execute(sql`select id from locations where code = 'BER'`));
    const reset = () => db.execute(sql`delete from purchase_orders where status = 'draft' or note = 'bench reference'`);

    const ours: number[] = [];
    let last = { orders: 0, lines: 0, covered: 0 };
    for (let i = 0; i < iterations + 1; i++) {
      await reset();
      const t0 = process.hrtime.bigint();
      const r = await draftPurchaseOrders(db, SYSTEM_ACTOR, { locationId: ber!.id, windowDays: 30 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i > 0) ours.push(ms); // the first run warms caches
      last = { orders: r.orders.length, lines: r.orders.reduce((s, o) => s + o.lines, 0), covered: r.covered };
    }
    // A second run right after orders nothing again (what the integration tests assert, at this size).
    const t1 = process.hrtime.bigint();
    const again = await draftPurchaseOrders(db, SYSTEM_ACTOR, { locationId: ber!.id, windowDays: 30 });
    const againMs = Number(process.hrtime.bigint() - t1) / 1e6;

    const reference: number[] = [];
    const [sup] = rowsOf<{ id: string }>(await db.execute(sql`select id from suppliers order by name limit 1`));
    for (let i = 0; i < iterations + 1; i++) {
      await reset();
      const t0 = process.hrtime.bigint();
      await db.transaction(async (tx) => {
        const [po] = rowsOf<{ id: string }>(
          await tx.execute(sql`insert into purchase_orders (supplier_id, location_id, status, note)
                               values (${sup!.id}::uuid, ${ber!.id}::uuid, 'draft', 'bench reference') returning id`),
        );
        await tx.execute(sql`
          insert into purchase_order_lines (purchase_order_id, variant_id, quantity_ordered)
          select ${po!.id}::uuid, s.variant_id, greatest(s.reorder_max - (s.on_hand - s.reserved), 1)
            from stock_levels s
           where s.location_id = ${ber!.id}::uuid and s.reorder_point > 0 and s.on_hand - s.reserved <= s.reorder_point`);
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i > 0) reference.push(ms);
    }
    await reset();
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    console.log(
      JSON.stringify({
        bench: 'inventory.draft_purchase_orders',
        database: label,
        low_levels: LOW,
        levels: LOW * 4,
        iterations,
        drafts: last.orders,
        lines: last.lines,
        already_covered: last.covered,
        median_ms: +med(ours).toFixed(1),
        reference_median_ms: +med(reference).toFixed(1),
        ratio_to_reference: +(med(ours) / med(reference)).toFixed(2),
        second_run_orders: again.orders.length,
        second_run_ms: +againMs.toFixed(1),
      }),
    );
    if (again.orders.length !== 0) throw new Error('a second drafting run ordered again');

    // The plans the feature relies on, at this size.
    await explain(db, 'candidates', draftCandidatesSql({ locationId: ber!.id, windowDays: 30 }));
    await explain(
      db,
      'low_stock_by_cover',
      stockPageSql({ locationId: ber!.id, low: true, sort: { key: 'cover', dir: 'asc' }, windowDays: 30 }).text,
    );
    await explain(db, 'stock_page_with_next_expected', stockPageSql({ locationId: ber!.id, windowDays: 30 }).text);
  } finally {
    await drop();
  }
}

const INDEXES = [
  'stock_movements_fulfilment_idx',
  'stock_levels_low_idx',
  'purchase_order_lines_variant_idx',
  'transfer_lines_variant_idx',
];

/** EXPLAIN ANALYZE: execution time, whether any sequential scan ran, and which of the expected indexes were used. */
async function explain(db: Db, name: string, query: SQL) {
  const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(await db.execute(sql`explain (analyze, format json) ${query}`));
  const raw = row!['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ 'Execution Time': number }];
  const text = JSON.stringify(plan);
  type Node = { 'Node Type': string; 'Relation Name'?: string; Plans?: Node[] };
  const seqScans = new Set<string>();
  const walk = (n: Node) => {
    if (n['Node Type'] === 'Seq Scan') seqScans.add(n['Relation Name'] ?? '?');
    for (const c of n.Plans ?? []) walk(c);
  };
  walk((plan[0] as unknown as { Plan: Node }).Plan);
  console.log(
    JSON.stringify({
      bench: `inventory.replenishment_explain.${name}`,
      execution_ms: +plan[0]['Execution Time'].toFixed(1),
      seq_scans: [...seqScans],
      indexes_used: INDEXES.filter((i) => text.includes(i)),
    }),
  );
}

/**
 * 20k SKUs (100 products over 20 suppliers, lead times 5–43 days) at two locations; at BER `low` of them are at
 * or below a reorder point of 10 (order up to 40, packs of 6), the rest comfortably stocked. Three fulfilments
 * per low SKU in the last 30 days. An ordered purchase order covers every fifth low SKU. Bulk SQL, not the
 * app's paths: this is background, not what is measured.
 */
async function seed(db: Db, low: number) {
  const skus = low * 2;
  await db.execute(sql`insert into locations (code, name) values ('BER', 'Berlin'), ('HAM', 'Hamburg')`);
  await db.execute(
    sql`insert into suppliers (name, lead_time_days) select 'Supplier ' || g, 5 + g * 2 from generate_series(1, 20) g`,
  );
  await db.execute(sql`insert into categories (name) values ('Bench')`);
  await db.execute(sql`
    insert into products (name, slug, category_id, status, base_price, supplier_id)
    select 'Product ' || g, 'bench-product-' || g, (select id from categories limit 1), 'active', 4900,
           (select id from suppliers order by name offset (g % 20) limit 1)
      from generate_series(1, 100) g`);
  await db.execute(sql`
    insert into variants (product_id, sku)
    select (select id from products order by slug offset (g % 100) limit 1), 'BENCH-' || g from generate_series(1, ${skus}::int) g`);
  // Levels: BER low for the first `low` SKUs, stocked for the rest; HAM stocked. on_hand comes with movements.
  await db.execute(sql`
    insert into stock_levels (variant_id, location_id, on_hand, reorder_point, reorder_quantity, reorder_max, reorder_multiple)
    select v.id, l.id,
           case when l.code = 'BER' and v.n <= ${low}::int then v.n % 8 else 50 end,
           10, 0, 40, 6
      from (select id, substring(sku from 7)::int as n from variants) v cross join locations l`);
  await db.execute(sql`
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reference, actor_label)
    select id, variant_id, location_id, 'receipt', on_hand, 'bench', 'bench' from stock_levels where on_hand > 0`);
  // Sales: three fulfilments per low SKU over the last 30 days (booked as a reservation and its fulfilment).
  await db.execute(sql`
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference, actor_label, created_at)
    select s.id, s.variant_id, s.location_id, k.kind::movement_kind, 0,
           case when k.kind = 'reservation' then 1 else -1 end, 'bench sale', 'bench', now() - make_interval(days => g * 9)
      from stock_levels s join locations l on l.id = s.location_id and l.code = 'BER'
      cross join generate_series(1, 3) g cross join (values ('reservation'), ('fulfilment')) k(kind)
     where s.on_hand < 10`);
  // Fulfilments reduce on hand too: rewrite them to their true deltas and book the matching receipts, so the
  // ledger stays equal to the levels.
  await db.execute(sql`update stock_movements set on_hand_delta = -1 where kind = 'fulfilment'`);
  await db.execute(sql`
    insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reference, actor_label)
    select level_id, variant_id, location_id, 'receipt', count(*)::int, 'bench sale restock', 'bench'
      from stock_movements where kind = 'fulfilment' group by level_id, variant_id, location_id`);
  // An ordered purchase order from each supplier covering every fifth low SKU (2 units each, not enough to lift it).
  await db.execute(sql`
    insert into purchase_orders (supplier_id, location_id, status, note)
    select id, (select id from locations where code = 'BER'), 'ordered', 'bench background' from suppliers`);
  await db.execute(sql`
    insert into purchase_order_lines (purchase_order_id, variant_id, quantity_ordered)
    select po.id, v.id, 2
      from variants v join products p on p.id = v.product_id
      join purchase_orders po on po.supplier_id = p.supplier_id and po.note = 'bench background'
     where substring(v.sku from 7)::int <= ${low}::int and substring(v.sku from 7)::int % 5 = 0`);
}
