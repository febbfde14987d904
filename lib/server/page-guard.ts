import { forbidden, redirect } from 'next/navigation';
import { roleAllows, type Role } from '../roles';
import { NAV_ITEMS } from '../navigation';
import { getSessionUser, type SessionUser } from './session';

/**
 * Every page calls this first: signed out goes to /login, a role outside `roles` gets the 403 page.
 * The proxy is not trusted for this (CVE-2025-29927).
 */
export async function requireRole(roles: readonly Role[], from?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : '/login');
  if (!roleAllows(user.role, roles)) forbidden();
  return user;
}

/** The roles of a sidebar entry, so a page and its navigation link cannot disagree. */
export function rolesOf(href: string): readonly Role[] {
  const item = NAV_ITEMS.find((i) => i.href === href);
  if (!item) throw new Error(`no navigation entry for ${href}`);
  return item.roles;
}
