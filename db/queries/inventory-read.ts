import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import type { MovementKind, TransferStatus } from '../../lib/inventory/constants';
import { suggestedReorder } from '../../lib/inventory/rules';

/** Stock expected at a level: open purchase-order lines plus transfers in transit to it. */
const incomingSql = sql`(
  coalesce((select sum(l.quantity_ordered - l.quantity_received) from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
             where l.variant_id = s.variant_id and po.location_id = s.location_id and po.status in ('ordered', 'partially_received')), 0)
  + coalesce((select sum(tl.quantity) from transfer_lines tl join transfers t on t.id = tl.transfer_id
             where tl.variant_id = s.variant_id and t.to_location_id = s.location_id and t.status = 'in_transit'), 0))::int`;

export type StockRow = {
  id: number;
  variantId: string;
  sku: string;
  product: string;
  locationId: string;
  locationCode: string;
  location: string;
  /** False when the location was deactivated: its stock stays listed, marked. */
  locationActive: boolean;
  onHand: number;
  reserved: number;
  available: number;
  incoming: number;
  reorderPoint: number;
  reorderQuantity: number;
  version: number;
};

type RawStock = {
  id: number;
  variant_id: string;
  sku: string;
  product: string;
  location_id: string;
  location_code: string;
  location: string;
  location_active: boolean;
  on_hand: number;
  reserved: number;
  incoming: number;
  reorder_point: number;
  reorder_quantity: number;
  version: number;
};

const toStock = (r: RawStock): StockRow => ({
  id: Number(r.id),
  variantId: r.variant_id,
  sku: r.sku,
  product: r.product,
  locationId: r.location_id,
  locationCode: r.location_code,
  location: r.location,
  locationActive: r.location_active,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: r.on_hand - r.reserved,
  incoming: r.incoming,
  reorderPoint: r.reorder_point,
  reorderQuantity: r.reorder_quantity,
  version: r.version,
});

export type StockSortKey = 'sku' | 'onHand' | 'available';

export type StockQuery = {
  locationId?: string;
  variantId?: string;
  q?: string;
  low?: boolean;
  /** Column and direction (default: SKU ascending). Every sort walks an index; see the schema's stock_levels. */
  sort?: { key: StockSortKey; dir: 'asc' | 'desc' };
  /** Page number: shown, and the offset only when no cursor is given (old links). */
  page?: number;
  pageSize?: number;
  /** Keyset cursors: the level id of the row the page starts after (Next) or ends before (Previous). */
  after?: number;
  before?: number;
};

// Numeric sorts: the indexed expression on stock_levels; (expr, id) is the keyset, id breaking ties.
const NUMERIC_SORT = { onHand: sql`s.on_hand`, available: sql`(s.on_hand - s.reserved)` } as const;
const NUMERIC_SORT_K = { onHand: sql`cs.on_hand`, available: sql`(cs.on_hand - cs.reserved)` } as const;

/**
 * The low-stock rule in SQL over a level aliased `s`: the twin of `isLowStock` (lib/inventory/rules), and the
 * predicate of the partial index stock_levels_low_idx (db/schema/inventory.ts), so the index serves it.
 */
const LOW_STOCK = sql`s.reorder_point > 0 and s.on_hand - s.reserved <= s.reorder_point`;

/**
 * The stock list's SQL. The page's level ids are picked first, in index order (SKUs by `lower(sku)` from the
 * variants index, each probing its levels through (variant_id, location_id); on hand and available from their
 * (expression, id) indexes), so a page reads about a page of rows even at 300k SKUs × locations; only those rows
 * then get their details and "incoming" (two indexed sums per row). Next/Previous are keyset cursors (the level
 * id a page starts after / ends before; its sort value is looked up), so a deep page costs what the first does;
 * OFFSET is used only for a bare page number. Asks one row more than a page to know whether there is another
 * page, instead of counting.
 */
