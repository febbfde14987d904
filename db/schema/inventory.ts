import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { MOVEMENT_KINDS, PO_STATUSES, RESERVATION_STATUSES, TRANSFER_STATUSES } from '../../lib/inventory/constants';
import { apiKeys } from './api-keys';
import { users } from './auth';
import { suppliers, variants } from './catalog';

export const movementKind = pgEnum('movement_kind', MOVEMENT_KINDS);
export const reservationStatus = pgEnum('reservation_status', RESERVATION_STATUSES);
export const transferStatus = pgEnum('transfer_status', TRANSFER_STATUSES);
export const poStatus = pgEnum('po_status', PO_STATUSES);

/** A warehouse or store holding stock. */
export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('locations_code_lower_key').on(sql`lower(${t.code})`)],
);

/**
 * Stock of one SKU at one location. on_hand and reserved change only together with a movement row (same
 * transaction), through one conditional UPDATE; the CHECKs are the backstop against any path that forgets.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'restrict' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    reorderQuantity: integer('reorder_quantity').notNull().default(0),
    /**
     * The rest of the reordering rule (reorder_point is its minimum, reorder_quantity its minimum order): order up
     * to this level (0: just above the minimum), in multiples of the pack size, from this supplier (null: the
     * product's), covering sales over the supplier's lead time plus these safety days. lib/inventory/replenishment.ts.
     */
    reorderMax: integer('reorder_max').notNull().default(0),
    reorderMultiple: integer('reorder_multiple').notNull().default(1),
    preferredSupplierId: uuid('preferred_supplier_id').references(() => suppliers.id, { onDelete: 'set null' }),
    safetyDays: integer('safety_days').notNull().default(0),
    /** Bumped by settings edits (reorder point/quantity) only: stock changes are guarded by the conditional update. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stock_levels_variant_location_key').on(t.variantId, t.locationId),
    index('stock_levels_location_idx').on(t.locationId, t.variantId),
    // Low-stock list: the few rows at or below their reorder point.
    // Sorting the stock lists by on hand / available (keyset on (value, id)).
    index('stock_levels_on_hand_sort_idx').on(t.onHand, t.id),
    index('stock_levels_available_sort_idx').on(sql`(${t.onHand} - ${t.reserved})`, t.id),
    index('stock_levels_low_idx')
      .on(t.locationId)
      .where(sql`${t.onHand} - ${t.reserved} <= ${t.reorderPoint} and ${t.reorderPoint} > 0`),
    // Low only, sorted by on hand / available: the few low rows in sort order (the full sort indexes, walked from the
    // high end, would filter most of the table before finding them).
    index('stock_levels_low_on_hand_idx')
      .on(t.onHand, t.id)
      .where(sql`${t.onHand} - ${t.reserved} <= ${t.reorderPoint} and ${t.reorderPoint} > 0`),
    index('stock_levels_low_available_idx')
      .on(sql`(${t.onHand} - ${t.reserved})`, t.id)
      .where(sql`${t.onHand} - ${t.reserved} <= ${t.reorderPoint} and ${t.reorderPoint} > 0`),
    check('stock_levels_on_hand_nonneg', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_nonneg', sql`${t.reserved} >= 0`),
    check('stock_levels_reserved_le_on_hand', sql`${t.reserved} <= ${t.onHand}`),
    check('stock_levels_reorder_nonneg', sql`${t.reorderPoint} >= 0 and ${t.reorderQuantity} >= 0`),
    check(
      'stock_levels_reorder_rule',
      sql`${t.reorderMax} >= 0 and ${t.reorderMultiple} >= 1 and ${t.safetyDays} >= 0 and ${t.safetyDays} <= 365`,
    ),
  ],
);

/** The immutable ledger: every level equals the sum of its movements' deltas. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    levelId: bigint('level_id', { mode: 'number' })
      .notNull()
      .references(() => stockLevels.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id').notNull(),
    kind: movementKind('kind').notNull(),
    onHandDelta: integer('on_hand_delta').notNull().default(0),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    reason: text('reason').notNull().default(''),
    /** What caused it: "PO-12", "transfer <id>", "reservation <id>", "undo of #42". */
    reference: text('reference').notNull().default(''),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull(),
    /** Set on an undo: the adjustment it compensates. Unique, so an adjustment is undone at most once. */
    undoesId: bigint('undoes_id', { mode: 'number' }),
    /** Cents per unit this movement was valued at: a receipt's purchase cost, otherwise the SKU's average then. */
    unitCost: numeric('unit_cost', { precision: 16, scale: 4, mode: 'number' }),
    /** The SKU's moving-average cost after this movement, so value as of any point is read from the ledger. */
    avgCost: numeric('avg_cost', { precision: 16, scale: 4, mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_level_idx').on(t.levelId, t.id),
    index('stock_movements_variant_idx').on(t.variantId, t.id.desc()),
    index('stock_movements_location_idx').on(t.locationId, t.id.desc()),
    // Sales velocity: a level's fulfilments over the last 7/30/90 days (db/queries/inventory-replenishment.ts).
    index('stock_movements_fulfilment_idx').on(t.levelId, t.createdAt).where(sql`${t.kind} = 'fulfilment'`),
    uniqueIndex('stock_movements_undoes_key').on(t.undoesId),
    // Valuation as of a date: each SKU's last receipt (its average then) up to the date.
    index('stock_movements_receipt_cost_idx')
      .on(t.variantId, t.id.desc())
      .where(sql`${t.kind} = 'receipt' and ${t.avgCost} is not null`),
  ],
);

