import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { isRole, type Role } from '../roles';
import { getAuthOptions } from './auth-options';

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in staff member, re-read from the database on every request through the session row the JWT
 * names (`sid`; the lookup is in the session callback, lib/server/auth-options.ts): an ended session (sign-out,
 * password reset, deactivation, role change, an admin ending it) or a deactivated account takes effect at once
 * rather than when the JWT expires. Null when signed out. JWTs issued before sessions were stored carry no
 * `sid` and are refused (their holders sign in again).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id || !user.email || typeof user.name !== 'string' || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
