import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows, type Decoded } from '../codec';
import { MOVEMENT_KINDS, type MovementKind, type TransferStatus } from '../../lib/inventory/constants';
import { daysOfCover, DEFAULT_WINDOW_DAYS, orderQuantity, velocity } from '../../lib/inventory/replenishment';

/** Stock expected at a level: open purchase-order lines plus transfers in transit to it. */
const incomingSql = sql`(
  coalesce((select sum(l.quantity_ordered - l.quantity_received) from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
             where l.variant_id = s.variant_id and po.location_id = s.location_id and po.status in ('ordered', 'partially_received')), 0)
  + coalesce((select sum(tl.quantity) from transfer_lines tl join transfers t on t.id = tl.transfer_id
             where tl.variant_id = s.variant_id and t.to_location_id = s.location_id and t.status = 'in_transit'), 0))::int`;

/**
 * Units a level `s` sold (fulfilled) over the last `days` days: a range of the partial index
 * stock_movements_fulfilment_idx (level_id, created_at) where kind = 'fulfilment'.
 */
export const soldSql = (days: number) => sql`(select coalesce(-sum(m.on_hand_delta), 0)::int from stock_movements m
   where m.level_id = s.id and m.kind = 'fulfilment' and m.created_at >= now() - make_interval(days => ${days}::int))`;

/** The lead time of the supplier a level `s` is ordered from: its rule's preferred supplier, else its product's. */
const leadTimeSql = sql`coalesce((select sp.lead_time_days from suppliers sp
   where sp.id = coalesce(s.preferred_supplier_id, (select pr.supplier_id from variants vv join products pr on pr.id = vv.product_id where vv.id = s.variant_id))), 0)`;

/**
 * The next incoming for a level `s`: the open purchase order with a line still expected (earliest expected date
 * first, undated last), else the oldest transfer in transit to it. As "po|<id>|<number>|<date>" (one column).
 */
const nextIncomingSql = sql`coalesce(
  (select 'po|' || po.id || '|' || po.number || '|' || coalesce(po.expected_at::text, '')
     from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
    where l.variant_id = s.variant_id and po.location_id = s.location_id and po.status in ('ordered', 'partially_received')
      and l.quantity_ordered > l.quantity_received
    order by po.expected_at asc nulls last, po.number limit 1),
  (select 'transfer|' || t.id || '|' || t.number || '|'
     from transfer_lines tl join transfers t on t.id = tl.transfer_id
    where tl.variant_id = s.variant_id and t.to_location_id = s.location_id and t.status = 'in_transit'
    order by t.number limit 1))`;

/** Where the next incoming stock of a level comes from, and when it is expected (purchase orders only). */
export type NextIncoming = { kind: 'po' | 'transfer'; id: string; number: number; expectedAt: string | null };

function parseNext(raw: string | null): NextIncoming | null {
  if (!raw) return null;
  const [kind, id, number, date] = raw.split('|');
  return { kind: kind === 'po' ? 'po' : 'transfer', id: id!, number: Number(number), expectedAt: date || null };
}

/** Units on draft purchase orders for a level `s`: not incoming yet, but a drafting run must not order them again. */
const draftedSql = sql`coalesce((select sum(l.quantity_ordered)::int from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
   where l.variant_id = s.variant_id and po.location_id = s.location_id and po.status = 'draft'), 0)`;

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
  /** On draft purchase orders (not yet ordered). */
  drafted: number;
  reorderPoint: number;
  reorderQuantity: number;
  reorderMax: number;
  reorderMultiple: number;
  safetyDays: number;
  preferredSupplierId: string | null;
  /** Lead time of the supplier it is ordered from (days). */
  leadTimeDays: number;
  /** Units fulfilled over the velocity window, the window (days), and per day. */
  sold: number;
  windowDays: number;
  velocity: number;
  /** Days the available stock lasts at that velocity (null: not selling). */
  cover: number | null;
  next: NextIncoming | null;
  version: number;
};

const RAW_STOCK = {
  id: col.number,
  variant_id: col.text,
  sku: col.text,
  product: col.text,
  location_id: col.text,
  location_code: col.text,
  location: col.text,
  location_active: col.boolean,
  on_hand: col.number,
  reserved: col.number,
  incoming: col.number,
  drafted: col.number,
  reorder_point: col.number,
  reorder_quantity: col.number,
  reorder_max: col.number,
  reorder_multiple: col.number,
  safety_days: col.number,
  preferred_supplier_id: col.nullable(col.text),
  lead_time_days: col.number,
  sold: col.number,
  next_incoming: col.nullable(col.text),
  version: col.number,
};
type RawStock = Decoded<typeof RAW_STOCK>;

const toStock = (r: RawStock, windowDays: number): StockRow => ({
  id: r.id,
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
  drafted: r.drafted,
  reorderPoint: r.reorder_point,
  reorderQuantity: r.reorder_quantity,
  reorderMax: r.reorder_max,
  reorderMultiple: r.reorder_multiple,
  safetyDays: r.safety_days,
  preferredSupplierId: r.preferred_supplier_id,
  leadTimeDays: r.lead_time_days,
  sold: r.sold,
  windowDays,
  velocity: velocity(r.sold, windowDays),
  cover: daysOfCover(r.on_hand - r.reserved, velocity(r.sold, windowDays)),
  next: parseNext(r.next_incoming),
  version: r.version,
});

export type StockSortKey = 'sku' | 'onHand' | 'available' | 'cover';

