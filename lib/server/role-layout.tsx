import 'server-only';
import { requireRole, rolesOf } from './page-guard';

/**
 * A feature's layout: checks the role before the segment's loading boundary starts streaming, so a page
 * outside the caller's role answers a real 403 (and a signed-out visitor is sent to sign in and back here).
 * The page checks again itself; layouts are not re-run on every client navigation.
 */
export function roleLayout(href: string) {
  return async function RoleLayout({ children }: { children: React.ReactNode }) {
    await requireRole(rolesOf(href), href);
    return children;
  };
}
