/** Sign-in throttling policy: per account and per client address. */
export type ThrottlePolicy = { maxFailures: number; windowMinutes: number; lockMinutes: number };

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };
export const IP_POLICY: ThrottlePolicy = { maxFailures: 30, windowMinutes: 15, lockMinutes: 15 };

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** The message a throttled sign-in shows; the same whether or not the account exists. */
export function throttledMessage(lockedUntil: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/**
 * The client address for per-address throttling. X-Forwarded-For is a list each proxy appends to, so only
 * its right end is trustworthy: with `hops` reverse proxies in front (TRUSTED_PROXY_HOPS, default 1), the
 * client is the `hops`-th entry from the right. Without any proxy, Next fills the header with the socket
 * address when the client did not send one. Earlier entries are whatever the client wrote.
 */
export function clientIp(
  headers: Record<string, string | string[] | undefined> | Headers | undefined,
  hops = trustedProxyHops(),
): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const chain = (get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (chain.length) return chain[Math.max(0, chain.length - Math.max(1, hops))]!;
  return get('x-real-ip')?.trim() || 'unknown';
}

function trustedProxyHops(): number {
  const n = Number(process.env.TRUSTED_PROXY_HOPS ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : 1;
}
