import { getEnv, type TrustedProxy } from '../env';

/**
 * The one same-origin check for every cookie-authenticated state change: server actions (in proxy.ts, before
 * Next sees them) and the session route handlers (staffRoute). A browser always sends `Origin` on a POST; a
 * request whose Origin names another site (including another port of the same host, which is same-site but not
 * same-origin), says `null`, or is missing (unless the browser vouches with `Sec-Fetch-Site: same-origin`) is
 * refused. The host it is compared with is the `Host` header; `X-Forwarded-Host` counts only when a proxy is
 * trusted (TRUSTED_PROXY_HOPS), since otherwise the client writes it.
 */
export type OriginVerdict = { ok: true } | { ok: false; message: string };

export const FOREIGN_ORIGIN_MESSAGE =
  'This request did not come from a Bobbin page (its Origin header names another site), so nothing was changed.';
export const MISSING_ORIGIN_MESSAGE =
  'This request has no Origin header, so it cannot be told apart from a cross-site request; nothing was changed.';

export function checkSameOrigin(
  headers: Headers,
  trust: TrustedProxy = getEnv().trustedProxy,
  publicUrl: string | undefined = process.env.NEXTAUTH_URL,
): OriginVerdict {
  const origin = headers.get('origin');
  if (!origin) {
    return headers.get('sec-fetch-site') === 'same-origin'
      ? { ok: true }
      : { ok: false, message: MISSING_ORIGIN_MESSAGE };
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return { ok: false, message: FOREIGN_ORIGIN_MESSAGE }; // includes `Origin: null`
  }
  return originHost !== '' && ownHosts(headers, trust, publicUrl).includes(originHost)
    ? { ok: true }
    : { ok: false, message: FOREIGN_ORIGIN_MESSAGE };
}

/** The host names this request may legitimately come from. */
export function ownHosts(headers: Headers, trust: TrustedProxy, publicUrl?: string): string[] {
  const hosts: string[] = [];
  const host = headers.get('host')?.trim().toLowerCase();
  if (host) hosts.push(host);
  const proxied = trust.kind === 'vercel' || trust.hops > 0;
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase();
  if (proxied && forwarded) hosts.push(forwarded);
  if (publicUrl) {
    try {
      hosts.push(new URL(publicUrl).host.toLowerCase());
    } catch {
      /* not a URL: next-auth reports it */
    }
  }
  return hosts;
}

/** Methods that change state and so need the check. */
export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
