import { isStorableText } from '../validation';
import type { TrustedProxy } from '../env';
import { errorResponse } from './error-response';
import { checkSameOrigin } from './origin';

/** Next's own limit for server action bodies (serverActions.bodySizeLimit, unset = 1 MB). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Refuses addresses no page or route can use, before any of them tries: a path with malformed
 * percent-encoding (`/s/%ZZ`, which makes Next's param decoding throw) or a NUL byte in the path or the query
 * (which PostgreSQL text cannot hold). 400, JSON under /api, plain text for pages. Used by proxy.ts.
 */
export function screenUrl(url: URL): Response | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return refuse(url, 'The address has malformed percent-encoding.');
  }
  const storable = isStorableText(path) && [...url.searchParams].every(([k, v]) => isStorableText(k) && isStorableText(v));
  return storable ? null : refuse(url, 'The address contains a NUL byte or broken characters.');
}

function refuse(url: URL, message: string): Response {
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return errorResponse('invalid', message);
  return new Response(`Bad request: ${message}`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * A POST to a page is a server action (with JavaScript, or a plain form without): a foreign or missing Origin
 * is 403 (Next's own check answers 500 and lets a missing Origin through), a body over the action limit 413
 * (Next answers 500), a body without a declared length 411 (so the limit cannot be dodged by streaming).
 */
export function screenPagePost(headers: Headers, trust: TrustedProxy): Response | null {
  const verdict = checkSameOrigin(headers, trust);
  if (!verdict.ok) return errorResponse('forbidden', verdict.message);
  const declared = headers.get('content-length');
  if (declared === null || !/^\d+$/.test(declared)) return errorResponse('invalid', 'Send the form with a Content-Length.', undefined, { status: 411 });
  if (Number(declared) > ACTION_BODY_LIMIT_BYTES) return errorResponse('invalid', 'The form is larger than 1 MB; nothing was saved.', undefined, { status: 413 });
  return null;
}
