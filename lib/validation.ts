import { z } from './zod';
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
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max).optional(),
  );

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
 * Whether a string can be stored and compared in PostgreSQL: text cannot hold NUL (the driver fails with
 * 22021/22P05), and a lone UTF-16 surrogate (valid in JSON's `\ud800`, not in UTF-8) cannot be encoded at all.
 */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

export const UNSTORABLE_TEXT = 'Remove the control or broken characters (NUL, unpaired surrogates) from this value.';

/**
 * The dotted path of the first string or key in `value` that `isStorableText` refuses ('' for the value itself),
 * or null when every string is fine. One scan for every input the server takes: action forms, JSON bodies.
 */
function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function findUnstorableText(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  // Runs on every ingest body (thousands of small objects): paths are built only on the way into a nested
  // object or out of a failure, not for every element (and no closure per call).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (!isStorableText(v)) return joinPath(path, String(i));
      } else if (v !== null && typeof v === 'object') {
        const bad = findUnstorableText(v, joinPath(path, String(i)), depth + 1);
        if (bad !== null) return bad;
      }
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!isStorableText(key)) return path;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (!isStorableText(v)) return joinPath(path, key);
    } else if (v !== null && typeof v === 'object') {
      const bad = findUnstorableText(v, joinPath(path, key), depth + 1);
      if (bad !== null) return bad;
    }
  }
  return null;
}

/** A zod string that refuses what `isStorableText` refuses, with a field message instead of a driver error. */
export const storableString = () => z.string().refine(isStorableText, UNSTORABLE_TEXT);

/** Instants the database and the app deal in; outside this, a date is a typo or a probe (PostgreSQL fails past year 294276). */
const INSTANT_MIN = Date.UTC(2000, 0, 1);
const INSTANT_MAX = Date.UTC(2100, 0, 1);

/** A valid Date between 2000 and 2100. */
export function isSaneInstant(d: Date): boolean {
  const t = d.getTime();
  return Number.isFinite(t) && t >= INSTANT_MIN && t < INSTANT_MAX;
}

/** A timestamp a client reports for something that happened: a real instant since 2000, at most a day ahead. */
export const reportedInstant = z.coerce
  .date({ error: 'Use an ISO 8601 timestamp.' })
  .refine(
    (d) => isSaneInstant(d) && d.getTime() <= Date.now() + 24 * 60 * 60 * 1000,
    'Use a timestamp between 2000 and tomorrow.',
  );

/** A keyset cursor that is a row id (bigserial): a positive whole number JavaScript holds exactly; else none. */
export function parseIdCursor(v: string | undefined): number | undefined {
  return v && /^[1-9]\d{0,14}$/.test(v) ? Number(v) : undefined;
}

/** A keyset cursor `<ISO instant>_<id>` (a time-ordered list); anything else is no cursor. */
export function parseTimeCursor(v: string | undefined): { at: Date; id: number } | undefined {
  const m = v ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)_(\d{1,15})$/.exec(v) : null;
  if (!m) return undefined;
  const at = new Date(m[1]!);
  const id = parseIdCursor(m[2]);
  return isSaneInstant(at) && id !== undefined ? { at, id } : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Record ids are uuids; checked before a query, so a junk id is "not found", never a driver error. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * A dynamic route segment as the page means it (`/support/users/a%2Fb` → "a/b"), or null when it is not valid
 * percent-encoding (`%E0%A4%A`) or not storable text: the page answers 404 instead of a 500.
 */
export function decodeSegment(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // NUL or a lone surrogate cannot reach the database, and no id is that long: "not found" as well.
  return isStorableText(decoded) && decoded.length <= 256 ? decoded : null;
}
