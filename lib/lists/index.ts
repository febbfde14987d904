import type { AnyList } from '../url-state';
import { apiKeyList } from './api-keys';
import { auditList } from './audit';
import { catalogList, categoryList, supplierList } from './catalog';
import { customerList } from './customers';
import { locationList, lowStockList, movementList, purchaseOrderList, stockList, transferList } from './inventory';
import { staffList } from './staff';
import { responseList, surveyList } from './surveys';
import { failingUsersList, timelineList } from './support';

/**
 * Every list with saved views, by the key views are stored under. Each list names its page's capability, so
 * whoever may open the list may save and open its views and export it.
 */
export const LISTS = {
  catalog: catalogList,
  'catalog.suppliers': supplierList,
  'catalog.categories': categoryList,
  'inventory.locations': locationList,
  'api-keys': apiKeyList,
  audit: auditList,
  'inventory.stock': stockList,
  'inventory.low-stock': lowStockList,
  'inventory.movements': movementList,
  'inventory.purchase-orders': purchaseOrderList,
  'inventory.transfers': transferList,
  staff: staffList,
  surveys: surveyList,
  'surveys.responses': responseList,
  customers: customerList,
  'support.failing-users': failingUsersList,
  'support.timeline': timelineList,
} as const;

export type ListKey = keyof typeof LISTS;
export const LIST_KEYS = Object.keys(LISTS) as [ListKey, ...ListKey[]];

/** A list by key, seen through what every list has (views and exports work on any list). */
export const listDef = (key: ListKey): AnyList => LISTS[key] as unknown as AnyList;
