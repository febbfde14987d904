import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from './lib/env';
import { acceptRequestId, REQUEST_ID_HEADER } from './lib/request-id';
import { isStateChanging } from './lib/server/origin';
import { API_CSP, HSTS, pageCsp } from './lib/server/security-headers';
import { screenActionBody, screenPagePost, screenUrl } from './lib/server/request-screen';

/**
 * Runs before every request except static files (Next 16's proxy, formerly middleware):
 * - refuses addresses with malformed percent-encoding (`/s/%ZZ`) or NUL bytes with 400 (lib/server/request-screen.ts);
 * - guards server actions (any POST to a page, with or without JavaScript): foreign or missing Origin 403,
 *   body over the action limit 413, no declared length 411 (screenPagePost); a JavaScript action call whose
 *   body is not a well-formed React reply 400 (screenActionBody), where Next would answer 500;
 * - gives every request an id (a sane incoming X-Request-Id, else a fresh one): passed on as a request header to
 *   route handlers, actions and pages (`headers()`), and returned on the response;
 * - drops a client-written X-Forwarded-Host when no proxy is trusted, so Next's checks compare with Host;
 * - sets the per-request CSP nonce (read by Next for its scripts and by app/layout.tsx) and HSTS over https.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const api = pathname === '/api' || pathname.startsWith('/api/');
  const trust = getEnv().trustedProxy;
  const proxied = trust.kind === 'vercel' || trust.hops > 0;
  const https =
    (proxied
      ? request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
      : request.nextUrl.protocol.replace(/:$/, '')) === 'https';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = api ? API_CSP : pageCsp(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
  const finish = (res: Response) => {
    res.headers.set('Content-Security-Policy', csp);
    res.headers.set(REQUEST_ID_HEADER, requestId);
    if (https) res.headers.set('Strict-Transport-Security', HSTS);
    return res;
  };

  const malformed = screenUrl(request.nextUrl);
  if (malformed) return finish(malformed);
  if (!api && isStateChanging(request.method)) {
    const refused =
      screenPagePost(request.headers, trust) ??
      (request.headers.has('next-action') ? await screenActionBody(request) : null);
    if (refused) return finish(refused);
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  if (!proxied) headers.delete('x-forwarded-host');
  if (!api) {
    headers.set('x-nonce', nonce);
    headers.set('Content-Security-Policy', csp);
  }
  return finish(NextResponse.next({ request: { headers } }));
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
