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
  const storable =
    isStorableText(path) && [...url.searchParams].every(([k, v]) => isStorableText(k) && isStorableText(v));
  return storable ? null : refuse(url, 'The address contains a NUL byte or broken characters.');
}

function refuse(url: URL, message: string): Response {
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return errorResponse('invalid', message);
  return new Response(`Bad request: ${message}`, {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
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
  if (declared === null || !/^\d+$/.test(declared))
    return errorResponse('length_required', 'Send the form with a Content-Length.');
  if (Number(declared) > ACTION_BODY_LIMIT_BYTES)
    return errorResponse('payload_too_large', 'The form is larger than 1 MB; nothing was saved.');
  return null;
}

/**
 * The body of a server action call made by JavaScript (`Next-Action` header) in React's reply format: a JSON
 * array of arguments, as text or as the `0` field of a multipart form whose other numeric fields are the parts
 * `$<hex>`-style references point to. Next answers a body that is not (`{{{`, a truncated multipart, `["$Q1"]`
 * pointing at a part that is not there) with a 500; here it is a 400 before Next decodes it. Only structure is
 * checked; the values are the action's zod schema's business.
 */
export async function screenActionBody(request: Request): Promise<Response | null> {
  const bad = () =>
    errorResponse('invalid', 'The action request is malformed; nothing was saved. Reload the page and try again.');
  const type = request.headers.get('content-type') ?? '';
  let root: string;
  let parts: Map<number, string>;
  try {
    if (type.startsWith('multipart/form-data')) {
      const form = await request.clone().formData();
      parts = new Map();
      for (const [k, v] of form) if (/^\d+$/.test(k) && typeof v === 'string') parts.set(Number(k), v);
      if (!parts.has(0)) return bad();
      root = parts.get(0)!;
    } else {
      root = await request.clone().text();
      parts = new Map([[0, root]]);
    }
    const args: unknown = JSON.parse(root);
    if (!Array.isArray(args)) return bad();
    for (const part of parts.values()) if (!referencesResolve(JSON.parse(part), parts)) return bad();
  } catch {
    return bad();
  }
  return null;
}

/** `$<hex>`, `$@<hex>`, `$Q<hex>`… (optionally `:path`) name part <hex>; it must exist. Other `$` forms are values. */
function referencesResolve(value: unknown, parts: Map<number, string>, depth = 0): boolean {
  if (typeof value === 'string') {
    const ref = /^\$[@QWiBhF]?([0-9a-f]{1,8})(?::|$)/.exec(value);
    return !ref || parts.has(parseInt(ref[1]!, 16));
  }
  if (depth > 64 || value === null || typeof value !== 'object') return true;
  return Object.values(value).every((v) => referencesResolve(v, parts, depth + 1));
}
