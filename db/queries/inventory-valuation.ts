import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { movingAverage, stockValue } from '../../lib/inventory/valuation';

/**
 * Stock valuation (docs/adr/0017-stock-valuation.md). Values are whole cents: on hand × the SKU's moving average,
 * rounded per level. "Now" reads the levels and the variants' averages; "as of" reads only the ledger.
 */

export type LocationValue = {
  locationId: string;
  code: string;
  name: string;
  units: number;
  value: number;
  uncosted: number;
};

const num = (v: string | number | null) => (v === null ? 0 : Number(v));

/** Value per location now (inventory home): every level with stock, at its SKU's current average. */
export async function stockValueByLocation(db: Db): Promise<{ locations: LocationValue[]; total: number }> {
  const rows = rowsOf<{
    id: string;
    code: string;
    name: string;
    units: string;
    value: string | null;
    uncosted: string;
  }>(
    await db.execute(sql`
      select loc.id, loc.code, loc.name, coalesce(sum(s.on_hand), 0) as units,
             coalesce(sum(round(s.on_hand * v.avg_cost)), 0) as value,
             count(s.id) filter (where v.avg_cost is null) as uncosted -- an empty location's all-NULL row is not a level
        from locations loc
        left join stock_levels s on s.location_id = loc.id and s.on_hand > 0
        left join variants v on v.id = s.variant_id
       group by loc.id, loc.code, loc.name
       order by loc.code`),
  );
  const locations = rows.map((r) => ({
    locationId: r.id,
    code: r.code,
    name: r.name,
    units: num(r.units),
    value: num(r.value),
    uncosted: num(r.uncosted),
  }));
  return { locations, total: locations.reduce((s, l) => s + l.value, 0) };
}

/**
 * The ledger's state as of `before` (exclusive), in ONE pass over the movements: on hand per level, and the id of
 * each level's last costed receipt; a SKU's average is the `avg_cost` of the latest of those (one primary-key
 * lookup per SKU). A DISTINCT ON over the receipts, or a per-SKU "last receipt" probe, costs a second pass.
 */
function asOfCtes(before: Date) {
  return sql`
    q as (
      select level_id, variant_id, sum(on_hand_delta)::int as on_hand,
             max(id) filter (where kind = 'receipt' and avg_cost is not null) as last_receipt
        from stock_movements where created_at < ${before.toISOString()}::timestamptz
       group by level_id, variant_id
    ), c as (
      select r.variant_id, m.avg_cost
        from (select variant_id, max(last_receipt) as id from q group by variant_id) r
        join stock_movements m on m.id = r.id
    )`;
}

/** Totals per location as of a moment, from the ledger only. */
export async function valuationTotalsAsOf(
  db: Db,
  before: Date,
): Promise<{ locations: LocationValue[]; total: number; units: number }> {
  const rows = rowsOf<{ id: string; code: string; name: string; units: string; value: string; uncosted: string }>(
    await db.execute(sql`
      with ${asOfCtes(before)}
      select loc.id, loc.code, loc.name, sum(q.on_hand) as units, coalesce(sum(round(q.on_hand * c.avg_cost)), 0) as value,
             count(*) filter (where c.avg_cost is null) as uncosted
        from q
        join stock_levels l on l.id = q.level_id
        join locations loc on loc.id = l.location_id
        left join c on c.variant_id = q.variant_id
       where q.on_hand <> 0
       group by loc.id, loc.code, loc.name
       order by loc.code`),
  );
  const locations = rows.map((r) => ({
    locationId: r.id,
    code: r.code,
    name: r.name,
    units: num(r.units),
    value: num(r.value),
    uncosted: num(r.uncosted),
  }));
  return {
    locations,
    total: locations.reduce((s, l) => s + l.value, 0),
    units: locations.reduce((s, l) => s + l.units, 0),
  };
}

export type ValuationRow = {
  levelId: number;
  sku: string;
  product: string;
  location: string;
  onHand: number;
  avgCost: number | null;
  value: number;
};

/**
 * Levels with stock as of a moment, from the ledger, `limit` at a time after level id `after` (the CSV streams
 * every batch; the page shows the first ones). Ordered by level id so a batch is a walk of the level index.
 */
