/** Staff roles. What each may use is lib/permissions.ts (capability → roles); nothing else lists roles. */
export const ROLES = ['admin', 'merchandiser', 'support'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  merchandiser: 'Merchandiser',
  support: 'Support',
};

export const ROLE_PLURALS: Record<Role, string> = {
  admin: 'Admins',
  merchandiser: 'Merchandisers',
  support: 'Support staff',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Watches the dashboards; manages staff accounts, roles and API keys.',
  merchandiser: 'Keeps the catalog and the inventory right.',
  support: 'Investigates users whose platform operations keep failing.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
