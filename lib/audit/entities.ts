/**
 * Every entity type the audit log records, with its label and where its record lives. One list: the audit
 * page's filter, the query's validation and the links in the trail all read it, so a new audited entity is
 * added here once.
 */
export const AUDIT_ENTITIES = {
  user: { label: 'Staff accounts', noun: 'staff account' },
  product: { label: 'Products', noun: 'product' },
  category: { label: 'Categories', noun: 'category' },
  supplier: { label: 'Suppliers', noun: 'supplier' },
  location: { label: 'Locations', noun: 'location' },
  stock_level: { label: 'Stock levels', noun: 'stock level' },
  transfer: { label: 'Transfers', noun: 'transfer' },
  purchase_order: { label: 'Purchase orders', noun: 'purchase order' },
  survey: { label: 'Surveys', noun: 'survey' },
  size_chart: { label: 'Size chart', noun: 'size chart' },
  api_key: { label: 'API keys', noun: 'API key' },
} as const;

export type AuditEntityType = keyof typeof AUDIT_ENTITIES;
export const AUDIT_ENTITY_TYPES = Object.keys(AUDIT_ENTITIES) as [AuditEntityType, ...AuditEntityType[]];

export function isAuditEntityType(value: string): value is AuditEntityType {
  return Object.hasOwn(AUDIT_ENTITIES, value);
}

/**
 * The page a trail entry links to. `ref` is a second key some entities need (a stock level's variant, a staff
 * account's email); `name` the subject's readable name from the query. Null when there is nothing to open.
 */
export function auditEntityHref(entityType: string, entityId: string, ref: string | null): string | null {
  const id = encodeURIComponent(entityId);
  switch (entityType) {
    case 'user':
      return ref ? `/staff?q=${encodeURIComponent(ref)}` : null;
    case 'product':
      return `/catalog/products/${id}`;
    case 'category':
      return '/catalog/categories';
    case 'supplier':
      return '/catalog/suppliers';
    case 'location':
      return '/inventory/locations';
    case 'stock_level':
      return ref ? `/inventory/skus/${encodeURIComponent(ref)}` : null;
    case 'transfer':
      return '/inventory/transfers';
    case 'purchase_order':
      return `/inventory/purchase-orders/${id}`;
    case 'survey':
      return `/surveys/${id}`;
    case 'size_chart':
      return '/surveys/size-chart';
    case 'api_key':
      return '/api-keys';
    default:
      return null;
  }
}

/** What to call a subject when its record is gone (deleted) or unknown: "purchase order 1a2b3c4d". */
export function fallbackSubject(entityType: string, entityId: string): string {
  const noun = isAuditEntityType(entityType) ? AUDIT_ENTITIES[entityType].noun : entityType.replaceAll('_', ' ');
  return `${noun} ${entityId.length > 12 ? entityId.slice(0, 8) : entityId}`;
}
