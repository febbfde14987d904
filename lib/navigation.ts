import { can, type Permission } from './permissions';
import type { Role } from './roles';

/**
 * One sidebar entry; `permission` is the capability (lib/permissions.ts) the page itself requires on the server,
 * so a link is shown exactly to the roles its page admits. A `hidden` entry is a page reached from another one
 * (e.g. "New product"): it has a capability but no sidebar link. Pages do not read their roles from here.
 */
export type NavItem = {
  href: string;
  label: string;
  permission: Permission;
  icon: NavIcon;
  section: NavSection;
  hidden?: boolean;
};
/** Sidebar headings, in order; `null` is the ungrouped top (Home). */
export const NAV_SECTIONS = [null, 'Catalog', 'Inventory', 'Customers', 'Monitoring', 'Administration'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];
export type NavIcon =
  | 'home'
  | 'users'
  | 'audit'
  | 'catalog'
  | 'category'
  | 'supplier'
  | 'upload'
  | 'support'
  | 'key'
  | 'chart'
  | 'inventory'
  | 'movements'
  | 'transfer'
  | 'order'
  | 'alert'
  | 'location'
  | 'survey'
  | 'profile';

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home', permission: 'home.read', section: null, icon: 'home' },
  // Support staff read the catalog (to answer customers); only admins and merchandisers change it.
  { href: '/catalog', label: 'Catalog', permission: 'catalog.read', section: 'Catalog', icon: 'catalog' },
  {
    href: '/catalog/categories',
    label: 'Categories',
    permission: 'catalog.read',
    section: 'Catalog',
    icon: 'category',
  },
  { href: '/catalog/suppliers', label: 'Suppliers', permission: 'catalog.read', section: 'Catalog', icon: 'supplier' },
  { href: '/catalog/import', label: 'CSV import', permission: 'catalog.write', section: 'Catalog', icon: 'upload' },
  {
    href: '/catalog/products/new',
    label: 'New product',
    permission: 'catalog.write',
    section: 'Catalog',
    icon: 'catalog',
    hidden: true,
  },
  // Merchandisers keep the inventory (DOMAIN §2); support staff do not see it.
  { href: '/inventory', label: 'Inventory', permission: 'inventory.manage', section: 'Inventory', icon: 'inventory' },
  {
    href: '/inventory/movements',
    label: 'Movements',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'movements',
  },
  {
    href: '/inventory/transfers',
    label: 'Transfers',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'transfer',
  },
  {
    href: '/inventory/purchase-orders',
    label: 'Purchase orders',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'order',
  },
  {
    href: '/inventory/low-stock',
    label: 'Low stock',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'alert',
  },
  {
    href: '/inventory/valuation',
    label: 'Valuation',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'chart',
  },
  {
    href: '/inventory/locations',
    label: 'Locations',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'location',
  },
  {
    href: '/inventory/count',
    label: 'Cycle count',
    permission: 'inventory.manage',
    section: 'Inventory',
    icon: 'inventory',
    hidden: true,
  },
  // Merchandisers run the preference surveys (what customers want informs what to stock); admins see everything.
  { href: '/surveys', label: 'Surveys', permission: 'surveys.manage', section: 'Customers', icon: 'survey' },
  {
    href: '/customers',
    label: 'Customer profiles',
    permission: 'customers.read',
    section: 'Customers',
    icon: 'profile',
  },
  { href: '/surveys/demand', label: 'Size demand', permission: 'surveys.manage', section: 'Customers', icon: 'chart' },
  // Reached from Size demand and the builder's size questions.
  {
    href: '/surveys/size-chart',
    label: 'Size chart',
    permission: 'surveys.manage',
    section: 'Customers',
    icon: 'chart',
    hidden: true,
  },
  { href: '/support', label: 'Failing users', permission: 'support.read', section: 'Monitoring', icon: 'support' },
  // Admins watch the dashboards; support staff may view them (they drill from an error into failing users).
  { href: '/dashboards', label: 'Dashboards', permission: 'dashboards.read', section: 'Monitoring', icon: 'chart' },
  // Admins own the alert rules, channels and chart notes (issue #16).
  { href: '/alerts', label: 'Alerts', permission: 'alerts.manage', section: 'Monitoring', icon: 'alert' },
  { href: '/staff', label: 'Staff', permission: 'staff.manage', section: 'Administration', icon: 'users' },
  { href: '/api-keys', label: 'API keys', permission: 'apiKeys.manage', section: 'Administration', icon: 'key' },
  { href: '/webhooks', label: 'Webhooks', permission: 'webhooks.manage', section: 'Administration', icon: 'key' },
  { href: '/audit', label: 'Audit log', permission: 'audit.read', section: 'Administration', icon: 'audit' },
];

/** The navigation a role sees, in sidebar order (entries of one section are adjacent). */
export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.hidden && can(role, item.permission));
}

export type NavGroup = { section: NavSection; items: NavItem[] };

/** Groups a role's navigation under its section headings, in NAV_SECTIONS order, leaving out empty sections. */
export function groupNav(items: readonly NavItem[]): NavGroup[] {
  return NAV_SECTIONS.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter(
    (g) => g.items.length > 0,
  );
}

/**
 * The sidebar entry a page sits under, for the "Back to …" link of its 404 and error pages: the longest
 * visible entry whose path contains `pathname`'s, not the page itself (/catalog/products/<id> → Catalog,
 * /inventory/purchase-orders/<id> → Purchase orders). Null for top-level and unknown paths: Home is the way back.
 */
export function sectionFor(pathname: string): NavItem | null {
  const path = pathname.replace(/\/+$/, '');
  return NAV_ITEMS.filter(
    (i) => !i.hidden && i.href !== '/' && i.href !== path && path.startsWith(`${i.href}/`),
  ).reduce<NavItem | null>((best, i) => (best === null || i.href.length > best.href.length ? i : best), null);
}
