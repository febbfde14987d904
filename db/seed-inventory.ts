import { count, sql } from 'drizzle-orm';
import type { Db } from './client';
import { locations, suppliers, variants } from './schema';
import { SYSTEM_ACTOR } from './queries/audit';
import { createLocation } from './queries/inventory-ops';
import { createPurchaseOrder } from './queries/inventory-purchase-orders';

export const DEMO_LOCATIONS = [
  { code: 'BER', name: 'Berlin warehouse', address: 'Lagerstraße 12, 10115 Berlin' },
  { code: 'PAR', name: 'Paris store', address: '8 rue du Faubourg, 75010 Paris' },
  { code: 'WEB', name: 'Online DC', address: 'Logistikpark 3, 04435 Schkeuditz' },
];

/**
 * Demo stock: three locations, a level per demo SKU and location with an opening-stock receipt (set-based
 * SQL, so first start stays fast), reorder points that leave a few SKUs low, and two open purchase orders.
 */
export async function seedDemoInventory(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(locations);
  if ((row?.n ?? 0) > 0) return false;
  const created = [];
  for (const l of DEMO_LOCATIONS) created.push(await createLocation(db, SYSTEM_ACTOR, { ...l, active: true }));
  await db.transaction(async (tx) => {
    // Demo costs: 40% of the selling price, so the stock has a value from the start.
    await tx.execute(sql`
      update variants v set unit_cost = round(coalesce(v.price_override, p.base_price) * 0.4), avg_cost = round(coalesce(v.price_override, p.base_price) * 0.4)
        from products p where p.id = v.product_id and v.unit_cost is null`);
    // Deterministic pseudo-random quantities from the SKU and location code.
    await tx.execute(sql`
      insert into stock_levels (variant_id, location_id, on_hand, reorder_point, reorder_quantity)
      select v.id, l.id,
             case when l.code = 'PAR' then abs(hashtext(v.sku || l.code)) % 12 else abs(hashtext(v.sku || l.code)) % 60 end,
             case when l.code = 'PAR' then 3 else 10 end,
             case when l.code = 'PAR' then 6 else 30 end
        from variants v cross join locations l`);
    await tx.execute(sql`
      insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_label, unit_cost, avg_cost)
      select s.id, s.variant_id, s.location_id, 'receipt', s.on_hand, 0, '', 'opening stock', 'system', v.unit_cost, v.avg_cost
        from stock_levels s join variants v on v.id = s.variant_id where s.on_hand > 0 order by s.id`);
  });
  const [supplier] = await db.select({ id: suppliers.id }).from(suppliers).limit(1);
  const some = await db.select({ id: variants.id }).from(variants).orderBy(variants.sku).limit(6);
  if (supplier && some.length >= 6) {
    await createPurchaseOrder(db, SYSTEM_ACTOR, {
      supplierId: supplier.id,
      locationId: created[0]!.id,
      expectedAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      note: 'Spring restock',
      order: true,
      lines: some.slice(0, 3).map((v, i) => ({ variantId: v.id, quantity: 20 + i * 10 })),
    });
    await createPurchaseOrder(db, SYSTEM_ACTOR, {
      supplierId: supplier.id,
      locationId: created[1]!.id,
      expectedAt: null,
      note: 'Draft for the Paris store',
      lines: some.slice(3).map((v) => ({ variantId: v.id, quantity: 8 })),
    });
  }
  return true;
}
