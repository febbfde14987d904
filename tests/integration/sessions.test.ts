import { describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loginThrottle, staffSessions } from '@/db/schema';
import { listAudit, SYSTEM_ACTOR } from '@/db/queries/audit';
import { countLiveSessions, endSession, endStaffSessions, findSessionUser } from '@/db/queries/sessions';
import { changeStaffRole, listStaff, resetStaffPassword, setStaffActive, unlockStaff } from '@/db/queries/staff';
import { authorizeCredentials, getAuthOptions, WRONG_CREDENTIALS } from '@/lib/server/auth-options';
import { ACCOUNT_POLICY } from '@/lib/throttle';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff, TEST_PASSWORD } from '../support/factories';

vi.mock('@/lib/server/secret', () => ({ resolveAuthSecret: () => 'x'.repeat(32) }));

const t = useTestDatabase();

async function signIn(email: string, password = TEST_PASSWORD, ip = '198.51.100.9') {
  const user = await authorizeCredentials({ email, password }, ip);
  return user.sid;
}

describe(`sessions that end (${TEST_DRIVER})`, () => {
  it('a sign-in starts a session the JWT names; the jwt callback carries its id', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const user = await authorizeCredentials({ email: u.email, password: TEST_PASSWORD }, '198.51.100.9');
    expect(await findSessionUser(t.handle.db, user.sid)).toEqual({
      id: u.id,
      email: u.email,
      name: u.name,
      role: 'support',
    });
    const token = await getAuthOptions().callbacks!.jwt!({ token: {}, user: user as never, account: null });
    expect(token.sid).toBe(user.sid);
    expect(await findSessionUser(t.handle.db, 'not-a-uuid')).toBeNull();
    expect(await findSessionUser(t.handle.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('sign-out ends that session for every copy of the cookie, and only that one', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const [laptop, phone] = [await signIn(u.email), await signIn(u.email)];
    const sessionOf = async (sid: unknown): Promise<{ user?: unknown }> =>
      getAuthOptions().callbacks!.session!({
        session: { expires: 'x', user: { name: 'from the JWT' } },
        token: { sid },
      } as never);
    expect((await sessionOf(laptop)).user).toEqual({ id: u.id, email: u.email, name: u.name, role: 'support' });
    await getAuthOptions().events!.signOut!({ token: { sid: laptop }, session: undefined as never });
    expect(await findSessionUser(t.handle.db, laptop)).toBeNull();
    // getServerSession and GET /api/auth/session both go through this callback: no user for an ended session.
    expect(await sessionOf(laptop)).toEqual({ expires: 'x' });
    expect(await sessionOf(undefined)).toEqual({ expires: 'x' });
    expect(await findSessionUser(t.handle.db, phone)).toMatchObject({ id: u.id });
    // A signed-out token without a session id is ignored rather than failing the sign-out.
    await getAuthOptions().events!.signOut!({ token: {}, session: undefined as never });
    await endSession(t.handle.db, 'garbage');
  });

  it('a password reset ends every session at once, even one started a moment before', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const sids = [await signIn(u.email), await signIn(u.email)];
    await resetStaffPassword(t.handle.db, SYSTEM_ACTOR, {
      id: u.id,
      version: u.version,
      password: 'a-brand-new-password',
    });
    for (const sid of sids) expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    await expect(signIn(u.email)).rejects.toThrow(WRONG_CREDENTIALS);
    expect(await findSessionUser(t.handle.db, await signIn(u.email, 'a-brand-new-password'))).toMatchObject({
      id: u.id,
    });
  });

  it('deactivation ends the sessions and reactivation does not revive them', async () => {
    await makeStaff(t.handle.db, 'admin');
    const u = await makeStaff(t.handle.db, 'merchandiser');
    const sid = await signIn(u.email);
    const off = await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: u.version, active: false });
    expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: off.version, active: true });
    expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    expect(await findSessionUser(t.handle.db, await signIn(u.email))).toMatchObject({ id: u.id });
  });

  it('a role change ends the sessions; the next sign-in has the new role', async () => {
    await makeStaff(t.handle.db, 'admin');
    const u = await makeStaff(t.handle.db, 'support');
    const sid = await signIn(u.email);
    await changeStaffRole(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: u.version, role: 'merchandiser' });
    expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    expect(await findSessionUser(t.handle.db, await signIn(u.email))).toMatchObject({ role: 'merchandiser' });
  });

  it('an idle session expires; a used one is kept alive', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    const [idle, used] = [await signIn(u.email), await signIn(u.email)];
    await t.handle.db
      .update(staffSessions)
      .set({ lastSeenAt: sql`now() - interval '13 hours'` })
      .where(eq(staffSessions.id, idle));
    await t.handle.db
      .update(staffSessions)
      .set({ lastSeenAt: sql`now() - interval '11 hours'` })
      .where(eq(staffSessions.id, used));
    expect(await findSessionUser(t.handle.db, idle)).toBeNull();
    expect(await findSessionUser(t.handle.db, used)).toMatchObject({ id: u.id });
    const [row] = await t.handle.db.select().from(staffSessions).where(eq(staffSessions.id, used));
    expect(Date.now() - row!.lastSeenAt.getTime()).toBeLessThan(60 * 60 * 1000);
    expect((await countLiveSessions(t.handle.db, [u.id])).get(u.id)).toBe(1);
  });

  it('an admin ends all of a user’s sessions, audited with how many', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const u = await makeStaff(t.handle.db, 'support');
    const sids = [await signIn(u.email), await signIn(u.email), await signIn(u.email)];
    expect((await countLiveSessions(t.handle.db, [u.id, admin.id])).get(u.id)).toBe(3);
    expect(await endStaffSessions(t.handle.db, { id: admin.id, label: admin.email }, { id: u.id })).toEqual({
      name: u.name,
      ended: 3,
    });
    for (const sid of sids) expect(await findSessionUser(t.handle.db, sid)).toBeNull();
    const [entry] = await listAudit(t.handle.db, { entityType: 'user', entityId: u.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'end_sessions', actorLabel: admin.email, changes: { sessions: [3, 0] } });
    await expect(
      endStaffSessions(t.handle.db, SYSTEM_ACTOR, { id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow(/not found|no longer exists/i);
  });

  it('a sign-in racing a password reset never leaves a session behind', async () => {
    for (let round = 0; round < 15; round++) {
      const u = await makeStaff(t.handle.db, 'support');
      const [signedIn] = await Promise.allSettled([
        authorizeCredentials({ email: u.email, password: TEST_PASSWORD }, '198.51.100.10'),
        resetStaffPassword(t.handle.db, SYSTEM_ACTOR, {
          id: u.id,
          version: u.version,
          password: 'another-long-password',
        }),
      ]);
      if (signedIn.status === 'fulfilled') expect(await findSessionUser(t.handle.db, signedIn.value.sid)).toBeNull();
      expect((await countLiveSessions(t.handle.db, [u.id])).get(u.id) ?? 0).toBe(0);
    }
  });
});

