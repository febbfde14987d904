import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '@/db/schema';
import { listAudit, SYSTEM_ACTOR } from '@/db/queries/audit';
import {
  changeStaffRole,
  createStaff,
  findUserByEmail,
  listStaff,
  resetStaffPassword,
  setStaffActive,
} from '@/db/queries/staff';
import { Conflict, InvalidInput, StaleVersion } from '@/lib/errors';
import { verifyPassword } from '@/lib/server/password';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';

const t = useTestDatabase();

const auditCount = async () => (await t.handle.db.select().from(auditLog)).length;

describe(`staff accounts (${TEST_DRIVER})`, () => {
  it('creates an account with an argon2id hash and writes its audit row', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const created = await createStaff(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { email: 'new@example.test', name: 'New', role: 'support', password: 'long-enough-pass' },
    );
    const row = (await findUserByEmail(t.handle.db, 'NEW@example.test'))!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, 'long-enough-pass')).toBe(true);
    const trail = await listAudit(t.handle.db, { entityType: 'user', entityId: created.id });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'create',
      actorLabel: admin.email,
      changes: { email: [null, 'new@example.test'], role: [null, 'support'] },
    });
    expect(JSON.stringify(trail[0]!.changes)).not.toContain('argon2');
  });

  it('refuses an email that differs only by case, and writes nothing', async () => {
    await makeStaff(t.handle.db, 'support', { email: 'sam@example.test' });
    const before = await auditCount();
    await expect(
      createStaff(t.handle.db, SYSTEM_ACTOR, {
        email: 'Sam@Example.test',
        name: 'Dup',
        role: 'admin',
        password: 'long-enough-pass',
      }),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await auditCount()).toBe(before);
    expect((await listStaff(t.handle.db)).total).toBe(1);
  });

  it('refuses a stale version with a clear message and changes nothing', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    await makeStaff(t.handle.db, 'admin');
    const moved = await changeStaffRole(t.handle.db, SYSTEM_ACTOR, {
      id: u.id,
      version: u.version,
      role: 'merchandiser',
    });
    expect(moved.version).toBe(u.version + 1);
    const stale = changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: u.version, role: 'admin' });
    await expect(stale).rejects.toBeInstanceOf(StaleVersion);
    await expect(stale).rejects.toThrow(/changed by someone else.*nothing was saved/);
    const [row] = await t.handle.db.select().from(users).where(eq(users.id, u.id));
    expect(row!.role).toBe('merchandiser');
  });

  it('keeps at least one active admin', async () => {
    const only = await makeStaff(t.handle.db, 'admin');
    await expect(
      changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: only.id, version: only.version, role: 'support' }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(
      setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: only.id, version: only.version, active: false }),
    ).rejects.toThrow(/at least one active admin/);
    const second = await makeStaff(t.handle.db, 'admin');
    const demoted = await changeStaffRole(t.handle.db, SYSTEM_ACTOR, {
      id: only.id,
      version: only.version,
      role: 'support',
    });
    expect(demoted.role).toBe('support');
    await expect(
      changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: second.id, version: second.version, role: 'support' }),
    ).rejects.toThrow(/at least one active admin/);
  });

  it('two concurrent demotions of the last two admins cannot both succeed', async () => {
    const a = await makeStaff(t.handle.db, 'admin');
    const b = await makeStaff(t.handle.db, 'admin');
    const results = await Promise.allSettled([
      changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: a.id, version: a.version, role: 'support' }),
      changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: b.id, version: b.version, role: 'support' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The loser gets the rule's message (not a deadlock or serialization error).
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(InvalidInput);
    const admins = await t.handle.db.select().from(users).where(eq(users.role, 'admin'));
    expect(admins).toHaveLength(1);
  });

  it('does not let an admin deactivate themselves', async () => {
    const a = await makeStaff(t.handle.db, 'admin');
    await makeStaff(t.handle.db, 'admin');
    await expect(
      setStaffActive(t.handle.db, { id: a.id, label: a.email }, { id: a.id, version: a.version, active: false }),
    ).rejects.toThrow(/your own account/);
  });

  it('deactivates, reactivates and resets a password, each with an audit row in the same transaction', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const off = await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: u.version, active: false });
    const on = await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: off.version, active: true });
    const reset = await resetStaffPassword(t.handle.db, SYSTEM_ACTOR, {
      id: u.id,
      version: on.version,
      password: 'a-brand-new-password',
    });
    expect(reset.passwordChangedAt.getTime()).toBeGreaterThanOrEqual(u.passwordChangedAt.getTime());
    const row = (await findUserByEmail(t.handle.db, u.email))!;
    expect(await verifyPassword(row.passwordHash, 'a-brand-new-password')).toBe(true);
    const trail = await listAudit(t.handle.db, { entityId: u.id });
    expect(trail.map((r) => r.action)).toEqual(['reset_password', 'reactivate', 'deactivate', 'create']);
    expect(trail[0]!.changes).toEqual({ passwordHash: ['[redacted]', '[redacted]'] });
  });

  it('rolls the change back when its audit row cannot be written', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    // An actor id that does not exist violates the audit row's foreign key, inside the same transaction.
    const ghost = { id: '00000000-0000-4000-8000-0000000000ff', label: 'ghost' };
    await expect(setStaffActive(t.handle.db, ghost, { id: u.id, version: u.version, active: false })).rejects.toThrow();
    const [row] = await t.handle.db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ active: true, version: u.version });
  });

  it('filters and pages the staff list in SQL', async () => {
    await makeStaff(t.handle.db, 'admin', { name: 'Ada Lovelace', email: 'ada@example.test' });
    await makeStaff(t.handle.db, 'support', { name: 'Sam 100%_match', email: 'sam@example.test' });
    const third = await makeStaff(t.handle.db, 'support', { name: 'Tom', email: 'tom@example.test' });
    await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: third.id, version: third.version, active: false });
    expect((await listStaff(t.handle.db, { q: 'LOVE' })).rows.map((r) => r.email)).toEqual(['ada@example.test']);
    expect((await listStaff(t.handle.db, { q: '%_' })).rows.map((r) => r.email)).toEqual(['sam@example.test']);
    expect((await listStaff(t.handle.db, { role: 'support', status: 'inactive' })).rows.map((r) => r.email)).toEqual([
      'tom@example.test',
    ]);
    const page2 = await listStaff(t.handle.db, { pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2 });
    expect(page2.rows.map((r) => r.name)).toEqual(['Tom']);
    expect(Object.keys(page2.rows[0]!)).not.toContain('passwordHash');
  });
});
