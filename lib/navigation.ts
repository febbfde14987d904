import { CATALOG_WRITERS } from './catalog/constants';
import { INVENTORY_ROLES } from './inventory/constants';
import type { Role } from './roles';
import { SURVEY_ROLES } from './surveys/roles';

/**
 * One sidebar entry; `roles` is the same list the page itself checks on the server. A `hidden` entry is a
 * page reached from another one (e.g. "New product"): it has roles but no sidebar link.
 */
export type NavItem = { href: string; label: string; roles: readonly Role[]; icon: NavIcon; section: NavSection; hidden?: boolean };
/** Sidebar headings, in order; `null` is the ungrouped top (Home). */
export const NAV_SECTIONS = [null, 'Catalog', 'Inventory', 'Customers', 'Monitoring', 'Administration'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];
export type NavIcon = 'home' | 'users' | 'audit' | 'catalog' | 'category' | 'supplier' | 'upload' | 'support' | 'key' | 'chart' | 'inventory' | 'movements' | 'transfer' | 'order' | 'alert' | 'location' | 'survey' | 'profile';

const EVERYONE = ['admin', 'merchandiser', 'support'] as const;

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home', roles: EVERYONE, section: null, icon: 'home' },
  // Support staff read the catalog (to answer customers); only admins and merchandisers change it.
  { href: '/catalog', label: 'Catalog', roles: EVERYONE, section: 'Catalog', icon: 'catalog' },
  { href: '/catalog/categories', label: 'Categories', roles: EVERYONE, section: 'Catalog', icon: 'category' },
  { href: '/catalog/suppliers', label: 'Suppliers', roles: EVERYONE, section: 'Catalog', icon: 'supplier' },
  { href: '/catalog/import', label: 'CSV import', roles: CATALOG_WRITERS, section: 'Catalog', icon: 'upload' },
  { href: '/catalog/products/new', label: 'New product', roles: CATALOG_WRITERS, section: 'Catalog', icon: 'catalog', hidden: true },
  // Merchandisers keep the inventory (DOMAIN §2); support staff do not see it.
  { href: '/inventory', label: 'Inventory', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'inventory' },
  { href: '/inventory/movements', label: 'Movements', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'movements' },
  { href: '/inventory/transfers', label: 'Transfers', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'transfer' },
  { href: '/inventory/purchase-orders', label: 'Purchase orders', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'order' },
  { href: '/inventory/low-stock', label: 'Low stock', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'alert' },
  { href: '/inventory/locations', label: 'Locations', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'location' },
  { href: '/inventory/count', label: 'Cycle count', roles: INVENTORY_ROLES, section: 'Inventory', icon: 'inventory', hidden: true },
  // Merchandisers run the preference surveys (what customers want informs what to stock); admins see everything.
  { href: '/surveys', label: 'Surveys', roles: SURVEY_ROLES, section: 'Customers', icon: 'survey' },
  { href: '/customers', label: 'Customer profiles', roles: SURVEY_ROLES, section: 'Customers', icon: 'profile' },
  { href: '/surveys/demand', label: 'Size demand', roles: SURVEY_ROLES, section: 'Customers', icon: 'chart' },
  // Reached from Size demand and the builder's size questions.
  { href: '/surveys/size-chart', label: 'Size chart', roles: SURVEY_ROLES, section: 'Customers', icon: 'chart', hidden: true },
  { href: '/support', label: 'Failing users', roles: ['admin', 'support'], section: 'Monitoring', icon: 'support' },
  // Admins watch the dashboards; support staff may view them (they drill from an error into failing users).
  { href: '/dashboards', label: 'Dashboards', roles: ['admin', 'support'], section: 'Monitoring', icon: 'chart' },
  { href: '/staff', label: 'Staff', roles: ['admin'], section: 'Administration', icon: 'users' },
  { href: '/api-keys', label: 'API keys', roles: ['admin'], section: 'Administration', icon: 'key' },
  { href: '/webhooks', label: 'Webhooks', roles: ['admin'], section: 'Administration', icon: 'key' },
  { href: '/audit', label: 'Audit log', roles: ['admin'], section: 'Administration', icon: 'audit' },
];

/** The navigation a role sees, in sidebar order (entries of one section are adjacent). */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.hidden && item.roles.includes(role));
}

export type NavGroup = { section: NavSection; items: NavItem[] };

/** Groups a role's navigation under its section headings, in NAV_SECTIONS order, leaving out empty sections. */
export function groupNav(items: readonly NavItem[]): NavGroup[] {
  return NAV_SECTIONS.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter((g) => g.items.length > 0);
}

/**
 * The sidebar entry a page sits under, for the "Back to …" link of its 404 and error pages: the longest
 * visible entry whose path contains `pathname`'s, not the page itself (/catalog/products/<id> → Catalog,
 * /inventory/purchase-orders/<id> → Purchase orders). Null for top-level and unknown paths: Home is the way back.
 */
export function sectionFor(pathname: string): NavItem | null {
  const path = pathname.replace(/\/+$/, '');
  return NAV_ITEMS.filter((i) => !i.hidden && i.href !== '/' && i.href !== path && path.startsWith(`${i.href}/`)).reduce<NavItem | null>(
    (best, i) => (best === null || i.href.length > best.href.length ? i : best),
    null,
  );
}