describe(`lockouts on the staff list (${TEST_DRIVER})`, () => {
  it('shows when a locked account unlocks, and an admin can lift it (audited)', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const u = await makeStaff(t.handle.db, 'support');
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++)
      await expect(signIn(u.email.toUpperCase(), 'wrong')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email)).rejects.toThrow(/Too many failed sign-in attempts/);

    const rows = (await listStaff(t.handle.db)).rows;
    const locked = rows.find((r) => r.id === u.id)!;
    expect(locked.lockedUntil).toBeInstanceOf(Date);
    const minutes = (locked.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(ACCOUNT_POLICY.lockMinutes - 5);
    expect(minutes).toBeLessThanOrEqual(ACCOUNT_POLICY.lockMinutes + 1);
    expect(rows.find((r) => r.id === admin.id)!.lockedUntil).toBeNull();

    await unlockStaff(t.handle.db, { id: admin.id, label: admin.email }, { id: u.id });
    expect((await listStaff(t.handle.db)).rows.find((r) => r.id === u.id)!.lockedUntil).toBeNull();
    expect(
      await t.handle.db
        .select()
        .from(loginThrottle)
        .where(eq(loginThrottle.key, `email:${u.email}`)),
    ).toHaveLength(0);
    expect(await findSessionUser(t.handle.db, await signIn(u.email))).toMatchObject({ id: u.id });
    const trail = await listAudit(t.handle.db, { entityType: 'user', entityId: u.id, limit: 1 });
    expect(trail[0]).toMatchObject({
      action: 'unlock',
      actorLabel: admin.email,
      changes: { lockedUntil: [locked.lockedUntil!.toISOString(), null] },
    });
  });

  it('an expired lock is not shown', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    await t.handle.db
      .insert(loginThrottle)
      .values({ key: `email:${u.email}`, failures: 5, lockedUntil: sql`now() - interval '1 minute'` });
    expect((await listStaff(t.handle.db)).rows[0]!.lockedUntil).toBeNull();
  });
});
