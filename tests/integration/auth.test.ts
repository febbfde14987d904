import { describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loginThrottle, users } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { setStaffActive } from '@/db/queries/staff';
import { activeLock, recordFailure } from '@/db/queries/throttle';
import { authorizeCredentials, DEACTIVATED, getAuthOptions, WRONG_CREDENTIALS } from '@/lib/server/auth-options';
import { ACCOUNT_POLICY, IP_POLICY } from '@/lib/throttle';
import { PEER_HEADER, PEER_TOKEN_ENV } from '@/lib/client-address';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff, TEST_PASSWORD } from '../support/factories';

vi.mock('@/lib/server/secret', () => ({ resolveAuthSecret: () => 'x'.repeat(32) }));

const t = useTestDatabase();

const signIn = (email: string, password: string, ip = '198.51.100.1') => authorizeCredentials({ email, password }, ip);

describe(`sign-in (${TEST_DRIVER})`, () => {
  it('signs in with the right password, case-insensitively, and records the time', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    expect(await signIn(u.email.toUpperCase(), TEST_PASSWORD)).toEqual({
      id: u.id,
      email: u.email,
      name: u.name,
      role: 'support',
      sid: expect.any(String),
    });
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
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++)
      await expect(signIn(u.email, 'nope')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email, TEST_PASSWORD)).rejects.toThrow(
      /Too many failed sign-in attempts. Try again in 15 minutes/,
    );
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++)
      await expect(signIn('ghost@example.test', 'nope')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn('ghost@example.test', 'nope')).rejects.toThrow(/Too many failed sign-in attempts/);
    // Other accounts from other addresses are unaffected.
    const other = await makeStaff(t.handle.db, 'support');
    expect(await signIn(other.email, TEST_PASSWORD, '203.0.113.5')).toMatchObject({ id: other.id });
  });

  it('locks an address after too many failures across accounts', async () => {
    const u = await makeStaff(t.handle.db, 'support');
    for (let i = 0; i < IP_POLICY.maxFailures; i++)
      await expect(signIn(`spray${i}@example.test`, 'x', '192.0.2.66')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signIn(u.email, TEST_PASSWORD, '192.0.2.66')).rejects.toThrow(/Too many failed/);
    expect(await signIn(u.email, TEST_PASSWORD, '192.0.2.67')).toMatchObject({ id: u.id });
  });

  it('counts the socket address through next-auth: a spoofed X-Forwarded-For can neither bypass nor aim the address lock', async () => {
    vi.stubEnv(PEER_TOKEN_ENV, 'test-peer-token');
    const provider = getAuthOptions().providers[0] as unknown as {
      options: { authorize: (c: unknown, req: unknown) => Promise<unknown> };
    };
    // What next-auth hands authorize(): the request headers as a record, with the stamp scripts/server.mjs adds.
    const from = (socket: string, forwardedFor?: string) => ({
      headers: {
        [PEER_HEADER]: `test-peer-token ${socket}`,
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
    });
    const authorize = (email: string, password: string, req: unknown) =>
      provider.options.authorize({ email, password }, req);
    const u = await makeStaff(t.handle.db, 'support');
    for (let i = 0; i < IP_POLICY.maxFailures; i++) {
      await expect(authorize(`spray${i}@example.test`, 'x', from('192.0.2.90', `203.0.113.${i + 1}`))).rejects.toThrow(
        WRONG_CREDENTIALS,
      );
    }
    await expect(authorize(u.email, TEST_PASSWORD, from('192.0.2.90', '203.0.113.7'))).rejects.toThrow(
      /Too many failed/,
    );
    await expect(authorize(u.email, TEST_PASSWORD, from('192.0.2.90', '203.0.113.7, 198.51.100.3'))).rejects.toThrow(
      /Too many failed/,
    );
    // The addresses named in the header were never counted: their owner signs in.
    const counted = await t.handle.db.select({ key: loginThrottle.key }).from(loginThrottle);
    expect(counted.filter((r) => r.key.startsWith('ip:')).map((r) => r.key)).toEqual(['ip:192.0.2.90']);
    expect(await authorize(u.email, TEST_PASSWORD, from('203.0.113.7'))).toMatchObject({ id: u.id });
    vi.unstubAllEnvs();
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
    await Promise.all(
      Array.from({ length: 12 }, () =>
        recordFailure(t.handle.db, 'email:burst@example.test', {
          maxFailures: 100,
          windowMinutes: 15,
          lockMinutes: 15,
        }),
      ),
    );
    const [row] = await t.handle.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.key, 'email:burst@example.test'));
    expect(row!.failures).toBe(12);
  });

  it('restarts the count when the window has passed, and lifts expired locks', async () => {
    const key = 'email:old@example.test';
    for (let i = 0; i < 5; i++) await recordFailure(t.handle.db, key, ACCOUNT_POLICY);
    expect(await activeLock(t.handle.db, [key])).toBeInstanceOf(Date);
    await t.handle.db.execute(
      sql`update login_throttle set window_started_at = now() - interval '16 minutes', locked_until = now() - interval '1 second' where key = ${key}`,
    );
    expect(await activeLock(t.handle.db, [key])).toBeNull();
    await recordFailure(t.handle.db, key, ACCOUNT_POLICY);
    const [row] = await t.handle.db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
    expect(row!.failures).toBe(1);
  });
});
