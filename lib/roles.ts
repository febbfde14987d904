/** Staff roles and what each may use. Shared by the server checks, the navigation and zod schemas. */
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

/** True when `role` is one of `allowed`. An empty list allows nobody, never everybody. */
export function roleAllows(role: Role | null | undefined, allowed: readonly Role[]): boolean {
  return role != null && allowed.includes(role);
}
