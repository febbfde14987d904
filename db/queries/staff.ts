import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { col } from '../codec';
import { loginThrottle, users, type User } from '../schema';
import type { Role } from '../../lib/roles';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import { hashPassword } from '../../lib/server/password';
import { accountKey } from '../../lib/throttle';
import { lastEditor, writeAudit, type Actor } from './audit';
import { endUserSessions } from './sessions';

/** What the staff pages may show: never the password hash. */
export type StaffMember = Omit<User, 'passwordHash'>;

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  version: users.version,
  lastLoginAt: users.lastLoginAt,
  passwordChangedAt: users.passwordChangedAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/** Snapshot for the audit diff. */
const auditView = (u: Pick<User, 'email' | 'name' | 'role' | 'active'>) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
});

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

export type StaffFilter = {
  q?: string;
  role?: Role;
  status?: 'active' | 'inactive';
  /** Name (users_name_idx) or email (users_email_lower_key), id breaking ties. */
  sort?: { key: 'name' | 'email'; dir: 'asc' | 'desc' };
  page?: number;
  pageSize?: number;
};

/** The staff list, filtered and paged in SQL. Staff tables stay small, so an exact count is fine here. */
export async function listStaff(db: Db, filter: StaffFilter = {}) {
  const where: SQL[] = [];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.email, like), ilike(users.name, like))!);
  }
  if (filter.role) where.push(eq(users.role, filter.role));
  if (filter.status) where.push(eq(users.active, filter.status === 'active'));
  const condition = where.length ? and(...where) : undefined;
  const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
  const page = Math.max(filter.page ?? 1, 1);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...publicColumns, lockedUntil: accountLockedUntil })
      .from(users)
      .where(condition)
      .orderBy(...staffOrder(filter.sort))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(users).where(condition),
  ]);
  return { rows, total: total?.n ?? 0, page, pageSize };
}

function staffOrder(sort: StaffFilter['sort']) {
  const by = sort?.dir === 'desc' ? desc : asc;
  return sort?.key === 'email' ? [by(sql`lower(${users.email})`), by(users.id)] : [by(users.name), by(users.id)];
}

/** The account's sign-in lock still in force (lib/throttle.ts accountKey), or null. */
const accountLockedUntil = sql<Date | null>`(
  select ${loginThrottle.lockedUntil} from ${loginThrottle}
  where ${loginThrottle.key} = 'email:' || lower(${users.email}) and ${loginThrottle.lockedUntil} > now()
)`.mapWith((v: unknown) => col.nullable(col.instant)(v, 'locked_until'));

/**
 * Lifts the sign-in lock on an account and restarts its failure count (audited). Address locks stay: they
 * protect against password spraying from one client, not against guessing one account.
 */
export async function unlockStaff(db: Db, actor: Actor, input: { id: string }): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, input.id)).for('update');
    if (!row) throw new NotFound('That staff account');
    const cleared = await tx
      .delete(loginThrottle)
      .where(eq(loginThrottle.key, accountKey(row.email)))
      .returning({ lockedUntil: loginThrottle.lockedUntil });
    const lockedUntil = cleared[0]?.lockedUntil ?? null;
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: row.id,
      action: 'unlock',
      before: { lockedUntil: lockedUntil?.toISOString() ?? null },
      after: { lockedUntil: null },
    });
    return stripHash(row);
  });
}

export async function countStaffByRole(db: Db) {
  return db
    .select({ role: users.role, active: users.active, n: count() })
    .from(users)
    .groupBy(users.role, users.active);
}

export type CreateStaffInput = { email: string; name: string; role: Role; password: string };

export async function createStaff(db: Db, actor: Actor, input: CreateStaffInput): Promise<StaffMember> {
  const passwordHash = await hashPassword(input.password); // outside the transaction: ~40 ms of CPU
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new Conflict('A staff account with this email already exists.', 'email');
    }
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash })
      .returning(publicColumns);
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: auditView(created!),
    });
    return created!;
  });
}

/**
 * Locks the active admins (in id order), then the row being edited, and checks the version the form was
 * loaded with. Taking the admin set first, always in the same order, serialises concurrent edits that could
 * otherwise leave no admin, without deadlocks. Staff edits are rare; the lock costs nothing noticeable.
 */
async function lockForEdit(
  tx: Db,
  actor: Actor,
  id: string,
  version: number,
): Promise<{ row: User; adminIds: string[] }> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for('update');
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw new NotFound('That staff account');
  if (row.version !== version)
    throw new StaleVersion(`${row.name}'s account`, [], undefined, await lastEditor(tx, actor, 'user', id));
  return { row, adminIds: admins.map((a) => a.id) };
}

/** Refuses a change that would leave no active admin to manage staff. */
function assertAnotherAdmin(adminIds: string[], exceptId: string): void {
  if (!adminIds.some((id) => id !== exceptId)) {
    throw new InvalidInput('Bobbin needs at least one active admin. Make someone else an admin first.');
  }
}

export type StaffEdit = { id: string; version: number };

export async function changeStaffRole(db: Db, actor: Actor, input: StaffEdit & { role: Role }): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const { row: before, adminIds } = await lockForEdit(tx, actor, input.id, input.version);
    if (before.role === input.role) return stripHash(before);
    if (before.role === 'admin' && before.active) assertAnotherAdmin(adminIds, before.id);
    const [after] = await tx
      .update(users)
      .set({ role: input.role, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, input.id))
      .returning(publicColumns);
    // Pages and forms were rendered for the old role: the user signs in again under the new one.
    await endUserSessions(tx, input.id);
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: input.id,
      action: 'change_role',
      before: auditView(before),
      after: auditView(after!),
    });
    return after!;
  });
}

export async function setStaffActive(
  db: Db,
  actor: Actor,
  input: StaffEdit & { active: boolean },
): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const { row: before, adminIds } = await lockForEdit(tx, actor, input.id, input.version);
    if (before.active === input.active) return stripHash(before);
    if (!input.active && actor.id === before.id) throw new InvalidInput('You cannot deactivate your own account.');
    if (!input.active && before.role === 'admin') assertAnotherAdmin(adminIds, before.id);
    const [after] = await tx
      .update(users)
      .set({ active: input.active, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, input.id))
      .returning(publicColumns);
    // Deactivation ends the sessions (rows deleted), so reactivating cannot bring an old cookie back.
    if (!input.active) await endUserSessions(tx, input.id);
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: input.id,
      action: input.active ? 'reactivate' : 'deactivate',
      before: auditView(before),
      after: auditView(after!),
    });
    return after!;
  });
}

/** Sets a new password and ends all of the user's sessions in the same transaction (no grace window). */
export async function resetStaffPassword(
  db: Db,
  actor: Actor,
  input: StaffEdit & { password: string },
): Promise<StaffMember> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const { row: before } = await lockForEdit(tx, actor, input.id, input.version);
    const [after] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()`, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, input.id))
      .returning(publicColumns);
    await endUserSessions(tx, input.id);
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: input.id,
      action: 'reset_password',
      before: { passwordHash: before.passwordHash },
      after: { passwordHash },
    });
    return after!;
  });
}

export async function recordLogin(db: Db, id: string): Promise<void> {
  await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, id));
}

function stripHash(user: User): StaffMember {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}
