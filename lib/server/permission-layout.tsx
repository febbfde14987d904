import type { Permission } from '../permissions';
import { requirePermission } from './page-guard';

/**
 * A feature's layout: checks the capability before the segment's loading boundary starts streaming, so a page
 * outside the caller's role answers a real 403 (and a signed-out visitor is sent to sign in and back to `from`).
 * The page checks again itself (same capability; the role-matrix test compares them); layouts are not re-run
 * on every client navigation.
 */
export function permissionLayout(permission: Permission, from: string) {
  return async function PermissionLayout({ children }: { children: React.ReactNode }) {
    await requirePermission(permission, from);
    return children;
  };
}
