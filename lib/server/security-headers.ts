/**
 * Security headers. The static ones go on every response (next.config.ts); the page CSP carries a fresh
 * nonce per request and is set by proxy.ts, which Next reads back to put the nonce on its own scripts.
 */

/** Headers that do not depend on the request: on every response, static files included. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // Nothing uses these features; camera=(self) can be granted here if barcode scanning comes.
  {
    key: 'Permissions-Policy',
    value:
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=()',
  },
];

/**
 * The CSP for pages. Scripts: only those carrying this request's nonce, and what they load ('strict-dynamic');
 * `unsafe-eval` only in development, where React needs it for its debugging stacks. Styles allow inline because
 * React renders `style` attributes (recharts sizes its SVG that way) and a nonce cannot cover attributes; style
 * injection cannot run code. Survey option images may be any https URL (the builder allows them).
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** For JSON, CSV and other non-page responses: nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** HSTS, sent only on responses served over https (browsers ignore it over http anyway). */
export const HSTS = 'max-age=31536000; includeSubDomains';
