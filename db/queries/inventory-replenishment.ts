import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { InvalidInput } from '../../lib/errors';
import {
  DEFAULT_WINDOW_DAYS,
  expectedDate,
  orderQuantity,
  planDrafts,
  velocity,
} from '../../lib/inventory/replenishment';
import { writeAudit, type Actor } from './audit';
import { uuidArray } from './inventory-stock';
import { soldSql } from './inventory-read';

export type DraftRequest = {
  /** One location, or every active one. */
  locationId?: string;
  /** Only these levels (the rows selected on the low-stock list); every low level when omitted. */
  levelIds?: number[];
  /** Velocity window (days) for velocity-based quantities. */
  windowDays?: number;
  /** YYYY-MM-DD the expected dates count from (default: today, UTC). */
  today?: string;
};

export type DraftResult = {
  orders: {
    id: string;
    number: number;
    supplierId: string;
    locationId: string;
    lines: number;
    units: number;
    created: boolean;
  }[];
  /** Low levels whose SKU has no supplier (nobody to order from). */
  noSupplier: number;
  /** Low levels already covered by what is on order or in transit. */
  covered: number;
};

type Candidate = {
  level_id: number;
  variant_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  reorder_point: number;
  reorder_quantity: number;
  reorder_max: number;
  reorder_multiple: number;
  safety_days: number;
  supplier_id: string | null;
  lead_time_days: number;
  on_order: number;
  sold: number;
};

/**
 * Already on order for a level `s`, drafts included (what a drafting run must not order again), plus transfers
 * in transit to it. Two indexed sums per level (purchase_order_lines_variant_idx, transfer_lines_variant_idx).
 */
const onOrderSql = sql`(coalesce((select sum(l.quantity_ordered - l.quantity_received) from purchase_order_lines l
      join purchase_orders po on po.id = l.purchase_order_id
     where l.variant_id = s.variant_id and po.location_id = s.location_id and po.status in ('draft', 'ordered', 'partially_received')), 0)
  + coalesce((select sum(tl.quantity) from transfer_lines tl join transfers t on t.id = tl.transfer_id
     where tl.variant_id = s.variant_id and t.to_location_id = s.location_id and t.status = 'in_transit'), 0))::int`;

const intArray = (ids: readonly number[]) => {
  for (const id of ids) if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidInput('Not a valid row.');
  return sql`${`{${ids.join(',')}}`}::bigint[]`;
};

/** The drafting run's candidates: low levels at active locations with their rule, supplier, on-order and sales. */
export function draftCandidatesSql(req: DraftRequest): SQL {
  const where: SQL[] = [sql`s.reorder_point > 0 and s.on_hand - s.reserved <= s.reorder_point`];
  if (req.locationId) where.push(sql`s.location_id = ${req.locationId}::uuid`);
  if (req.levelIds) where.push(sql`s.id = any(${intArray(req.levelIds)})`);
  return sql`
    select s.id::int as level_id, s.variant_id, s.location_id, s.on_hand, s.reserved, s.reorder_point, s.reorder_quantity,
           s.reorder_max, s.reorder_multiple, s.safety_days, sp.id as supplier_id, coalesce(sp.lead_time_days, 0) as lead_time_days,
           ${onOrderSql} as on_order, ${soldSql(req.windowDays ?? DEFAULT_WINDOW_DAYS)} as sold
      from stock_levels s
      join locations loc on loc.id = s.location_id and loc.active
      join variants v on v.id = s.variant_id
      join products p on p.id = v.product_id
      left join suppliers sp on sp.id = coalesce(s.preferred_supplier_id, p.supplier_id)
     where ${sql.join(where, sql` and `)}
     order by s.id`;
}

/**
 * Drafts purchase orders for low stock: one draft per supplier and location (added to that pair's open draft when
 * there is one), quantities from each level's reordering rule counting what is already on order, drafts included,
 * so running it again orders nothing twice. Concurrent runs serialise on one advisory lock per location (taken in
 * a fixed order before anything is read): the second run reads the first one's committed drafts as on order.
 */
