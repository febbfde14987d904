import { customerList } from './customers';
import { lowStockList, movementList, stockList } from './inventory';
import { staffList } from './staff';
import { failingUsersList } from './support';

/**
 * Every list with saved views, by the key views are stored under. A list's roles are its page's (the
 * navigation entry of its path), so whoever may open the list may save and open its views.
 */
export const LISTS = {
  'inventory.stock': stockList,
  'inventory.low-stock': lowStockList,
  'inventory.movements': movementList,
  staff: staffList,
  customers: customerList,
  'support.failing-users': failingUsersList,
} as const;

export type ListKey = keyof typeof LISTS;
export const LIST_KEYS = Object.keys(LISTS) as [ListKey, ...ListKey[]];
