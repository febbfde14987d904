import type { Role } from './roles';

/**
 * The one permission map: each named capability and the roles that hold it. Pages (`requirePermission`),
 * feature layouts (`permissionLayout`), server actions (`defineAction({ permission })`), staff route handlers
 * (`staffRoute(permission, …)`) and navigation entries name a capability from here; none restates a role list.
 * Changing who may do something is an edit to this object (and the README's Roles table, which the role-matrix
 * test checks against it). See docs/adr/0012-permission-map.md.
 */
export const PERMISSIONS = {
  /** The home page (each role sees its own summaries). */
  'home.read': ['admin', 'merchandiser', 'support'],
  /** Products, categories, suppliers and the CSV export: support staff read the catalog to answer customers. */
  'catalog.read': ['admin', 'merchandiser', 'support'],
  /** Changing the catalog: products, variants, categories, suppliers, bulk edits, the CSV import. */
  'catalog.write': ['admin', 'merchandiser'],
  /** Every inventory page, action and export (merchandisers keep the stock right). */
  'inventory.manage': ['admin', 'merchandiser'],
  /** Building surveys, reading responses, size demand and the size chart. */
  'surveys.manage': ['admin', 'merchandiser'],
  /** Customer profiles built from survey answers. */
  'customers.read': ['admin', 'merchandiser'],
  /** The support workspace: failing users, a user's stability and timeline, a shop's reviews. */
  'support.read': ['admin', 'support'],
  /** The observability dashboards (support staff drill from an error into failing users). */
  'dashboards.read': ['admin', 'support'],
  /** Alert rules, notification channels, acknowledgements, silences and chart notes. */
  'alerts.manage': ['admin'],
  /** Outbound webhook endpoints, their secrets, the delivery log and redelivery. */
  'webhooks.manage': ['admin'],
  /** Staff accounts: create, change role, deactivate/reactivate, reset password, end sessions, unlock. */
  'staff.manage': ['admin'],
  /** API keys for machines (ingest, metrics, reservations, jobs). */
  'apiKeys.manage': ['admin'],
  /** The whole audit log (others see only their own recent activity on the home page). */
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** A capability name. Guards take this union, so a misspelt or missing capability is a type error. */
export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** The roles holding `permission`. */
export function rolesWith(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

/** True when `role` holds `permission`; a missing role (signed out) holds nothing. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Every capability `role` holds, in map order. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((p) => can(role, p));
}