export async function valuationRowsAsOf(
  db: Db,
  before: Date,
  opts: { after?: number; limit?: number } = {},
): Promise<ValuationRow[]> {
  const rows = rowsOf<{
    level_id: number;
    sku: string;
    product: string;
    location: string;
    on_hand: number;
    avg_cost: string | null;
  }>(
    await db.execute(sql`
      with q as (
        select level_id, sum(on_hand_delta)::int as on_hand
          from stock_movements
         where created_at < ${before.toISOString()}::timestamptz and level_id > ${opts.after ?? 0}
         group by level_id having sum(on_hand_delta) <> 0
         order by level_id
         limit ${Math.min(opts.limit ?? 1000, 5000)}
      )
      , lv as (select q.level_id, q.on_hand, l.variant_id, l.location_id from q join stock_levels l on l.id = q.level_id)
      -- The page's SKUs' last costed receipt before the cut: a max over the partial receipt index per SKU (an
      -- "order by id desc limit 1" probe per row lets the planner walk the primary key backwards instead).
      , c as (
        select r.variant_id, m.avg_cost
          from (select variant_id, max(id) as id from stock_movements
                 where variant_id in (select variant_id from lv) and kind = 'receipt' and avg_cost is not null
                   and created_at < ${before.toISOString()}::timestamptz
                 group by variant_id) r
          join stock_movements m on m.id = r.id
      )
      select lv.level_id::int as level_id, v.sku, p.name as product, loc.code as location, lv.on_hand, c.avg_cost
        from lv
        join variants v on v.id = lv.variant_id
        join products p on p.id = v.product_id
        join locations loc on loc.id = lv.location_id
        left join c on c.variant_id = lv.variant_id
       order by lv.level_id`),
  );
  return rows.map((r) => {
    const avgCost = r.avg_cost === null ? null : Number(r.avg_cost);
    return {
      levelId: Number(r.level_id),
      sku: r.sku,
      product: r.product,
      location: r.location,
      onHand: r.on_hand,
      avgCost,
      value: stockValue(r.on_hand, avgCost),
    };
  });
}

export type ValueDrift = { sku: string; stored: number | null; replayed: number | null; movementId: number | null };

/**
 * `inventory:verify`'s value check: replays every SKU's average from its receipts in ledger order and compares it
 * with each receipt's recorded average and the variant's current one; and the total value now (levels × averages)
 * with the total as of now from the ledger. Reads receipts with the on hand before each, computed in SQL.
 */
export async function verifyValuation(db: Db) {
  const receipts = rowsOf<{
    id: number;
    variant_id: string;
    sku: string;
    on_hand_before: number;
    on_hand_delta: number;
    unit_cost: string | null;
    avg_cost: string | null;
    current: string | null;
  }>(
    await db.execute(sql`
      select m.id::int as id, m.variant_id, v.sku, m.on_hand_before::int as on_hand_before, m.on_hand_delta, m.unit_cost, m.avg_cost,
             v.avg_cost as current
        from (select id, variant_id, kind, on_hand_delta, unit_cost, avg_cost,
                     coalesce(sum(on_hand_delta) over (partition by variant_id order by id rows between unbounded preceding and 1 preceding), 0) as on_hand_before
                from stock_movements where on_hand_delta <> 0) m
        join variants v on v.id = m.variant_id
       where m.kind = 'receipt' and (m.unit_cost is not null or m.avg_cost is not null)
       order by m.variant_id, m.id`),
  );
  const drift: ValueDrift[] = [];
  const last = new Map<string, { sku: string; replayed: number | null; current: number | null }>();
  let variant = '';
  let chain: { average: number | null } = { average: null };
  for (const r of receipts) {
    if (r.variant_id !== variant) {
      variant = r.variant_id;
      chain = { average: null };
    }
    const unitCost = r.unit_cost === null ? null : Number(r.unit_cost);
    // Blend onto the ledger's on hand before this receipt (the sum of every earlier movement of the SKU).
    const replayed = movingAverage(
      { onHand: r.on_hand_before, average: chain.average },
      { quantity: r.on_hand_delta, unitCost },
    );
    chain = { average: replayed };
    const stored = r.avg_cost === null ? null : Number(r.avg_cost);
    if (stored !== replayed && drift.length < 1000) drift.push({ sku: r.sku, stored, replayed, movementId: r.id });
    last.set(r.variant_id, { sku: r.sku, replayed, current: r.current === null ? null : Number(r.current) });
  }
  for (const l of last.values())
    if (l.current !== l.replayed && drift.length < 1000)
      drift.push({ sku: l.sku, stored: l.current, replayed: l.replayed, movementId: null });
  const now = await stockValueByLocation(db);
  // A moment past every committed movement: the ledger's own "now".
  const ledger = await valuationTotalsAsOf(db, new Date(Date.now() + 60_000));
  return { drift, receipts: receipts.length, valueNow: now.total, valueFromLedger: ledger.total };
}
