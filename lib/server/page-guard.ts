import { forbidden, notFound, redirect } from 'next/navigation';
import { isStorableText, isUuid } from '../validation';
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

/** A record id from the path: not a uuid means the page's normal "not found", never a driver error. */
export function uuidParam(value: string): string {
  if (!isUuid(value)) notFound();
  return value;
}

/** A free-text path segment (a platform user or shop id), percent-decoded; malformed or unstorable is "not found". */
export function decodedPathParam(value: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    notFound();
  }
  if (!isStorableText(decoded) || decoded.length > 256) notFound();
  return decoded;
}