export function stockPageSql(query: StockQuery = {}) {
  const pageSize = Math.min(query.pageSize ?? 50, 1000);
  const page = Math.max(1, query.page ?? 1);
  const sortKey = query.sort?.key ?? 'sku';
  const where: SQL[] = [sql`true`];
  if (query.locationId) where.push(sql`s.location_id = ${query.locationId}::uuid`);
  if (query.variantId) where.push(sql`s.variant_id = ${query.variantId}::uuid`);
  if (query.q) where.push(sql`lower(v.sku) like ${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  if (query.low) where.push(LOW_STOCK);
  const cursor = query.after ?? query.before;
  const backwards = query.after === undefined && query.before !== undefined;
  // The direction the index is walked: the sort's, reversed when paging back.
  const desc = (query.sort?.dir === 'desc') !== backwards;
  const direction = desc ? sql`desc` : sql`asc`;
  const gt = desc ? sql`<` : sql`>`;
  let cursorCte = sql``;
  let sortA: SQL;
  let sortB: SQL;
  if (sortKey === 'sku') {
    sortA = sql`lower(v.sku)`;
    sortB = sql`loc.code`;
    if (cursor !== undefined) {
      // Split so the SKU bound is an index condition on lower(sku); the location code breaks ties.
      cursorCte = sql`k as (select lower(cv.sku) as a, cl.code as b from stock_levels cs join variants cv on cv.id = cs.variant_id join locations cl on cl.id = cs.location_id where cs.id = ${cursor}), `;
      where.push(
        desc
          ? sql`lower(v.sku) <= (select a from k) and (lower(v.sku) < (select a from k) or loc.code < (select b from k))`
          : sql`lower(v.sku) >= (select a from k) and (lower(v.sku) > (select a from k) or loc.code > (select b from k))`,
      );
    }
  } else {
    sortA = NUMERIC_SORT[sortKey];
    sortB = sql`s.id`;
    if (cursor !== undefined) {
      cursorCte = sql`k as (select ${NUMERIC_SORT_K[sortKey]} as a, cs.id as b from stock_levels cs where cs.id = ${cursor}), `;
      // A row comparison on (expression, id) is one index range condition.
      where.push(sql`(${sortA}, s.id) ${gt} ((select a from k), (select b from k))`);
    }
  }
  const text = sql`
      with ${cursorCte}page as materialized (
        select s.id, ${sortA} as sort_a, ${sortB} as sort_b
          from stock_levels s
          join variants v on v.id = s.variant_id
          join locations loc on loc.id = s.location_id
         where ${sql.join(where, sql` and `)}
         order by ${sortA} ${direction}, ${sortB} ${direction}
         limit ${pageSize + 1} offset ${cursor === undefined ? (page - 1) * pageSize : 0}
      )
      select s.id::int as id, s.variant_id, v.sku, p.name as product, s.location_id, loc.code as location_code, loc.name as location,
             loc.active as location_active, s.on_hand, s.reserved, ${incomingSql} as incoming, s.reorder_point, s.reorder_quantity, s.version
        from page
        join stock_levels s on s.id = page.id
        join variants v on v.id = s.variant_id
        join products p on p.id = v.product_id
        join locations loc on loc.id = s.location_id
       order by page.sort_a ${direction}, page.sort_b ${direction}`;
  return { text, page, pageSize, backwards, cursor };
}

/**
 * Stock levels, by SKU then location, filtered in SQL (location, SKU prefix, low only) and paged. `next` and
 * `prev` are the cursors for the neighbouring pages (null when there is none).
 */
export async function listStock(db: Db, query: StockQuery = {}) {
  const { text, page, pageSize, backwards, cursor } = stockPageSql(query);
  const fetched = rowsOf<RawStock>(await db.execute(text));
  const more = fetched.length > pageSize;
  const rows = fetched.slice(0, pageSize).map(toStock);
  if (backwards) rows.reverse();
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== undefined || page > 1;
  return {
    rows,
    page,
    hasNext,
    hasPrev,
    next: hasNext && rows.length ? rows[rows.length - 1]!.id : null,
    prev: hasPrev && rows.length ? rows[0]!.id : null,
  };
}

/** Low stock: at or below the reorder point, with incoming stock and a suggested order quantity. */
export async function listLowStock(
  db: Db,
  query: {
    locationId?: string;
    sort?: StockQuery['sort'];
    page?: number;
    after?: number;
    before?: number;
    pageSize?: number;
  } = {},
) {
  const { rows, ...paging } = await listStock(db, { pageSize: 100, ...query, low: true });
  return { rows: rows.map((r) => ({ ...r, suggested: suggestedReorder(r, r.incoming) })), ...paging };
}

/** How many levels are at or below their reorder point (the merchandiser home's number). */
export async function countLowStock(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from stock_levels s join locations loc on loc.id = s.location_id and loc.active
                          where ${LOW_STOCK}`),
  );
  return row?.n ?? 0;
}

