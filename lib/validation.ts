import { z } from 'zod';
import type { FieldErrors } from './errors';

/** Field-level messages from a zod error, keyed by dotted path ('' for form-level). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** An HTML checkbox: 'on' when ticked, absent when not. */
export const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());

/** A trimmed string; empty means absent. */
export const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

export const email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long.')
  .pipe(z.email({ error: 'Enter a valid email address.' }));

/** Staff passwords: long rather than complicated (NIST 800-63B). */
export const newPassword = z
  .string({ error: 'Enter a password.' })
  .min(12, 'Use at least 12 characters.')
  .max(200, 'Use at most 200 characters.');

/**
 * A dynamic route segment as the page means it (`/support/users/a%2Fb` → "a/b"), or null when it is not valid
 * percent-encoding (`%E0%A4%A`): the page answers 404 instead of a 500 from decodeURIComponent's URIError.
 */
export function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
