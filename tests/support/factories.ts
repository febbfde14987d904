import crypto from 'node:crypto';
import type { Db } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { createStaff } from '@/db/queries/staff';
import type { Role } from '@/lib/roles';
import type { SessionUser } from '@/lib/server/session';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A staff account with a unique email; password TEST_PASSWORD. */
export async function makeStaff(db: Db, role: Role = 'merchandiser', overrides: { email?: string; name?: string } = {}) {
  const tag = crypto.randomBytes(4).toString('hex');
  return createStaff(db, SYSTEM_ACTOR, {
    email: overrides.email ?? `${role}-${tag}@example.test`,
    name: overrides.name ?? `${role} ${tag}`,
    role,
    password: TEST_PASSWORD,
  });
}

export function asSession(user: { id: string; email: string; name: string; role: Role }): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
