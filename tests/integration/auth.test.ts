import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loginThrottle, users } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { setStaffActive } from '@/db/queries/staff';
import { activeLock, recordFailure } from '@/db/queries/throttle';
import { authorizeCredentials, DEACTIVATED, WRONG_CREDENTIALS } from '@/lib/server/auth-options';
import { ACCOUNT_POLICY, IP_POLICY } from '@/lib/throttle';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff, TEST_PASSWORD } from '../support/factories';

const t = useTestDatabase();

const signIn = (email: string, password: string, ip = '198.51.100.1') => authorizeCredentials({ email, password }, ip);

describe(`sign-in (${TEST_DRIVER})`, () => {
  it('signs in with the right password, case-insensitively, and records the time', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    expect(await signIn(u.email.toUpperCase(), TEST_PASSWORD)).toEqual({ id: u.id, email: u.email, name: u.name, role: 'support', sid: expect.any(String) });
    const [row] = await t.handle.db.select().from(users).where(eq(users.id, u.id));
    expect(row!.lastLoginAt).toBeInstanceOf(Date);
  });

  it('gives the same message for a wrong password and an unknown email', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    await expect(signIn(u.email, 'wrong-password')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn('nobody@example.test', 'wrong-password')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn('', '')).rejects.toThrow(WRONG_CREDENTIALS);
  });

  it('locks an account after five failures, even with the right password, without revealing whether it exists', async () => {
    const u = await makeStaff(t.handle.db, 'merchandiser');
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) await expect(signIn(u.email, 'nope')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email, TEST_PASSWORD)).rejects.toThrow(/Too many failed sign-in attempts. Try again in 15 minutes/);
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) await expect(signIn('ghost@example.test', 'nope')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn('ghost@example.test', 'nope')).rejects.toThrow(/Too many failed sign-in attempts/);
    // Other accounts from other addresses are unaffected.
    const other = await makeStaff(t.handle.db, 'support');
    expect(await signIn(other.email, TEST_PASSWORD, '203.0.113.5')).toMatchObject({ id: other.id });
  });

  it('locks an address after too many failures across accounts', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    for (let i = 0; i < IP_POLICY.maxFailures; i++) await expect(signIn(`spray${i}@example.test`, 'x', '192.0.2.66')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email, TEST_PASSWORD, '192.0.2.66')).rejects.toThrow(/Too many failed/);
    expect(await signIn(u.email, TEST_PASSWORD, '192.0.2.67')).toMatchObject({ id: u.id });
  });

  it('clears the account counter after a successful sign-in', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++) await expect(signIn(u.email, 'nope')).rejects.toThrow();
    await signIn(u.email, TEST_PASSWORD);
    await expect(signIn(u.email, 'nope')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email, 'nope')).rejects.toThrow(WRONG_CREDENTIALS); // not locked: the count restarted
  });

  it('refuses a deactivated account with the right password', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    await setStaffActive(t.handle.db, SYSTEM_ACTOR, { id: u.id, version: u.version, active: false });
    await expect(signIn(u.email, TEST_PASSWORD)).rejects.toThrow(DEACTIVATED);
  });

  it('counts concurrent failures without losing any', async () => {
    await Promise.all(Array.from({ length: 12 }, () => recordFailure(t.handle.db, 'email:burst@example.test', { maxFailures: 100, windowMinutes: 15, lockMinutes: 15 })));
    const [row] = await t.handle.db.select().from(loginThrottle).where(eq(loginThrottle.key, 'email:burst@example.test'));
    expect(row!.failures).toBe(12);
  });

  it('restarts the count when the window has passed, and lifts expired locks', async () => {
    const key = 'email:old@example.test';
    for (let i = 0; i < 5; i++) await recordFailure(t.handle.db, key, ACCOUNT_POLICY);
    expect(await activeLock(t.handle.db, [key])).toBeInstanceOf(Date);
    await t.handle.db.execute(sql`update login_throttle set window_started_at = now() - interval '16 minutes', locked_until = now() - interval '1 second' where key = ${key}`);
    expect(await activeLock(t.handle.db, [key])).toBeNull();
    await recordFailure(t.handle.db, key, ACCOUNT_POLICY);
    const [row] = await t.handle.db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
    expect(row!.failures).toBe(1);
  });
});
