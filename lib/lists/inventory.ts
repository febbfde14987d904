import { VELOCITY_WINDOWS } from '../inventory/replenishment';
import { MOVEMENT_KINDS, PO_STATUSES, TRANSFER_STATUSES } from '../inventory/constants';
import { defineList, field } from '../url-state';

/**
 * The inventory lists' URL state, shared by each page, its CSV export route and its links. To add a filter, add a
 * field here and a condition in the list's query (db/queries/inventory-read.ts); to add a column, add its key
 * here and its cell in the page's columns.
 */
export const stockList = defineList({
  path: '/inventory',
  permission: 'inventory.manage',
  fields: {
    q: field.text(60),
    location: field.uuid(),
    low: field.flag(),
  },
  paging: { page: field.page(), after: field.id(), before: field.id() },
  // Each sort has an index: lower(sku) on variants; (on_hand, id) and ((on_hand - reserved), id) on stock_levels.
  sorts: ['sku', 'onHand', 'available'],
  defaultSort: { key: 'sku', dir: 'asc' },
  columns: ['sku', 'location', 'onHand', 'reserved', 'available', 'incoming', 'expected', 'reorderPoint'],
  defaultColumns: ['sku', 'location', 'onHand', 'reserved', 'available', 'incoming', 'expected', 'reorderPoint'],
  required: ['sku'],
});

export const lowStockList = defineList({
  path: '/inventory/low-stock',
  permission: 'inventory.manage',
  // `window`: days of sales the velocity and days of cover are measured over (30 when absent).
  fields: { location: field.uuid(), window: field.oneOf(VELOCITY_WINDOWS) },
  paging: { page: field.page(), after: field.id(), before: field.id() },
  // Days of cover ("cover") has no index: it sorts the low rows only (their partial index), paged by number.
  sorts: ['sku', 'onHand', 'available', 'cover'],
  defaultSort: { key: 'sku', dir: 'asc' },
  columns: ['sku', 'location', 'onHand', 'available', 'reorderPoint', 'velocity', 'cover', 'incoming', 'suggested'],
  defaultColumns: ['sku', 'location', 'available', 'reorderPoint', 'cover', 'incoming', 'suggested'],
  required: ['sku'],
});

export const movementList = defineList({
  path: '/inventory/movements',
  permission: 'inventory.manage',
  fields: {
    sku: field.text(100),
    location: field.uuid(),
    kind: field.oneOf(MOVEMENT_KINDS),
  },
  // Keyset cursor: the id the page continues from, in the sort's direction (`before`, as old links had it).
  paging: { before: field.id() },
  // The ledger's id is its time order (bigserial, written at created_at): "when" sorts by the primary key.
  sorts: ['when'],
  defaultSort: { key: 'when', dir: 'desc' },
  columns: ['when', 'kind', 'sku', 'location', 'onHand', 'reserved', 'reason', 'actor', 'undo'],
  required: ['when'],
});

export const purchaseOrderList = defineList({
  path: '/inventory/purchase-orders',
  permission: 'inventory.manage',
  fields: { status: field.oneOf(PO_STATUSES), location: field.uuid() },
  // Keyset cursor: the order number the page continues from, in the sort's direction.
  paging: { before: field.id() },
  // purchase_orders_number_key.
  sorts: ['number'],
  defaultSort: { key: 'number', dir: 'desc' },
  columns: ['number', 'status', 'supplier', 'location', 'received', 'expected'],
  required: ['number'],
});

export const transferList = defineList({
  path: '/inventory/transfers',
  permission: 'inventory.manage',
  fields: { status: field.oneOf(TRANSFER_STATUSES), location: field.uuid() },
  paging: { before: field.id() },
  // transfers_number_key.
  sorts: ['number'],
  defaultSort: { key: 'number', dir: 'desc' },
  columns: ['number', 'route', 'status', 'lines', 'units', 'by', 'actions'],
  required: ['number'],
});

/**
 * Locations: a handful of rows, read whole, sorted in SQL (code by locations_code_lower_key; name and status need
 * no index at this size). Status ascending is active first, as the page always listed them.
 */
export const locationList = defineList({
  path: '/inventory/locations',
  permission: 'inventory.manage',
  fields: { status: field.oneOf(['active', 'inactive']) },
  sorts: ['status', 'code', 'name'],
  defaultSort: { key: 'status', dir: 'asc' },
  columns: ['code', 'name', 'address', 'status', 'edit'],
  required: ['code'],
});