export type MovementQuery = {
  variantId?: string;
  locationId?: string;
  kind?: MovementKind;
  /** Newest first (default) or oldest first; both walk the primary key or the (variant|location, id desc) index. */
  dir?: 'asc' | 'desc';
  /** Keyset cursor: the id the page continues from (older when newest first, newer when oldest first). */
  before?: number;
  limit?: number;
};

export type MovementRow = {
  id: number;
  createdAt: Date;
  kind: MovementKind;
  sku: string;
  variantId: string;
  location: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reference: string;
  actor: string;
  undoesId: number | null;
  undoneBy: number | null;
};

/** The ledger page's SQL (listMovements runs it; the lists bench explains it). */
export function movementPageSql(query: MovementQuery = {}) {
  const limit = Math.min(query.limit ?? 50, 5000);
  const where: SQL[] = [sql`true`];
  if (query.variantId) where.push(sql`m.variant_id = ${query.variantId}::uuid`);
  if (query.locationId) where.push(sql`m.location_id = ${query.locationId}::uuid`);
  if (query.kind) where.push(sql`m.kind = ${query.kind}::movement_kind`);
  const asc = query.dir === 'asc';
  if (query.before) where.push(asc ? sql`m.id > ${query.before}` : sql`m.id < ${query.before}`);
  return sql`
      select m.id::int as id, m.created_at, m.kind, v.sku, m.variant_id, loc.name as location, m.on_hand_delta, m.reserved_delta,
             m.reason, m.reference, m.actor_label, m.undoes_id::int as undoes_id,
             (select u.id::int from stock_movements u where u.undoes_id = m.id) as undone_by
        from stock_movements m
        join variants v on v.id = m.variant_id
        join locations loc on loc.id = m.location_id
       where ${sql.join(where, sql` and `)}
       order by m.id ${asc ? sql`asc` : sql`desc`}
       limit ${limit}`;
}

/** The ledger, by id (its time order) in `dir`, keyset-paged (`before`), filtered by SKU, location and kind. */
export async function listMovements(db: Db, query: MovementQuery = {}): Promise<MovementRow[]> {
  const rows = rowsOf<{
    id: number;
    created_at: string | Date;
    kind: MovementKind;
    sku: string;
    variant_id: string;
    location: string;
    on_hand_delta: number;
    reserved_delta: number;
    reason: string;
    reference: string;
    actor_label: string;
    undoes_id: number | null;
    undone_by: number | null;
  }>(await db.execute(movementPageSql(query)));
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: new Date(r.created_at),
    kind: r.kind,
    sku: r.sku,
    variantId: r.variant_id,
    location: r.location,
    onHandDelta: r.on_hand_delta,
    reservedDelta: r.reserved_delta,
    reason: r.reason,
    reference: r.reference,
    actor: r.actor_label,
    undoesId: r.undoes_id === null ? null : Number(r.undoes_id),
    undoneBy: r.undone_by === null ? null : Number(r.undone_by),
  }));
}

/** A SKU by code (case-insensitive), with its product name. */
export async function findSku(db: Db, sku: string) {
  const [row] = rowsOf<{ id: string; sku: string; product: string }>(
    await db.execute(
      sql`select v.id, v.sku, p.name as product from variants v join products p on p.id = v.product_id where lower(v.sku) = lower(${sku})`,
    ),
  );
  return row ?? null;
}

