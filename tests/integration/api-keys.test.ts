import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';
import { listAudit } from '@/db/queries/audit';
import { createApiKey, listApiKeys, verifyApiKey } from '@/db/queries/api-keys';
import type { SessionUser } from '@/lib/server/session';
import { createApiKeyAction } from '@/app/(admin)/api-keys/actions';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeStaff } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
beforeEach(async () => {
  session.user = asSession(await makeStaff(t.handle.db, 'admin'));
});

const form = (fields: [string, string][]) => {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  return fd;
};
const actor = () => ({ id: session.user!.id, label: session.user!.email });

describe(`API keys with least privilege (${TEST_DRIVER})`, () => {
  it('refuses a key without a scope with a field error, in the action and in the query', async () => {
    const result = await createApiKeyAction(
      null,
      form([
        ['name', 'prometheus'],
        ['expiresIn', '90'],
      ]),
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { scopes: ['Choose at least one scope.'] },
    });
    await expect(createApiKey(t.handle.db, actor(), { name: 'none', scopes: [] })).rejects.toMatchObject({
      code: 'invalid',
      fieldErrors: { scopes: ['Choose at least one scope.'] },
    });
    expect(await listApiKeys(t.handle.db)).toHaveLength(0);
  });

  it('refuses an unknown scope or expiry choice with field errors', async () => {
    const result = await createApiKeyAction(
      null,
      form([
        ['name', 'x-key'],
        ['scopes', 'everything'],
        ['expiresIn', '9999'],
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['expiresIn', 'scopes.0']);
  });

  it('creates a key with only the chosen scope and a 90-day expiry; it grants nothing else', async () => {
    const result = await createApiKeyAction(
      null,
      form([
        ['name', 'prometheus'],
        ['scopes', 'metrics:read'],
        ['expiresIn', '90'],
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [listed] = await listApiKeys(t.handle.db);
    expect(listed).toMatchObject({ name: 'prometheus', scopes: ['metrics:read'], lastUsedAt: null, expired: false });
    const days = (listed!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect(await verifyApiKey(t.handle.db, result.data.key, 'inventory:reserve')).toBeNull();
    expect(await verifyApiKey(t.handle.db, result.data.key, 'metrics:read')).toMatchObject({ name: 'prometheus' });
    expect((await listApiKeys(t.handle.db))[0]!.lastUsedAt).toBeInstanceOf(Date);
    const [audit] = await listAudit(t.handle.db, { entityType: 'api_key' });
    expect(audit!.changes).toMatchObject({
      scopes: [null, ['metrics:read']],
      expiresAt: [null, listed!.expiresAt!.toISOString()],
    });
  });

  it('refuses an expired key; a key that never expires keeps working', async () => {
    const expiring = await createApiKey(t.handle.db, actor(), {
      name: 'short-lived',
      scopes: ['oplog:write'],
      expiresInDays: 30,
    });
    const forever = await createApiKey(t.handle.db, actor(), {
      name: 'forever',
      scopes: ['oplog:write'],
      expiresInDays: null,
    });
    expect(await verifyApiKey(t.handle.db, expiring.key, 'oplog:write')).not.toBeNull();
    await t.handle.db
      .update(apiKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiKeys.id, expiring.id));
    expect(await verifyApiKey(t.handle.db, expiring.key, 'oplog:write')).toBeNull();
    expect(await verifyApiKey(t.handle.db, forever.key, 'oplog:write')).not.toBeNull();
    const listed = await listApiKeys(t.handle.db);
    expect(listed.find((k) => k.name === 'short-lived')).toMatchObject({ expired: true });
    expect(listed.find((k) => k.name === 'forever')).toMatchObject({ expired: false, expiresAt: null });
  });
});
