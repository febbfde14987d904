import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { getDb } from '../../db/client';
import { findSessionUser } from '../../db/queries/sessions';
import type { Role } from '../roles';
import { getAuthOptions } from './auth-options';

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in staff member, re-read from the database on every request through the session row the JWT
 * names (`sid`): an ended session (sign-out, password reset, deactivation, role change, an admin ending it)
 * or a deactivated account takes effect at once rather than when the JWT expires. Null when signed out.
 * JWTs issued before sessions were stored carry no `sid` and are refused (their holders sign in again).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  const claims = session?.user as { sid?: unknown } | undefined;
  if (typeof claims?.sid !== 'string') return null;
  return findSessionUser(await getDb(), claims.sid);
});