/** A storefront's hold on stock. The idempotency key makes retries (even concurrent ones) reserve once. */
export const reservations = pgTable(
  'reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull(),
    levelId: bigint('level_id', { mode: 'number' }).references(() => stockLevels.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    status: reservationStatus('status').notNull().default('active'),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reservations_idempotency_key').on(t.idempotencyKey),
    index('reservations_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'active'`),
    check('reservations_quantity_pos', sql`${t.quantity} > 0`),
  ],
);

/** Stock moving between two locations: shipped (out) at once, received (in) later; in transit meanwhile. */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigint('number', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    fromLocationId: uuid('from_location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'restrict' }),
    toLocationId: uuid('to_location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'restrict' }),
    status: transferStatus('status').notNull().default('in_transit'),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
  },
  (t) => [
    index('transfers_created_idx').on(t.createdAt.desc()),
    // The transfer list sorts and pages by number.
    uniqueIndex('transfers_number_key').on(t.number),
    index('transfers_to_idx').on(t.toLocationId).where(sql`${t.status} = 'in_transit'`),
    check('transfers_distinct_locations', sql`${t.fromLocationId} <> ${t.toLocationId}`),
  ],
);

export const transferLines = pgTable(
  'transfer_lines',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    transferId: uuid('transfer_id')
      .notNull()
      .references(() => transfers.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    index('transfer_lines_transfer_idx').on(t.transferId),
    index('transfer_lines_variant_idx').on(t.variantId),
    check('transfer_lines_quantity_pos', sql`${t.quantity} > 0`),
  ],
);

/** Restock from a supplier into one location. */
export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigint('number', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => suppliers.id, { onDelete: 'restrict' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'restrict' }),
    status: poStatus('status').notNull().default('draft'),
    expectedAt: date('expected_at'),
    /** Set when the unreceived rest was cancelled ("closed short"): the order is then `received`, nothing incoming. */
    closedShortAt: timestamp('closed_short_at', { withTimezone: true }),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The purchase-order list sorts and pages by number.
    uniqueIndex('purchase_orders_number_key').on(t.number),
    index('purchase_orders_status_idx').on(t.status, t.createdAt.desc()),
    index('purchase_orders_supplier_idx').on(t.supplierId),
    index('purchase_orders_location_idx').on(t.locationId),
  ],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'restrict' }),
    quantityOrdered: integer('quantity_ordered').notNull(),
    quantityReceived: integer('quantity_received').notNull().default(0),
    /** Purchase cost of one unit in cents; null: the SKU's average at receipt applies. */
    unitCost: integer('unit_cost'),
  },
  (t) => [
    index('purchase_order_lines_po_idx').on(t.purchaseOrderId),
    index('purchase_order_lines_variant_idx').on(t.variantId),
    uniqueIndex('purchase_order_lines_po_variant_key').on(t.purchaseOrderId, t.variantId),
    check(
      'purchase_order_lines_quantities',
      sql`${t.quantityOrdered} > 0 and ${t.quantityReceived} >= 0 and ${t.quantityReceived} <= ${t.quantityOrdered}`,
    ),
    check('purchase_order_lines_unit_cost_nonneg', sql`${t.unitCost} >= 0`),
  ],
);

export type Location = typeof locations.$inferSelect;
export type StockLevel = typeof stockLevels.$inferSelect;
export type StockMovement = typeof stockMovements.$inferSelect;
export type Reservation = typeof reservations.$inferSelect;
export type Transfer = typeof transfers.$inferSelect;
export type PurchaseOrder = typeof purchaseOrders.$inferSelect;
