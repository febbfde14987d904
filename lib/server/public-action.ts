import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from '../zod';
import { getDb, type Db } from '../../db/client';
import { DomainError } from '../errors';
import { formDataToObject, isFormData } from '../form-data';
import { fieldErrorsOf, findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { BAD_INPUT_MESSAGE, isBadInputDbError } from './db-errors';
import { internalFailure, observeAction, type Action, type ActionResult } from './action';

/** What a public form gets back: the usual result, plus what was submitted so a no-JS page can refill the form. */
export type PublicActionResult<T> = ActionResult<T> & { submitted?: Record<string, unknown> };

/**
 * A server action anyone may call (no session): the customer-facing survey form. `why` documents the
 * decision and the role matrix test prints it. Same shape as `defineAction`: zod first, typed domain errors
 * translated once; everything else is the body's job (rate limits, honeypot).
 */
export function definePublicAction<S extends z.ZodType, T>(
  def: { name: string; why: string; input: S },
  run: (input: z.output<S>, ctx: { db: Db }) => Promise<T>,
): Action<T> {
  const action = (inputOrState: unknown, formData?: FormData): Promise<PublicActionResult<T>> =>
    observeAction(def.name, () => attempt(formData !== undefined ? formData : inputOrState));
  const attempt = async (raw: unknown): Promise<PublicActionResult<T>> => {
    const submitted = isFormData(raw) ? formDataToObject(raw) : ((raw ?? {}) as Record<string, unknown>);
    try {
      const bad = findUnstorableText(submitted);
      if (bad !== null)
        return {
          ok: false,
          code: 'invalid',
          message: 'Some fields need attention.',
          fieldErrors: { [bad]: [UNSTORABLE_TEXT] },
          submitted: {},
        };
      const parsed = def.input.safeParse(submitted);
      if (!parsed.success)
        return {
          ok: false,
          code: 'invalid',
          message: 'Some fields need attention.',
          fieldErrors: fieldErrorsOf(parsed.error),
          submitted,
        };
      return { ok: true, data: await run(parsed.data, { db: await getDb() }) };
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof DomainError) {
        return err.fieldErrors
          ? { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors, submitted }
          : { ok: false, code: err.code, message: err.message, submitted };
      }
      if (isBadInputDbError(err)) return { ok: false, code: 'invalid', message: BAD_INPUT_MESSAGE, submitted };
      return { ...internalFailure(def.name, err), submitted };
    }
  };
  return Object.assign(action, { meta: { name: def.name, public: def.why } }) as Action<T>;
}
