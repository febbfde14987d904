import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { DomainError } from '../errors';
import { can, type Permission } from '../permissions';
import { getSessionUser, type SessionUser } from './session';
import type { ApiScope } from '../api-scopes';
import { readBodyBytes } from './body';
import { errorResponse } from './error-response';
import { checkSameOrigin, isStateChanging } from './origin';
import { BAD_INPUT_MESSAGE, isBadInputDbError } from './db-errors';
import { findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { getDb } from '../../db/client';
import { verifyApiKey } from '../../db/queries/api-keys';
import { acceptRequestId, REQUEST_ID_HEADER } from '../request-id';
import { log } from './log';
import { currentRequestId, runWithRequest } from './request-context';
import { setSpanAttributes, withSpan } from './tracing';

export type RouteAccess =
  | { kind: 'public'; why: string }
  | { kind: 'session'; permission: Permission }
  | { kind: 'apiKey'; scope: ApiScope };
export type RouteMeta = { access: RouteAccess };

type Ctx = { params: Promise<Record<string, string | string[]>> };
export type Handler = ((req: Request, ctx: Ctx) => Promise<Response>) & { meta: RouteMeta };

/** Who made a request, for its log line and span (filled in once known; `keyId`: the redaction hides any "apiKey…" field). */
type Caller = { userId?: string; keyId?: string };

/**
 * What every wrapper does around its handler: take the request id (a sane incoming X-Request-Id, which the proxy
 * sets, or a fresh one), run the handler inside the request context and a span, turn failures into error
 * responses, return the id as a header, and write one log line: route, status, duration, user or key.
 */
async function serve(req: Request, handle: (caller: Caller) => Promise<Response>): Promise<Response> {
  const requestId = acceptRequestId(req.headers.get(REQUEST_ID_HEADER));
  const started = performance.now();
  const caller: Caller = {};
  const route = new URL(req.url).pathname;
  let status: number | undefined;
  try {
    return await runWithRequest({ requestId }, () =>
      // Ids in the path would make every span name unique; the path itself is an attribute.
      withSpan(
        `route ${req.method} ${route.replace(/\/(?:[0-9a-f-]{8,}|\d+)(?=\/|$)/gi, '/:id')}`,
        { 'http.request.method': req.method, 'url.path': route, 'bobbin.request_id': requestId },
        async () => {
          let res: Response;
          try {
            res = await handle(caller);
          } catch (err) {
            res = handleRouteError(err);
          }
          status = res.status;
          setSpanAttributes({
            'http.response.status_code': res.status,
            ...(caller.userId ? { 'enduser.id': caller.userId } : {}),
            ...(caller.keyId ? { 'bobbin.api_key_id': caller.keyId } : {}),
          });
          return withRequestIdHeader(res, requestId);
        },
      ),
    );
  } finally {
    // No status: Next control flow (redirect, notFound) passed through; Next answers it.
    const line = {
      requestId,
      method: req.method,
      route,
      status: status ?? null,
      ms: Math.round(performance.now() - started),
      ...caller,
    };
    if (status !== undefined && status >= 500) log.error(line, 'request failed');
    else log.info(line, 'request');
  }
}

function withRequestIdHeader(res: Response, requestId: string): Response {
  try {
    res.headers.set(REQUEST_ID_HEADER, requestId);
    return res;
  } catch {
    // Immutable headers (Response.redirect): copy the response.
    const copy = new Response(res.body, res);
    copy.headers.set(REQUEST_ID_HEADER, requestId);
    return copy;
  }
}

export { errorResponse };

/**
 * Route handler for signed-in staff holding `permission` (lib/permissions.ts); domain errors become JSON with the right status. The session
 * is a cookie, so a state-changing method must come from our own origin (lib/server/origin.ts), checked before
 * the session so a cross-site request learns nothing.
 */
export function staffRoute(
  permission: Permission,
  run: (req: Request, user: SessionUser, ctx: Ctx) => Promise<Response>,
): Handler {
  const handler = (req: Request, ctx: Ctx) =>
    serve(req, async (caller) => {
      if (isStateChanging(req.method)) {
        const verdict = checkSameOrigin(req.headers);
        if (!verdict.ok) return errorResponse('forbidden', verdict.message);
      }
      const user = await getSessionUser();
      if (!user) return errorResponse('unauthenticated', 'Sign in first.');
      caller.userId = user.id;
      if (!can(user.role, permission)) return errorResponse('forbidden', 'You are not allowed to do this.');
      return run(req, user, ctx);
    });
  return Object.assign(handler, { meta: { access: { kind: 'session', permission } as const } });
}

/**
 * Route handler for machines: `Authorization: Bearer <key>` with `scope`. A staff session does not grant access.
 */
export function apiKeyRoute(
  scope: ApiScope,
  run: (req: Request, key: { id: string; name: string }, ctx: Ctx) => Promise<Response>,
): Handler {
  const handler = (req: Request, ctx: Ctx) =>
    serve(req, async (caller) => {
      const header = req.headers.get('authorization') ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const key = token?.startsWith('bob_') ? await verifyApiKey(await getDb(), token, scope) : null;
      if (!key) {
        return errorResponse(
          'unauthenticated',
          `A valid API key with the ${scope} scope is required (Authorization: Bearer …).`,
          undefined,
          {
            headers: { 'www-authenticate': 'Bearer' },
          },
        );
      }
      caller.keyId = key.id;
      return run(req, key, ctx);
    });
  return Object.assign(handler, { meta: { access: { kind: 'apiKey', scope } as const } });
}

/** Reads a request body as text, refusing (413) past `maxBytes` even when Content-Length lies or is absent. */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<string | Response> {
  const bytes = await readBodyBytes(req, maxBytes);
  const limit =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  if (!bytes) return errorResponse('payload_too_large', `The request body is larger than ${limit}.`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Reads a size-limited JSON body: the parsed value, or the Response to send (413 too large, 400 not JSON). */
export async function readJsonLimited(req: Request, maxBytes: number): Promise<{ json: unknown } | Response> {
  const body = await readBodyLimited(req, maxBytes);
  if (body instanceof Response) return body;
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch {
    return errorResponse('invalid', 'The body is not valid JSON.');
  }
  const bad = findUnstorableText(json);
  if (bad !== null) return errorResponse('invalid', 'Some fields need attention.', { [bad]: [UNSTORABLE_TEXT] });
  return { json };
}

/** A route anyone may call; `why` documents the decision and the role matrix test prints it. */
export function publicRoute(why: string, run: (req: Request, ctx: Ctx) => Promise<Response>): Handler {
  const handler = (req: Request, ctx: Ctx) => serve(req, () => run(req, ctx));
  return Object.assign(handler, { meta: { access: { kind: 'public', why } as const } });
}

function handleRouteError(err: unknown): Response {
  unstable_rethrow(err);
  if (err instanceof DomainError)
    return errorResponse(err.code, err.message, err.fieldErrors, { details: err.details });
  if (isBadInputDbError(err)) return errorResponse('invalid', BAD_INPUT_MESSAGE);
  log.error({ err }, 'route failed');
  return errorResponse('internal', 'Something went wrong.');
}

export function isHandler(value: unknown): value is Handler {
  return typeof value === 'function' && typeof (value as { meta?: RouteMeta }).meta?.access === 'object';
}
