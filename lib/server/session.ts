import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { getDb } from '../../db/client';
import { getStaffMember } from '../../db/queries/staff';
import type { Role } from '../roles';
import { getAuthOptions } from './auth-options';

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in staff member, re-read from the database on every request: a deactivated account, a changed
 * role or a password reset takes effect at once rather than when the JWT expires. Null when signed out.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  const claims = session?.user as { id?: string; authAt?: number } | undefined;
  if (!claims?.id) return null;
  const user = await getStaffMember(await getDb(), claims.id);
  if (!user || !user.active) return null;
  // Sessions older than the last password change are void (an admin reset it; the old one may be known).
  if (typeof claims.authAt !== 'number' || claims.authAt < user.passwordChangedAt.getTime() - 1000) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
