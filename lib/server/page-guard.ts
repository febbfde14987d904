import 'server-only';
import type { Metadata } from 'next';
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

/**
 * A detail page's metadata, titled by its record (`generateMetadata`). The record is read only for a caller
 * the page admits, so a tab title never names a record its page refuses to show; others get `fallback`. A
 * missing record is titled "Not found", like the page it renders. Pass the page's own `cache()`d loader so the
 * page and its title read the record once per request.
 */
export async function recordMetadata(roles: readonly Role[], fallback: string, title: () => Promise<string | null | undefined>): Promise<Metadata> {
  const user = await getSessionUser();
  if (!user || !roleAllows(user.role, roles)) return { title: fallback };
  return { title: (await title()) ?? 'Not found' };
}


