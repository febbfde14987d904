import 'server-only';
import type { Metadata } from 'next';
import { forbidden, redirect } from 'next/navigation';
import { can, type Permission } from '../permissions';
import { getSessionUser, type SessionUser } from './session';

/**
 * Every staff page calls this first with its capability (lib/permissions.ts): signed out goes to /login (and
 * back to `from`), a role without `permission` gets the 403 page. The argument is the `Permission` union, so a
 * page cannot name a capability the map does not have. The proxy is not trusted for this (CVE-2025-29927).
 */
export async function requirePermission(permission: Permission, from?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : '/login');
  if (!can(user.role, permission)) forbidden();
  return user;
}

/**
 * A detail page's metadata, titled by its record (`generateMetadata`). The record is read only for a caller
 * the page admits, so a tab title never names a record its page refuses to show; others get `fallback`. A
 * missing record is titled "Not found", like the page it renders. Pass the page's own `cache()`d loader so the
 * page and its title read the record once per request.
 */
export async function recordMetadata(
  permission: Permission,
  fallback: string,
  title: () => Promise<string | null | undefined>,
): Promise<Metadata> {
  const user = await getSessionUser();
  if (!user || !can(user.role, permission)) return { title: fallback };
  return { title: (await title()) ?? 'Not found' };
}
