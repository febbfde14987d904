import { getEnv, type TrustedProxy } from './env';

/**
 * The socket address, as stamped by Bobbin's own HTTP server (scripts/server.mjs) on every request.
 * Next.js does not expose the socket address to route handlers, server actions or next-auth (NextRequest.ip
 * was removed in 15), and it only fills X-Forwarded-For with it when the client sent none, so the client can
 * write that header. The server replaces any incoming value of this header with `<token> <address>`; the token
 * is random per process and lives only in that process's environment, so a client cannot forge the stamp
 * even when the app is started some other way (then there is no token and no stamp is believed).
 */
// Same name as scripts/peer-stamp.mjs (tests/unit/small-rules.test.ts stamps with one and reads with the other).
export const PEER_HEADER = 'x-bobbin-peer';
export const PEER_TOKEN_ENV = 'BOBBIN_PEER_TOKEN';

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function getter(headers: HeaderBag) {
  return (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
}

/** The stamped socket address, or null when the stamp is missing or not from this process's server. */
export function peerAddress(headers: HeaderBag, token = process.env[PEER_TOKEN_ENV]): string | null {
  const stamp = getter(headers)(PEER_HEADER);
  if (!token || !stamp) return null;
  const [got, addr] = stamp.split(' ');
  return got === token && addr ? normalizeAddress(addr) : null;
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is 10.0.0.1. */
function normalizeAddress(addr: string): string {
  return addr.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/**
 * The client address for per-address limits (sign-in throttling, survey submissions), per TRUSTED_PROXY_HOPS:
 * - 0 (default): the socket address; X-Forwarded-For is whatever the client wrote and is ignored.
 * - n >= 1: each trusted proxy appends the address it saw, so the chain is [...X-Forwarded-For, socket] and the
 *   client is the n-th entry from its right; entries further left are the client's own writing.
 * - vercel: Vercel's edge overwrites X-Real-IP / X-Forwarded-For with the client address.
 * 'unknown' when the address cannot be known (the app was not started through scripts/server.mjs): every such
 * client then shares one bucket, which fails closed rather than letting a header choose the bucket.
 */
export function clientIp(
  headers: HeaderBag,
  trust: TrustedProxy = getEnv().trustedProxy,
  token = process.env[PEER_TOKEN_ENV],
): string {
  const get = getter(headers);
  if (trust.kind === 'vercel') {
    return get('x-real-ip')?.trim() || get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
  }
  const peer = peerAddress(headers, token);
  if (trust.hops === 0) return peer ?? 'unknown';
  const forwarded = (get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Without a stamp the socket (the nearest proxy) is unknown, but only its position in the chain matters.
  const chain = [...forwarded, peer ?? ''];
  const at = chain.length - 1 - trust.hops;
  return normalizeAddress(chain[Math.max(0, at)] ?? '') || 'unknown';
}
