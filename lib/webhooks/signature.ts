/**
 * Signatures on everything Bobbin posts to other systems (outbound webhooks, alert webhooks).
 *
 * Header `Bobbin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Several `v1=`
 * entries may appear while a secret is being rotated (one per live secret); a receiver accepts the request when
 * any matches and `t` is within its replay window. Signing the timestamp with the body means a captured request
 * cannot be replayed later with a fresh timestamp.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** @public The header receivers read (the outbox's deliveries send it). */
export const SIGNATURE_HEADER = 'Bobbin-Signature';
/** How far a receiver should let `t` drift from its clock, either way. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for `body` signed at `timestamp` (unix seconds) with each of `secrets`. */
export function signatureHeader(secrets: readonly string[], body: string, timestamp: number): string {
  if (secrets.length === 0) throw new Error('signatureHeader needs at least one secret');
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${digest(secret, timestamp, body)}`)].join(',');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'mismatch' };

/** What a receiver does: parse the header, check the window, compare in constant time. */
export function verifySignature(
  header: string | null | undefined,
  secret: string,
  body: string,
  nowSeconds: number,
  windowSeconds = DEFAULT_REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > windowSeconds) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  const match = candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return match ? { ok: true } : { ok: false, reason: 'mismatch' };
}
