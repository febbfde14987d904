import { DEFAULT_WINDOW_DAYS } from '../../inventory/replenishment';
import type { PurchaseOrderQuery } from '../../../db/queries/inventory-purchase-orders';
import type { MovementQuery, StockQuery, TransferQuery } from '../../../db/queries/inventory-read';
import type { LocationQuery } from '../../../db/queries/inventory-ops';
import type {
  locationList,
  lowStockList,
  movementList,
  purchaseOrderList,
  stockList,
  transferList,
} from '../../lists/inventory';

type StockState = ReturnType<typeof stockList.parse>;
type LowState = ReturnType<typeof lowStockList.parse>;
type MovementState = ReturnType<typeof movementList.parse>;

/** The stock list's query from its URL state: the page and the CSV export run exactly this. */
export function stockQueryOf(state: StockState): StockQuery {
  const f = state.filters;
  const p = state.paging;
  return {
    q: f.q,
    locationId: f.location,
    low: f.low === true,
    sort: state.sort,
    page: p.page,
    after: p.after,
    before: p.before,
  };
}

export function lowStockQueryOf(state: LowState) {
  const p = state.paging;
  return {
    locationId: state.filters.location,
    sort: state.sort,
    page: p.page,
    after: p.after,
    before: p.before,
    windowDays: Number(state.filters.window ?? DEFAULT_WINDOW_DAYS),
  };
}

/** The ledger's query (without the SKU, which the caller resolves to a variant id first). */
export function movementQueryOf(state: MovementState): Omit<MovementQuery, 'variantId'> {
  const f = state.filters;
  return { locationId: f.location, kind: f.kind, dir: state.sort.dir, before: state.paging.before };
}

export function purchaseOrderQueryOf(state: ReturnType<typeof purchaseOrderList.parse>): PurchaseOrderQuery {
  return {
    status: state.filters.status,
    locationId: state.filters.location,
    dir: state.sort.dir,
    before: state.paging.before,
  };
}

export function transferQueryOf(state: ReturnType<typeof transferList.parse>): TransferQuery {
  return {
    status: state.filters.status,
    locationId: state.filters.location,
    dir: state.sort.dir,
    before: state.paging.before,
  };
}

export function locationQueryOf(state: ReturnType<typeof locationList.parse>): LocationQuery {
  return { status: state.filters.status, sort: state.sort };
}