export type StockQuery = {
  locationId?: string;
  variantId?: string;
  q?: string;
  low?: boolean;
  /** Only levels at active locations (low stock: drafting skips inactive locations, so the list does too). */
  activeLocations?: boolean;
  /** Column and direction (default: SKU ascending). Every sort walks an index; see the schema's stock_levels. */
  sort?: { key: StockSortKey; dir: 'asc' | 'desc' };
  /** Page number: shown, and the offset only when no cursor is given (old links). */
  page?: number;
  pageSize?: number;
  /** Keyset cursors: the level id of the row the page starts after (Next) or ends before (Previous). */
  after?: number;
  before?: number;
  /** Days of sales the velocity and days of cover are measured over (default 30). */
  windowDays?: number;
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
export function stockPageSql(input: StockQuery = {}) {
  // Days of cover has no index (it depends on the window): only over the low rows (their partial index), offset-paged.
  const query: StockQuery =
    input.sort?.key === 'cover' ? { ...input, low: true, after: undefined, before: undefined } : input;
  const pageSize = Math.min(query.pageSize ?? 50, 1000);
  const page = Math.max(1, query.page ?? 1);
  const sortKey = query.sort?.key ?? 'sku';
  const windowDays = query.windowDays ?? DEFAULT_WINDOW_DAYS;
  const where: SQL[] = [sql`true`];
  if (query.locationId) where.push(sql`s.location_id = ${query.locationId}::uuid`);
  if (query.variantId) where.push(sql`s.variant_id = ${query.variantId}::uuid`);
  if (query.q) where.push(sql`lower(v.sku) like ${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  if (query.low) where.push(LOW_STOCK);
  if (query.activeLocations) where.push(sql`loc.active`);
  const cursor = query.after ?? query.before;
  const backwards = query.after === undefined && query.before !== undefined;
  // The direction the index is walked: the sort's, reversed when paging back.
  const desc = (query.sort?.dir === 'desc') !== backwards;
  const direction = desc ? sql`desc` : sql`asc`;
  const gt = desc ? sql`<` : sql`>`;
  let cursorCte = sql``;
  let sortA: SQL;
  let sortB: SQL;
  if (sortKey === 'cover') {
    // Not selling (no cover figure) last whichever the direction: "least cover first" is the useful order.
    sortA = sql`(select case when sold = 0 then ${desc ? sql`-1` : sql`'Infinity'::float8`} else (s.on_hand - s.reserved)::float8 * ${windowDays}::int / sold end from (select ${soldSql(windowDays)} as sold) x)`;
    sortB = sql`s.id`;
  } else if (sortKey === 'sku') {
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
             loc.active as location_active, s.on_hand, s.reserved, ${incomingSql} as incoming, ${draftedSql} as drafted, s.reorder_point, s.reorder_quantity,
             s.reorder_max, s.reorder_multiple, s.safety_days, s.preferred_supplier_id, ${leadTimeSql} as lead_time_days,
             ${soldSql(windowDays)} as sold, ${nextIncomingSql} as next_incoming, s.version
        from page
        join stock_levels s on s.id = page.id
        join variants v on v.id = s.variant_id
        join products p on p.id = v.product_id
        join locations loc on loc.id = s.location_id
       order by page.sort_a ${direction}, page.sort_b ${direction}`;
  return { text, page, pageSize, backwards, cursor, windowDays };
}

/**
 * Stock levels, by SKU then location, filtered in SQL (location, SKU prefix, low only) and paged. `next` and
 * `prev` are the cursors for the neighbouring pages (null when there is none).
 */
export async function listStock(db: Db, query: StockQuery = {}) {
  const { text, page, pageSize, backwards, cursor, windowDays } = stockPageSql(query);
  const fetched = decodeRows(RAW_STOCK, await db.execute(text));
  const more = fetched.length > pageSize;
  const rows = fetched.slice(0, pageSize).map((r) => toStock(r, windowDays));
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

/**
 * Low stock: at or below the reorder point, with incoming stock and a suggested order quantity. Active locations
 * only, as drafting (and the home's count) skip inactive ones: a row listed here is a row drafting can order.
 */
export async function listLowStock(
  db: Db,
  query: {
    locationId?: string;
    sort?: StockQuery['sort'];
    page?: number;
    after?: number;
    before?: number;
    pageSize?: number;
    windowDays?: number;
  } = {},
) {
  const { rows, ...paging } = await listStock(db, { pageSize: 100, ...query, low: true, activeLocations: true });
  return { rows: rows.map((r) => ({ ...r, suggested: suggestedOrder(r) })), ...paging };
}

/** The low-stock list's suggestion (what drafting would order now, drafts counted): the drafting rule (lib/inventory/replenishment) on this row's figures. */
export function suggestedOrder(r: StockRow): number {
  return orderQuantity({
    rule: r,
    onHand: r.onHand,
    reserved: r.reserved,
    incoming: r.incoming + r.drafted,
    velocityPerDay: r.velocity,
    leadTimeDays: r.leadTimeDays,
  });
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
  const rows = decodeRows(
    {
      id: col.number,
      created_at: col.instant,
      kind: col.oneOf<MovementKind>(...MOVEMENT_KINDS),
      sku: col.text,
      variant_id: col.text,
      location: col.text,
      on_hand_delta: col.number,
      reserved_delta: col.number,
      reason: col.text,
      reference: col.text,
      actor_label: col.text,
      undoes_id: col.nullable(col.number),
      undone_by: col.nullable(col.number),
    },
    await db.execute(movementPageSql(query)),
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    kind: r.kind,
    sku: r.sku,
    variantId: r.variant_id,
    location: r.location,
    onHandDelta: r.on_hand_delta,
    reservedDelta: r.reserved_delta,
    reason: r.reason,
    reference: r.reference,
    actor: r.actor_label,
    undoesId: r.undoes_id,
    undoneBy: r.undone_by,
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
