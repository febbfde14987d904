import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { DomainError, STATUS_OF, type ErrorCode, type FieldErrors } from '../errors';
import { roleAllows, type Role } from '../roles';
import { getSessionUser, type SessionUser } from './session';
import type { ApiScope } from '../api-scopes';
import { readBodyBytes } from './body';
import { errorResponse } from './error-response';
import { checkSameOrigin, isStateChanging } from './origin';
import { BAD_INPUT_MESSAGE, isBadInputDbError } from './db-errors';
import { findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { getDb } from '../../db/client';
import { verifyApiKey } from '../../db/queries/api-keys';

export type RouteAccess = { kind: 'public'; why: string } | { kind: 'session'; roles: readonly Role[] } | { kind: 'apiKey'; scope: ApiScope };
export type RouteMeta = { access: RouteAccess };

type Ctx = { params: Promise<Record<string, string | string[]>> };
export type Handler = ((req: Request, ctx: Ctx) => Promise<Response>) & { meta: RouteMeta };

export { errorResponse };

/**
 * Route handler for signed-in staff in `roles`; domain errors become JSON with the right status. The session
 * is a cookie, so a state-changing method must come from our own origin (lib/server/origin.ts), checked before
 * the session so a cross-site request learns nothing.
 */
export function staffRoute(roles: readonly Role[], run: (req: Request, user: SessionUser, ctx: Ctx) => Promise<Response>): Handler {
  const handler = async (req: Request, ctx: Ctx) => {
    try {
      if (isStateChanging(req.method)) {
        const verdict = checkSameOrigin(req.headers);
        if (!verdict.ok) return errorResponse('forbidden', verdict.message);
      }
      const user = await getSessionUser();
      if (!user) return errorResponse('unauthenticated', 'Sign in first.');
      if (!roleAllows(user.role, roles)) return errorResponse('forbidden', 'You are not allowed to do this.');
      return await run(req, user, ctx);
    } catch (err) {
      return handleRouteError(err);
    }
  };
  return Object.assign(handler, { meta: { access: { kind: 'session', roles } as const } });
}

/**
 * Route handler for machines: `Authorization: Bearer <key>` with `scope`. A staff session does not grant access.
 */
export function apiKeyRoute(scope: ApiScope, run: (req: Request, key: { id: string; name: string }, ctx: Ctx) => Promise<Response>): Handler {
  const handler = async (req: Request, ctx: Ctx) => {
    try {
      const header = req.headers.get('authorization') ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const key = token?.startsWith('bob_') ? await verifyApiKey(await getDb(), token, scope) : null;
      if (!key) {
        return errorResponse('unauthenticated', `A valid API key with the ${scope} scope is required (Authorization: Bearer …).`, undefined, {
          headers: { 'www-authenticate': 'Bearer' },
        });
      }
      return await run(req, key, ctx);
    } catch (err) {
      return handleRouteError(err);
    }
  };
  return Object.assign(handler, { meta: { access: { kind: 'apiKey', scope } as const } });
}

/** Reads a request body as text, refusing (413) past `maxBytes` even when Content-Length lies or is absent. */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<string | Response> {
  const bytes = await readBodyBytes(req, maxBytes);
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  if (!bytes) return errorResponse('invalid', `The request body is larger than ${limit}.`, undefined, { status: 413 });
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
  const handler = async (req: Request, ctx: Ctx) => {
    try {
      return await run(req, ctx);
    } catch (err) {
      return handleRouteError(err);
    }
  };
  return Object.assign(handler, { meta: { access: { kind: 'public', why } as const } });
}

function handleRouteError(err: unknown): Response {
  unstable_rethrow(err);
  if (err instanceof DomainError) return errorResponse(err.code, err.message, err.fieldErrors);
  if (isBadInputDbError(err)) return errorResponse('invalid', BAD_INPUT_MESSAGE);
  console.error('bobbin: route failed:', err);
  return errorResponse('internal', 'Something went wrong.');
}

export function isHandler(value: unknown): value is Handler {
  return typeof value === 'function' && typeof (value as { meta?: RouteMeta }).meta?.access === 'object';
}
