import 'server-only';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { z } from '../zod';
import { getDb, type Db } from '../../db/client';
import type { Actor } from '../../db/queries/audit';
import { DomainError, StaleVersion, type EditConflict, type ErrorCode, type FieldErrors } from '../errors';
import { formDataToObject, isFormData } from '../form-data';
import { can, type Permission } from '../permissions';
import { fieldErrorsOf, findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { acceptRequestId, REQUEST_ID_HEADER } from '../request-id';
import { BAD_INPUT_MESSAGE, isBadInputDbError } from './db-errors';
import { log } from './log';
import { currentRequestId, runWithRequest } from './request-context';
import { getSessionUser, type SessionUser } from './session';
import { setSpanAttributes, withSpan } from './tracing';

export type ActionResult<T> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      fieldErrors?: FieldErrors;
      requestId?: string;
      conflict?: EditConflict;
    };

export type ActionContext = { user: SessionUser; actor: Actor; db: Db };

/**
 * `permission`: the capability a caller needs (lib/permissions.ts); absent only on public actions, where
 * `public` (set by `definePublicAction` only) says why no session is needed.
 */
export type ActionMeta = { name: string; permission?: Permission; public?: string };

/** A server action built by `defineAction`: callable directly or through `useActionState`. */
export type Action<T> = {
  /** Direct call with an object or FormData. */
  (input: unknown): Promise<ActionResult<T>>;
  /** `useActionState` call (last, so React's type inference picks it). */
  (previousState: unknown, formData: FormData): Promise<ActionResult<T>>;
  meta: ActionMeta;
};

type Definition<S extends z.ZodType, T> = {
  /** Unique, for logs and the role matrix test. */
  name: string;
  /** The capability a caller needs (lib/permissions.ts). Checked on the server on every call. */
  permission: Permission;
  input: S;
  /** Paths to revalidate after success. */
  revalidate?: string[] | ((data: T, input: z.output<S>) => string[]);
  /** Optional success toast text. */
  successMessage?: string | ((data: T) => string);
};

/**
 * The one way to write a mutation: resolve the session, check the capability, parse the input with zod (form
 * strings coerced by the schema), run the body, translate typed domain errors once, revalidate.
 *
 * Accepts `(input)` for direct calls and `(previousState, formData)` for `useActionState`.
 */
export function defineAction<S extends z.ZodType, T>(
  def: Definition<S, T>,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Action<T> {
  const action = (inputOrState: unknown, formData?: FormData): Promise<ActionResult<T>> =>
    observeAction(def.name, (caller) => attempt(formData !== undefined ? formData : inputOrState, caller));
  const attempt = async (raw: unknown, caller: { userId?: string }): Promise<ActionResult<T>> => {
    try {
      const user = await getSessionUser();
      if (!user) return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' };
      caller.userId = user.id;
      if (!can(user.role, def.permission)) {
        return { ok: false, code: 'forbidden', message: 'You are not allowed to do this.' };
      }
      const input = isFormData(raw) ? formDataToObject(raw) : raw;
      const bad = findUnstorableText(input);
      if (bad !== null)
        return {
          ok: false,
          code: 'invalid',
          message: 'Some fields need attention.',
          fieldErrors: { [bad]: [UNSTORABLE_TEXT] },
        };
      const parsed = def.input.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          code: 'invalid',
          message: 'Some fields need attention.',
          fieldErrors: fieldErrorsOf(parsed.error),
        };
      }
      const data = await run(parsed.data, { user, actor: { id: user.id, label: user.email }, db: await getDb() });
      const paths = typeof def.revalidate === 'function' ? def.revalidate(data, parsed.data) : (def.revalidate ?? []);
      for (const path of paths) revalidatePath(path);
      const message = typeof def.successMessage === 'function' ? def.successMessage(data) : def.successMessage;
      return message ? { ok: true, data, message } : { ok: true, data };
    } catch (err) {
      unstable_rethrow(err); // redirect() and notFound() are control flow, not failures
      if (err instanceof StaleVersion && err.conflict)
        return { ok: false, code: err.code, message: err.message, conflict: err.conflict };
      if (err instanceof DomainError) {
        return err.fieldErrors
          ? { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors }
          : { ok: false, code: err.code, message: err.message };
      }
      if (isBadInputDbError(err)) return { ok: false, code: 'invalid', message: BAD_INPUT_MESSAGE };
      return internalFailure(def.name, err);
    }
  };
  return Object.assign(action, { meta: { name: def.name, permission: def.permission } }) as Action<T>;
}

/** A server action's request id: the proxy's X-Request-Id header, or a fresh one outside a request (tests, scripts). */
async function actionRequestId(): Promise<string> {
  try {
    return acceptRequestId((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    return acceptRequestId(null);
  }
}

/**
 * Around every server action (defineAction, definePublicAction): the request context (log lines and the
 * `internal` result carry its id), a span `action <name>`, and one log line with the outcome, duration and user.
 */
export async function observeAction<R extends { ok: boolean; code?: ErrorCode }>(
  name: string,
  run: (caller: { userId?: string }) => Promise<R>,
): Promise<R> {
  const requestId = await actionRequestId();
  const started = performance.now();
  const caller: { userId?: string } = {};
  let outcome: string | null = null;
  try {
    return await runWithRequest({ requestId }, () =>
      withSpan(`action ${name}`, { 'bobbin.action': name, 'bobbin.request_id': requestId }, async () => {
        const result = await run(caller);
        outcome = result.ok ? 'ok' : (result.code ?? 'failed');
        setSpanAttributes({ 'bobbin.outcome': outcome, ...(caller.userId ? { 'enduser.id': caller.userId } : {}) });
        return result;
      }),
    );
  } finally {
    // outcome null: redirect()/notFound() passed through as control flow.
    const line = { requestId, action: name, outcome, ms: Math.round(performance.now() - started), ...caller };
    if (outcome === 'internal') log.error(line, 'action failed');
    else log.info(line, 'action');
  }
}

/** The `internal` result: logs the error (with the request id) and hands the id to the UI for support. */
export function internalFailure(
  name: string,
  err: unknown,
): { ok: false; code: 'internal'; message: string; requestId?: string } {
  log.error({ action: name, err }, 'action threw');
  const requestId = currentRequestId();
  return {
    ok: false,
    code: 'internal',
    message: 'Something went wrong and nothing was saved. Try again.',
    ...(requestId ? { requestId } : {}),
  };
}

export function isAction(value: unknown): value is Action<unknown> {
  return typeof value === 'function' && typeof (value as { meta?: ActionMeta }).meta?.name === 'string';
}
