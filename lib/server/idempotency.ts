import crypto from 'node:crypto';
import { claimIdempotencyKey, saveIdempotentResponse } from '../../db/queries/idempotency';
import type { Db } from '../../db/client';
import { errorResponse } from './route';

/** How long an ingest Idempotency-Key is honoured (README, OpenAPI); op-log maintenance deletes older keys. */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The header's value: 1-255 visible ASCII characters (the check below and the OpenAPI document). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key: null without one, a 400 Response when malformed. */
export function idempotencyKeyOf(req: Request): string | null | Response {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    return errorResponse('invalid', `${IDEMPOTENCY_HEADER} must be 1 to 255 visible ASCII characters (no spaces).`, {
      [IDEMPOTENCY_HEADER]: ['1 to 255 visible ASCII characters.'],
    });
  }
  return key;
}

/** sha256 of the parsed body, re-serialized: the same JSON sent with other whitespace is the same request. */
export function bodyHash(json: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(json)).digest('hex');
}

/** The 409 for a key already used with another body (or, `otherRoute`, on another endpoint). */
export function keyConflict(key: string, otherRoute?: string): Response {
  return errorResponse(
    'conflict',
    `${IDEMPOTENCY_HEADER} "${key}" was already used ${otherRoute ? `on ${otherRoute}` : 'with a different request body'} in the last ${IDEMPOTENCY_TTL_HOURS} hours; nothing was written. Send a new key for a new batch.`,
  );
}

/**
 * Runs an ingest in one transaction of the log database under an idempotency key: the key, the body hash and
 * the response are stored with the rows, so a retry (even a concurrent one) writes nothing twice and gets the
 * first answer back (`Idempotency-Replayed: true`), and the same key with another body or endpoint is a 409.
 * `afterCommit` runs only for the request that wrote.
 */
export async function runIdempotent(
  db: Db,
  req: { apiKeyId: string; key: string; route: string; json: unknown },
  write: (tx: Db) => Promise<{ status: number; body: unknown }>,
  afterCommit?: () => void,
): Promise<Response> {
  const claim = { apiKeyId: req.apiKeyId, key: req.key, route: req.route, bodyHash: bodyHash(req.json) };
  const out = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const claimed = await claimIdempotencyKey(t, claim, IDEMPOTENCY_TTL_HOURS);
    if (claimed !== true) return { replayed: true as const, stored: claimed };
    const r = await write(t);
    await saveIdempotentResponse(t, claim, r.status, r.body);
    return { replayed: false as const, r };
  });
  if (!out.replayed) {
    afterCommit?.();
    return Response.json(out.r.body, { status: out.r.status });
  }
  const s = out.stored;
  if (s.route !== claim.route || s.bodyHash !== claim.bodyHash) {
    return keyConflict(req.key, s.route !== claim.route ? s.route : undefined);
  }
  return Response.json(s.response, { status: s.status, headers: { 'Idempotency-Replayed': 'true' } });
}
