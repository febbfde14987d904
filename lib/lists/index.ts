import type { AnyList } from '../url-state';
import { catalogList } from './catalog';
import { customerList } from './customers';
import { lowStockList, movementList, purchaseOrderList, stockList, transferList } from './inventory';
import { staffList } from './staff';
import { failingUsersList } from './support';

/**
 * Every list with saved views, by the key views are stored under. Each list names its page's capability, so
 * whoever may open the list may save and open its views and export it.
 */
export const LISTS = {
  catalog: catalogList,
  'inventory.stock': stockList,
  'inventory.low-stock': lowStockList,
  'inventory.movements': movementList,
  'inventory.purchase-orders': purchaseOrderList,
  'inventory.transfers': transferList,
  staff: staffList,
  customers: customerList,
  'support.failing-users': failingUsersList,
} as const;

export type ListKey = keyof typeof LISTS;
export const LIST_KEYS = Object.keys(LISTS) as [ListKey, ...ListKey[]];

/** A list by key, seen through what every list has (views and exports work on any list). */
export const listDef = (key: ListKey): AnyList => LISTS[key] as unknown as AnyList;