/** A SKU by id, with its product name. */
export async function getSku(db: Db, id: string) {
  const [row] = rowsOf<{ id: string; sku: string; product: string }>(
    await db.execute(
      sql`select v.id, v.sku, p.name as product from variants v join products p on p.id = v.product_id where v.id = ${id}::uuid`,
    ),
  );
  return row ?? null;
}

export type TransferQuery = {
  status?: TransferStatus;
  /** From or to this location. */
  locationId?: string;
  /** By number (transfers_number_key), newest first by default; keyset-paged on the number. */
  dir?: 'asc' | 'desc';
  before?: number;
  limit?: number;
};

/** Transfers by number with their lines summarised, filtered by status and location, keyset-paged. */
export async function listTransfers(db: Db, query: TransferQuery = {}) {
  const asc = query.dir === 'asc';
  const where: SQL[] = [sql`true`];
  if (query.status) where.push(sql`t.status = ${query.status}::transfer_status`);
  if (query.locationId)
    where.push(sql`(t.from_location_id = ${query.locationId}::uuid or t.to_location_id = ${query.locationId}::uuid)`);
  if (query.before) where.push(asc ? sql`t.number > ${query.before}` : sql`t.number < ${query.before}`);
  return rowsOf<{
    id: string;
    number: number;
    status: string;
    from_name: string;
    to_name: string;
    lines: string;
    units: number;
    created_at: Date;
    created_by: string;
    received_at: Date | null;
  }>(
    await db.execute(sql`
      select t.id, t.number::int as number, t.status, f.name as from_name, d.name as to_name, t.created_at, t.created_by, t.received_at,
             (select string_agg(v.sku || ' × ' || tl.quantity, ', ' order by v.sku) from transfer_lines tl join variants v on v.id = tl.variant_id where tl.transfer_id = t.id) as lines,
             (select sum(tl.quantity)::int from transfer_lines tl where tl.transfer_id = t.id) as units
        from transfers t join locations f on f.id = t.from_location_id join locations d on d.id = t.to_location_id
       where ${sql.join(where, sql` and `)}
       order by t.number ${asc ? sql`asc` : sql`desc`} limit ${Math.min(query.limit ?? 100, 5000)}`),
  );
}

export type SkuMatch = { id: string; sku: string; product: string; barcode: string; available: number };

/**
 * The SKU lookup behind the line-entry combobox and the count scanner: an exact barcode (the partial unique
 * index variants_barcode_key), then SKU codes by prefix (variants_sku_pattern_idx), then products by name prefix
 * (products_name_idx), at most `limit`, each with its available stock (at `locationId`, or everywhere).
 */
export async function lookupSkus(db: Db, q: string, opts: { locationId?: string; limit?: number } = {}) {
  const term = q.trim().toLowerCase();
  if (!term) return [];
  const limit = Math.min(opts.limit ?? 8, 20);
  const prefix = `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = rowsOf<{ id: string; sku: string; product: string; barcode: string; available: number; rank: number }>(
    await db.execute(sql`
      with hits as (
        (select v.id, 0 as rank from variants v where v.barcode = ${q.trim()} and v.barcode <> '' limit 1)
        union all
        (select v.id, 1 from variants v where lower(v.sku) like ${prefix} order by lower(v.sku) limit ${limit})
        union all
        (select v.id, 2 from products p join variants v on v.product_id = p.id
          where lower(p.name) >= ${term} and lower(p.name) < ${`${term}\uffff`} order by lower(p.name), v.sku limit ${limit})
      ), best as (select id, min(rank) as rank from hits group by id)
      select v.id, v.sku, p.name as product, v.barcode, b.rank,
             coalesce((select sum(s.on_hand - s.reserved) from stock_levels s
                        where s.variant_id = v.id ${opts.locationId ? sql`and s.location_id = ${opts.locationId}::uuid` : sql``}), 0)::int as available
        from best b join variants v on v.id = b.id join products p on p.id = v.product_id
       order by b.rank, lower(v.sku)
       limit ${limit}`),
  );
  return rows.map(({ rank: _r, ...r }) => r) satisfies SkuMatch[];
}
