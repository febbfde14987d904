import { beforeEach, describe, expect, it, vi } from 'vitest';
import { revalidatePath } from 'next/cache';
import { auditLog, loginThrottle } from '@/db/schema';
import { listStaff } from '@/db/queries/staff';
import type { SessionUser } from '@/lib/server/session';
import {
  changeStaffRoleAction,
  createStaffAction,
  endStaffSessionsAction,
  unlockStaffAction,
} from '@/app/(admin)/staff/actions';
import { sql } from 'drizzle-orm';
import { findSessionUser } from '@/db/queries/sessions';
import { authorizeCredentials } from '@/lib/server/auth-options';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeStaff, TEST_PASSWORD } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
beforeEach(async () => {
  session.user = asSession(await makeStaff(t.handle.db, 'admin'));
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};

describe(`staff actions end to end through the helper (${TEST_DRIVER})`, () => {
  it('creates a staff member from a form and records who did it', async () => {
    const result = await createStaffAction(
      null,
      form({ name: 'Mona', email: 'Mona@Example.test', role: 'merchandiser', password: 'twelve-chars-ok' }),
    );
    expect(result).toMatchObject({
      ok: true,
      data: { email: 'mona@example.test', role: 'merchandiser' },
      message: 'Mona can now sign in as merchandiser.',
    });
    expect(revalidatePath).toHaveBeenCalledWith('/staff');
    const audit = await t.handle.db.select().from(auditLog);
    expect(audit.at(-1)).toMatchObject({ action: 'create', actorId: session.user!.id });
  });

  it('returns field errors for bad input and writes nothing', async () => {
    const before = (await listStaff(t.handle.db)).total;
    const result = await createStaffAction(
      null,
      form({ name: '', email: 'not-an-email', role: 'owner', password: 'short' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('invalid');
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password', 'role']);
    expect(result.fieldErrors?.password).toEqual(['Use at least 12 characters.']);
    expect((await listStaff(t.handle.db)).total).toBe(before);
  });

  it('maps a duplicate email to a field error', async () => {
    await makeStaff(t.handle.db, 'support', { email: 'taken@example.test' });
    const result = await createStaffAction(
      null,
      form({ name: 'X', email: 'TAKEN@example.test', role: 'support', password: 'twelve-chars-ok' }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'conflict',
      fieldErrors: { email: ['A staff account with this email already exists.'] },
    });
  });

  it('maps a stale version to a clear message, saying it was the same person when it was', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    expect(await changeStaffRoleAction({ id: u.id, version: u.version, role: 'merchandiser' })).toMatchObject({
      ok: true,
    });
    const stale = await changeStaffRoleAction({ id: u.id, version: u.version, role: 'admin' });
    expect(stale).toMatchObject({
      ok: false,
      code: 'stale_version',
      message: expect.stringMatching(/changed by you, in another tab, while you were editing/),
    });
  });

  it('refuses a forged call from a non-admin and changes nothing', async () => {
    const merch = await makeStaff(t.handle.db, 'merchandiser');
    session.user = asSession(merch);
    const result = await changeStaffRoleAction({ id: merch.id, version: merch.version, role: 'admin' });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await listStaff(t.handle.db, { role: 'admin' })).total).toBe(1);
  });

  it('ends a user’s sessions and lifts a lock through the admin-only actions', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const { sid } = await authorizeCredentials({ email: u.email, password: TEST_PASSWORD }, '198.51.100.20');
    await t.handle.db
      .insert(loginThrottle)
      .values({ key: `email:${u.email}`, failures: 5, lockedUntil: sql`now() + interval '10 minutes'` });
    const admin = session.user;
    session.user = asSession(u);
    expect(await endStaffSessionsAction({ id: u.id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await unlockStaffAction({ id: u.id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await findSessionUser(t.handle.db, sid)).not.toBeNull();
    session.user = admin;
    expect(await endStaffSessionsAction({ id: u.id })).toMatchObject({
      ok: true,
      message: `Ended 1 session of ${u.name}.`,
    });
    expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    expect(await unlockStaffAction({ id: u.id })).toMatchObject({ ok: true, message: `${u.name} can sign in again.` });
    expect((await listStaff(t.handle.db, { q: u.email })).rows[0]!.lockedUntil).toBeNull();
    expect(await endStaffSessionsAction({ id: 'not-a-uuid' })).toMatchObject({ ok: false, code: 'invalid' });
  });
});
