import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows } from '../codec';

export type IdempotencyClaim = { apiKeyId: string; key: string; route: string; bodyHash: string };
export type StoredResponse = { route: string; bodyHash: string; status: number; response: unknown };

/**
 * Claims an idempotency key inside the caller's transaction: true when this transaction now owns it (new, or
 * expired and taken over), otherwise the stored request and response of the transaction that used it first.
 * A concurrent claim of the same key waits on the key's unique index until the first transaction ends, then
 * finds its committed response (or, if that one rolled back, claims the key itself): retries never both write.
 */
export async function claimIdempotencyKey(
  tx: Db,
  c: IdempotencyClaim,
  ttlHours: number,
): Promise<true | StoredResponse> {
  const claimed = rowsOf(
    await tx.execute(sql`
      insert into ingest_idempotency_keys as k (api_key_id, key, route, body_hash) values (${c.apiKeyId}, ${c.key}, ${c.route}, ${c.bodyHash})
      on conflict (api_key_id, key) do update set route = excluded.route, body_hash = excluded.body_hash, status = null, response = null, created_at = now()
        where k.created_at < now() - make_interval(hours => ${ttlHours})
      returning 1`),
  );
  if (claimed.length) return true;
  const stored = decodeRows(
    { route: col.text, body_hash: col.text, status: col.nullable(col.number), response: col.nullable(col.json) },
    await tx.execute(
      sql`select route, body_hash, status, response from ingest_idempotency_keys where api_key_id = ${c.apiKeyId} and key = ${c.key}`,
    ),
  )[0];
  if (!stored) throw new Error('idempotency key vanished between claim and read'); // expiry ran in between: the route answers 500, a retry succeeds
  return {
    route: stored.route,
    bodyHash: stored.body_hash,
    status: stored.status ?? 0, // null until the response is recorded
    response: stored.response,
  };
}

/** Records the response of a claimed key, in the same transaction as the rows it answers for. */
export async function saveIdempotentResponse(
  tx: Db,
  c: Pick<IdempotencyClaim, 'apiKeyId' | 'key'>,
  status: number,
  response: unknown,
): Promise<void> {
  await tx.execute(
    sql`update ingest_idempotency_keys set status = ${status}, response = ${JSON.stringify(response)}::jsonb where api_key_id = ${c.apiKeyId} and key = ${c.key}`,
  );
}

/** Deletes keys older than the time they are kept (op-log maintenance). */
export async function expireIdempotencyKeys(db: Db, ttlHours: number): Promise<number> {
  return rowsOf(
    await db.execute(
      sql`delete from ingest_idempotency_keys where created_at < now() - make_interval(hours => ${ttlHours}) returning 1`,
    ),
  ).length;
}