export async function draftPurchaseOrders(db: Db, actor: Actor, req: DraftRequest = {}): Promise<DraftResult> {
  if (req.levelIds && req.levelIds.length === 0) throw new InvalidInput('Select at least one row.');
  const windowDays = req.windowDays ?? DEFAULT_WINDOW_DAYS;
  const today = req.today ?? new Date().toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      select pg_advisory_xact_lock(hashtext('bobbin.replenish:' || id::text))
        from (select id from locations where active ${req.locationId ? sql`and id = ${req.locationId}::uuid` : sql``} order by id) l`);
    const rows = rowsOf<Candidate>(await tx.execute(draftCandidatesSql(req)));
    const withQty = rows.map((r) => ({
      levelId: Number(r.level_id),
      variantId: r.variant_id,
      locationId: r.location_id,
      supplierId: r.supplier_id,
      leadTimeDays: r.lead_time_days,
      quantity: orderQuantity({
        rule: {
          reorderPoint: r.reorder_point,
          reorderQuantity: r.reorder_quantity,
          reorderMax: r.reorder_max,
          reorderMultiple: r.reorder_multiple,
          safetyDays: r.safety_days,
        },
        onHand: r.on_hand,
        reserved: r.reserved,
        incoming: r.on_order,
        velocityPerDay: velocity(r.sold, windowDays),
        leadTimeDays: r.lead_time_days,
      }),
    }));
    const covered = withQty.filter((c) => c.quantity === 0).length;
    const { groups, noSupplier } = planDrafts(withQty);
    const leadOf = new Map(withQty.map((c) => [c.supplierId, c.leadTimeDays]));
    const orders: DraftResult['orders'] = [];
    for (const g of groups) {
      const [existing] = rowsOf<{ id: string; number: number }>(
        await tx.execute(sql`
          select id, number::int as number from purchase_orders
           where status = 'draft' and supplier_id = ${g.supplierId}::uuid and location_id = ${g.locationId}::uuid
           order by number limit 1 for update`),
      );
      const po =
        existing ??
        rowsOf<{ id: string; number: number }>(
          await tx.execute(sql`
            insert into purchase_orders (supplier_id, location_id, status, expected_at, note)
            values (${g.supplierId}::uuid, ${g.locationId}::uuid, 'draft', ${expectedDate(today, leadOf.get(g.supplierId) ?? 0)}::date,
                    'Drafted from low stock')
            returning id, number::int as number`),
        )[0]!;
      // A drafted line carries the SKU's unit cost now, as a hand-made order's line does (createPurchaseOrder):
      // the cost a receipt is valued at is the line's, never a later edit of the SKU's.
      await tx.execute(sql`
        insert into purchase_order_lines (purchase_order_id, variant_id, quantity_ordered, unit_cost)
        select ${po.id}::uuid, t.v, t.q, v.unit_cost
          from unnest(${uuidArray(g.lines.map((l) => l.variantId))}, ${sql`${`{${g.lines.map((l) => l.quantity).join(',')}}`}::int[]`}) as t(v, q)
          join variants v on v.id = t.v
        on conflict (purchase_order_id, variant_id)
          do update set quantity_ordered = purchase_order_lines.quantity_ordered + excluded.quantity_ordered`);
      if (existing)
        await tx.execute(
          sql`update purchase_orders set version = version + 1, updated_at = now() where id = ${po.id}::uuid`,
        );
      const units = g.lines.reduce((s, l) => s + l.quantity, 0);
      await writeAudit(tx, actor, {
        entityType: 'purchase_order',
        entityId: po.id,
        action: existing ? 'draft_added' : 'create',
        before: null,
        after: { number: po.number, status: 'draft', drafted: 'low stock', lines: g.lines.length, units },
      });
      orders.push({
        id: po.id,
        number: po.number,
        supplierId: g.supplierId,
        locationId: g.locationId,
        lines: g.lines.length,
        units,
        created: !existing,
      });
    }
    return { orders, noSupplier: noSupplier.length, covered };
  });
}
