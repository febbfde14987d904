import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { z } from '../zod';
import { getDb, type Db } from '../../db/client';
import type { Actor } from '../../db/queries/audit';
import { DomainError, type ErrorCode, type FieldErrors } from '../errors';
import { formDataToObject, isFormData } from '../form-data';
import { roleAllows, type Role } from '../roles';
import { fieldErrorsOf, findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { BAD_INPUT_MESSAGE, isBadInputDbError } from './db-errors';
import { getSessionUser, type SessionUser } from './session';

export type ActionResult<T> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors };

export type ActionContext = { user: SessionUser; actor: Actor; db: Db };

/** `public`: set by `definePublicAction` only, with the reason it needs no session. */
export type ActionMeta = { name: string; roles: readonly Role[]; public?: string };

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
  /** Who may call it. Checked on the server on every call. */
  roles: readonly Role[];
  input: S;
  /** Paths to revalidate after success. */
  revalidate?: string[] | ((data: T, input: z.output<S>) => string[]);
  /** Optional success toast text. */
  successMessage?: string | ((data: T) => string);
};

/**
 * The one way to write a mutation: resolve the session, check the role, parse the input with zod (form
 * strings coerced by the schema), run the body, translate typed domain errors once, revalidate.
 *
 * Accepts `(input)` for direct calls and `(previousState, formData)` for `useActionState`.
 */
export function defineAction<S extends z.ZodType, T>(
  def: Definition<S, T>,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Action<T> {
  const action = async (inputOrState: unknown, formData?: FormData): Promise<ActionResult<T>> => {
    const raw = formData !== undefined ? formData : inputOrState;
    try {
      const user = await getSessionUser();
      if (!user) return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' };
      if (!roleAllows(user.role, def.roles)) {
        return { ok: false, code: 'forbidden', message: 'You are not allowed to do this.' };
      }
      const input = isFormData(raw) ? formDataToObject(raw) : raw;
      const bad = findUnstorableText(input);
      if (bad !== null) return { ok: false, code: 'invalid', message: 'Some fields need attention.', fieldErrors: { [bad]: [UNSTORABLE_TEXT] } };
      const parsed = def.input.safeParse(input);
      if (!parsed.success) {
        return { ok: false, code: 'invalid', message: 'Some fields need attention.', fieldErrors: fieldErrorsOf(parsed.error) };
      }
      const data = await run(parsed.data, { user, actor: { id: user.id, label: user.email }, db: await getDb() });
      const paths = typeof def.revalidate === 'function' ? def.revalidate(data, parsed.data) : (def.revalidate ?? []);
      for (const path of paths) revalidatePath(path);
      const message = typeof def.successMessage === 'function' ? def.successMessage(data) : def.successMessage;
      return message ? { ok: true, data, message } : { ok: true, data };
    } catch (err) {
      unstable_rethrow(err); // redirect() and notFound() are control flow, not failures
      if (err instanceof DomainError) {
        return err.fieldErrors
          ? { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors }
          : { ok: false, code: err.code, message: err.message };
      }
      if (isBadInputDbError(err)) return { ok: false, code: 'invalid', message: BAD_INPUT_MESSAGE };
      console.error(`bobbin: action ${def.name} failed:`, err);
      return { ok: false, code: 'internal', message: 'Something went wrong and nothing was saved. Try again.' };
    }
  };
  return Object.assign(action, { meta: { name: def.name, roles: def.roles } }) as Action<T>;
}

export function isAction(value: unknown): value is Action<unknown> {
  return typeof value === 'function' && typeof (value as { meta?: ActionMeta }).meta?.name === 'string';
}
