import { CATALOG_WRITERS } from './catalog/constants';
import { INVENTORY_ROLES } from './inventory/constants';
import type { Role } from './roles';
import { SURVEY_ROLES } from './surveys/roles';

/**
 * One sidebar entry; `roles` is the same list the page itself checks on the server. A `hidden` entry is a
 * page reached from another one (e.g. "New product"): it has roles but no sidebar link.
 */
export type NavItem = { href: string; label: string; roles: readonly Role[]; icon: NavIcon; hidden?: boolean };
export type NavIcon = 'home' | 'users' | 'audit' | 'catalog' | 'category' | 'supplier' | 'upload' | 'support' | 'key' | 'chart' | 'inventory' | 'movements' | 'transfer' | 'order' | 'alert' | 'survey' | 'profile';

const EVERYONE = ['admin', 'merchandiser', 'support'] as const;

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home', roles: EVERYONE, icon: 'home' },
  // Support staff read the catalog (to answer customers); only admins and merchandisers change it.
  { href: '/catalog', label: 'Catalog', roles: EVERYONE, icon: 'catalog' },
  { href: '/catalog/categories', label: 'Categories', roles: EVERYONE, icon: 'category' },
  { href: '/catalog/suppliers', label: 'Suppliers', roles: EVERYONE, icon: 'supplier' },
  { href: '/catalog/import', label: 'CSV import', roles: CATALOG_WRITERS, icon: 'upload' },
  { href: '/catalog/products/new', label: 'New product', roles: CATALOG_WRITERS, icon: 'catalog', hidden: true },
  // Merchandisers keep the inventory (DOMAIN §2); support staff do not see it.
  { href: '/inventory', label: 'Inventory', roles: INVENTORY_ROLES, icon: 'inventory' },
  { href: '/inventory/movements', label: 'Movements', roles: INVENTORY_ROLES, icon: 'movements' },
  { href: '/inventory/transfers', label: 'Transfers', roles: INVENTORY_ROLES, icon: 'transfer' },
  { href: '/inventory/purchase-orders', label: 'Purchase orders', roles: INVENTORY_ROLES, icon: 'order' },
  { href: '/inventory/low-stock', label: 'Low stock', roles: INVENTORY_ROLES, icon: 'alert' },
  { href: '/inventory/count', label: 'Cycle count', roles: INVENTORY_ROLES, icon: 'inventory', hidden: true },
  // Merchandisers run the preference surveys (what customers want informs what to stock); admins see everything.
  { href: '/surveys', label: 'Surveys', roles: SURVEY_ROLES, icon: 'survey' },
  { href: '/customers', label: 'Customer profiles', roles: SURVEY_ROLES, icon: 'profile' },
  { href: '/surveys/demand', label: 'Size demand', roles: SURVEY_ROLES, icon: 'chart' },
  { href: '/support', label: 'Failing users', roles: ['admin', 'support'], icon: 'support' },
  // Admins watch the dashboards; support staff may view them (they drill from an error into failing users).
  { href: '/dashboards', label: 'Dashboards', roles: ['admin', 'support'], icon: 'chart' },
  { href: '/staff', label: 'Staff', roles: ['admin'], icon: 'users' },
  { href: '/api-keys', label: 'API keys', roles: ['admin'], icon: 'key' },
  { href: '/audit', label: 'Audit log', roles: ['admin'], icon: 'audit' },
];

/** The navigation a role sees, in sidebar order. */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.hidden && item.roles.includes(role));
}
