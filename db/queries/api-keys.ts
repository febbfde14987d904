import crypto from 'node:crypto';
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiKeys, users } from '../schema';
import { InvalidInput, NotFound } from '../../lib/errors';
import type { ApiScope } from '../../lib/api-scopes';
import type { Sort } from '../../lib/url-state';
import { writeAudit, type Actor } from './audit';

const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');

/**
 * Creates a key and returns it in clear exactly once; only its SHA-256 is stored. At least one scope (least
 * privilege: a key does only what its one consumer needs); `expiresInDays` null means it never expires.
 */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; scopes: ApiScope[]; expiresInDays?: number | null },
) {
  if (input.scopes.length === 0)
    throw new InvalidInput('Choose at least one scope.', { scopes: ['Choose at least one scope.'] });
  const key = `bob_${crypto.randomBytes(24).toString('base64url')}`;
  const days = input.expiresInDays ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix: key.slice(0, 10),
        keyHash: hashKey(key),
        scopes: [...new Set(input.scopes)],
        createdBy: actor.id,
        expiresAt: days === null ? null : sql`now() + make_interval(days => ${days}::int)`,
      })
      .returning({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
      });
    await writeAudit(tx, actor, {
      entityType: 'api_key',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: {
        name: row!.name,
        scopes: row!.scopes,
        prefix: row!.prefix,
        expiresAt: row!.expiresAt?.toISOString() ?? null,
      },
    });
    return { ...row!, key };
  });
}

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (!row) throw new NotFound('That active API key');
    await writeAudit(tx, actor, {
      entityType: 'api_key',
      entityId: id,
      action: 'revoke',
      before: { revoked: false },
      after: { revoked: true },
    });
    return row;
  });
}

export type ApiKeyQuery = {
  status?: 'active' | 'revoked' | 'expired';
  sort?: Sort<'created' | 'name' | 'lastUsed'>;
};

/** API keys with their creator; filtered by state and sorted in SQL (the list's header sorts). */
export async function listApiKeys(db: Db, query: ApiKeyQuery = {}) {
  const { key = 'created', dir = 'desc' } = query.sort ?? {};
  const by = dir === 'desc' ? desc : asc;
  const order =
    key === 'name'
      ? [by(sql`lower(${apiKeys.name})`), by(apiKeys.id)]
      : key === 'lastUsed'
        ? // Never-used keys count as the oldest use.
          [sql`${apiKeys.lastUsedAt} ${dir === 'desc' ? sql`desc nulls last` : sql`asc nulls first`}`, by(apiKeys.id)]
        : [by(apiKeys.createdAt), by(apiKeys.id)];
  const notExpired = or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`));
  const where =
    query.status === 'revoked'
      ? isNotNull(apiKeys.revokedAt)
      : query.status === 'expired'
        ? and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, sql`now()`))
        : query.status === 'active'
          ? and(isNull(apiKeys.revokedAt), notExpired)
          : undefined;
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      expired: sql<boolean>`coalesce(${apiKeys.expiresAt} <= now(), false)`,
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(where)
    .orderBy(...order);
}

/** The active (not revoked, not expired) key matching `key` with `scope`, or null. Marks it used (at most once a minute, to spare writes). */
export async function verifyApiKey(db: Db, key: string, scope: ApiScope) {
  if (!key.startsWith('bob_') || key.length > 200) return null;
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, hashKey(key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
  if (!row || !row.scopes.includes(scope)) return null;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, row.id),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
  return row;
}
