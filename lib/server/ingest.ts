import { z } from '../zod';
import type { FieldErrors } from '../errors';
import { errorResponse, readJsonLimited } from './route';

export const MAX_BATCH = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** At most this many entries' problems are listed in one answer. */
const MAX_REPORTED_ENTRIES = 200;

/**
 * Parses a JSON batch `{ [key]: [...] }` with per-entry validation. Returns the parsed entries (and the JSON
 * body, for the idempotency hash), or the Response to send: 413 over the body limit, 400 for bad JSON, a bad
 * envelope, or any invalid entry, so a batch is written whole or not at all. Entry problems use the one
 * field-error shape, keyed `<key>.<index>.<field>` (`<key>.<index>` for the entry as a whole).
 */
export async function parseBatch<S extends z.ZodType>(req: Request, key: string, entry: S): Promise<{ items: z.output<S>[]; json: unknown } | Response> {
  const body = await readJsonLimited(req, MAX_BODY_BYTES);
  if (body instanceof Response) return body;
  const list = (body.json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) return errorResponse('invalid', `Send a JSON object with an array "${key}".`);
  if (list.length === 0) return errorResponse('invalid', `"${key}" is empty.`);
  if (list.length > MAX_BATCH) return errorResponse('invalid', `Send at most ${MAX_BATCH} ${key} per request (got ${list.length}).`);
  const fieldErrors: FieldErrors = {};
  const parsed: z.output<S>[] = [];
  let invalid = 0;
  list.forEach((item, index) => {
    const r = entry.safeParse(item);
    if (r.success) return void parsed.push(r.data);
    if (++invalid > MAX_REPORTED_ENTRIES) return;
    for (const issue of r.error.issues) (fieldErrors[[key, index, ...issue.path.map(String)].join('.')] ??= []).push(issue.message);
  });
  if (invalid) return errorResponse('invalid', `${invalid} of ${list.length} ${key} are invalid; nothing was written.`, fieldErrors);
  return { items: parsed, json: body.json };
}
