import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows } from '../codec';
import { InvalidInput, NotFound, OutOfStock, type DomainError } from '../../lib/errors';
import type { MovementKind } from '../../lib/inventory/constants';
import { deltaOf } from '../../lib/inventory/rules';
import { movingAverage } from '../../lib/inventory/valuation';
import type { Actor } from './audit';

export type MovementInput = {
  variantId: string;
  locationId: string;
  kind: MovementKind;
  /** Positive, except for adjustments and corrections (signed); the deltas come from `deltaOf` (lib/inventory/rules). */
  quantity: number;
  reason?: string;
  reference?: string;
  undoesId?: number | null;
  /**
   * Receipts only, from `receiveAtAverage` (under its locks): the purchase cost and the average after. Other
   * movements are valued at the SKU's average, read after their level row is locked.
   */
  cost?: { unitCost: number | null; avgCost: number | null };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid[] parameter as one array literal (drizzle would spread a JS array into a list of parameters). */
export function uuidArray(ids: readonly string[]) {
  for (const id of ids) if (!UUID.test(id)) throw new InvalidInput('Not a valid id.');
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * The `stock.level_changed` event body, as SQL over a level row alias `lvl` (id, on_hand, reserved) inside
 * the statement that changed it: the outbox row is written by the same statement, in the same transaction.
 */
export function levelChangedPayload(lvl: SQL, variantId: string, locationId: string, cause: SQL): SQL {
  return sql`jsonb_build_object(
      'sku', (select sku from variants where id = ${variantId}::uuid),
      'location', (select code from locations where id = ${locationId}::uuid),
      'onHand', ${lvl}.on_hand, 'reserved', ${lvl}.reserved, 'available', ${lvl}.on_hand - ${lvl}.reserved, 'cause', ${cause})`;
}

export type Applied = { levelId: number; onHand: number; reserved: number; movementId: number };

/**
 * Creates the (variant, location) level rows that do not exist yet, in a fixed order. Existing rows are
 * filtered out first: ON CONFLICT alone would wait on a concurrent updater of the existing row (its new
 * index entry is in progress) and could deadlock with it.
 *
 * A missing row's variant is locked first (NO KEY UPDATE, as `lockVariantLevels` takes it for a receipt): a
 * receipt blends with the stock of every level of its SKU, and one created meanwhile would be outside its
 * level locks (docs/adr/0017). Products, then variants, then levels, as everywhere: callers create their
 * levels before locking any. With every row present (the usual case) no lock is taken, so a hot SKU's
 * movements do not queue on its variant row.
 */
export async function ensureLevels(tx: Db, pairs: readonly { variantId: string; locationId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  const sorted = [...pairs].sort((a, b) => (a.variantId + a.locationId).localeCompare(b.variantId + b.locationId));
  const missing = rowsOf<{ v: string; l: string }>(
    await tx.execute(sql`
      select v, l from unnest(${uuidArray(sorted.map((p) => p.variantId))}, ${uuidArray(sorted.map((p) => p.locationId))}) as t(v, l)
       where not exists (select 1 from stock_levels s where s.variant_id = t.v and s.location_id = t.l)`),
  );
  if (missing.length === 0) return;
  await lockVariants(
    tx,
    missing.map((m) => m.v),
  );
  // A new statement (READ COMMITTED): a row another transaction created while this one waited is filtered out.
  await tx.execute(sql`
    insert into stock_levels (variant_id, location_id)
    select v, l from unnest(${uuidArray(missing.map((m) => m.v))}, ${uuidArray(missing.map((m) => m.l))}) as t(v, l)
     where not exists (select 1 from stock_levels s where s.variant_id = t.v and s.location_id = t.l)
    order by v, l
    on conflict (variant_id, location_id) do nothing`);
}

/**
 * Locks the level rows of a multi-line operation in one fixed order (by id), so two operations touching the
 * same SKUs in different orders wait for each other instead of deadlocking. Returns the rows as locked.
 */
export async function lockLevels(tx: Db, pairs: readonly { variantId: string; locationId: string }[]) {
  if (pairs.length === 0) return [];
  return rowsOf<{ id: number; variant_id: string; location_id: string; on_hand: number; reserved: number }>(
    await tx.execute(sql`
      select id::int as id, variant_id, location_id, on_hand, reserved from stock_levels
      where (variant_id, location_id) in (select * from unnest(${uuidArray(pairs.map((p) => p.variantId))}, ${uuidArray(pairs.map((p) => p.locationId))}))
      order by id
      for update`),
  );
}

/**
 * Applies one movement: ONE statement that changes the level only if the result keeps reserved >= 0 and
 * available (on hand − reserved) >= 0, and appends the movement row from the updated level. Never a
 * read-then-write: concurrent callers serialise on the row and each re-checks the condition on the latest
 * value. Refused → OutOfStock with what is available now. Positive on-hand deltas create the level if needed.
 */
export async function applyMovement(tx: Db, actor: Actor, m: MovementInput): Promise<Applied> {
  if (!Number.isInteger(m.quantity)) throw new InvalidInput('Quantities must be whole numbers.');
  const d = deltaOf(m.kind, m.quantity);
  if (d.onHand > 0) await ensureLevels(tx, [m]);
  // A stock change is valued at the average a concurrent receipt may be changing: lock the row first (a receipt
  // holds every level row of its SKU), so the statement below, with its own snapshot, reads the committed average.
  if (d.onHand !== 0 && !m.cost)
    await tx.execute(
      sql`select 1 from stock_levels where variant_id = ${m.variantId}::uuid and location_id = ${m.locationId}::uuid for update`,
    );
  const unitCost = m.cost
    ? sql`${m.cost.unitCost}::numeric`
    : d.onHand !== 0
      ? sql`(select avg_cost from variants where id = ${m.variantId}::uuid)`
      : sql`null::numeric`;
  const avgCost = m.cost ? sql`${m.cost.avgCost}::numeric` : unitCost;
  const rows = decodeRows(
    { level_id: col.number, on_hand: col.number, reserved: col.number, movement_id: col.number },
    await tx.execute(sql`
      with lvl as (
        update stock_levels
           set on_hand = on_hand + ${d.onHand}::int, reserved = reserved + ${d.reserved}::int, updated_at = now()
         where variant_id = ${m.variantId}::uuid and location_id = ${m.locationId}::uuid
           and reserved + ${d.reserved}::int >= 0
           and on_hand + ${d.onHand}::int >= reserved + ${d.reserved}::int
        returning id, on_hand, reserved
      ), mv as (
        insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_id, actor_label, undoes_id, unit_cost, avg_cost)
        select id, ${m.variantId}::uuid, ${m.locationId}::uuid, ${m.kind}::movement_kind, ${d.onHand}::int, ${d.reserved}::int,
               ${m.reason ?? ''}::text, ${m.reference ?? ''}::text, ${actor.id}::uuid, ${actor.label}::text, ${m.undoesId ?? null}::bigint,
               ${unitCost}, ${avgCost}
          from lvl
        returning id
      ), ev as (
        insert into outbox_events (type, entity_key, payload)
        select 'stock.level_changed', 'stock_level:' || lvl.id, ${levelChangedPayload(sql`lvl`, m.variantId, m.locationId, sql`${m.kind}::text`)}
          from lvl
      )
      select lvl.id::int as level_id, lvl.on_hand, lvl.reserved, mv.id::int as movement_id from lvl, mv`),
  );
  const row = rows[0];
  if (!row) throw await outOfStock(tx, m.variantId, m.locationId);
  return {
    levelId: row.level_id,
    onHand: row.on_hand,
    reserved: row.reserved,
    movementId: row.movement_id,
  };
}

/**
 * Locks every level row of these SKUs, at every location, in id order: a receipt's average blends with the SKU's
 * whole on-hand, so no other stock change of the SKU may be in flight while it is computed. Same id order as
 * `lockLevels` (a superset of its rows), so the two cannot deadlock.
 */
export async function lockVariantLevels(tx: Db, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  // The variants first, then their levels: the bulk editor and the catalog lock products, then variants, then
  // levels, so taking them in that order here never closes a cycle with them.
  await lockVariants(tx, variantIds);
  await tx.execute(
    sql`select id from stock_levels where variant_id = any(${uuidArray([...new Set(variantIds)])}) order by id for update`,
  );
}

/**
 * Locks variant rows in id order. NO KEY UPDATE (not UPDATE): a reservation's foreign key takes KEY SHARE on the
 * variant and must not wait for a receipt. Locks already held are taken again at no cost.
 */
export async function lockVariants(tx: Db, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.execute(
    sql`select id from variants where id = any(${uuidArray([...new Set(variantIds)])}) order by id for no key update`,
  );
}

/**
 * The receipt's cost and the SKU's new moving average (lib/inventory/valuation), stored on the variant. Call with
 * the SKU's levels locked (`lockVariantLevels`) and before the receipt movement, in the same transaction. A line
 * without a cost uses the SKU's unit cost; with neither, the average stays as it is.
 */
export async function receiveAtAverage(
  tx: Db,
  variantId: string,
  quantity: number,
  lineCost: number | null,
): Promise<{ unitCost: number | null; avgCost: number | null }> {
  const [row] = rowsOf<{ on_hand: number; avg_cost: string | null; unit_cost: number | null }>(
    await tx.execute(sql`
      select coalesce((select sum(on_hand) from stock_levels where variant_id = v.id), 0)::int as on_hand, v.avg_cost, v.unit_cost
        from variants v where v.id = ${variantId}::uuid`),
  );
  if (!row) throw new NotFound('That SKU');
  const before = row.avg_cost === null ? null : Number(row.avg_cost);
  const unitCost = lineCost ?? row.unit_cost;
  const avgCost = movingAverage({ onHand: row.on_hand, average: before }, { quantity, unitCost });
  if (avgCost !== before)
    await tx.execute(sql`update variants set avg_cost = ${avgCost}::numeric where id = ${variantId}::uuid`);
  return { unitCost, avgCost };
}

/** The refusal, with what is available now and where (for the message only; nothing is decided on it). */
export async function outOfStock(tx: Db, variantId: string, locationId: string): Promise<DomainError> {
  const [row] = rowsOf<{ name: string | null; sku: string | null; available: number | null }>(
    await tx.execute(sql`
      select (select name from locations where id = ${locationId}::uuid) as name,
             (select sku from variants where id = ${variantId}::uuid) as sku,
             (select on_hand - reserved from stock_levels where variant_id = ${variantId}::uuid and location_id = ${locationId}::uuid) as available`),
  );
  if (!row?.name) return new NotFound('That location');
  if (!row.sku) return new NotFound('That SKU');
  return new OutOfStock(Math.max(0, row.available ?? 0), row.name, row.sku);
}
