import 'server-only';
import { z } from '../zod';
import { errorResponse, readJsonLimited } from './route';

export const MAX_BATCH = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type EntryError = { index: number; field: string; message: string };

/**
 * Parses a JSON batch `{ [key]: [...] }` with per-entry validation. Returns the parsed entries (and the JSON
 * body, for the idempotency hash), or the
 * Response to send: 413 over the body limit, 400 for bad JSON, a bad envelope, or any invalid entry (with
 * every entry's errors as { index, field, message }), so a batch is written whole or not at all.
 */
export async function parseBatch<S extends z.ZodType>(req: Request, key: string, entry: S): Promise<{ items: z.output<S>[]; json: unknown } | Response> {
  const body = await readJsonLimited(req, MAX_BODY_BYTES);
  if (body instanceof Response) return body;
  const list = (body.json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) return errorResponse('invalid', `Send a JSON object with an array "${key}".`);
  if (list.length === 0) return errorResponse('invalid', `"${key}" is empty.`);
  if (list.length > MAX_BATCH) return errorResponse('invalid', `Send at most ${MAX_BATCH} ${key} per request (got ${list.length}).`);
  const errors: EntryError[] = [];
  const parsed: z.output<S>[] = [];
  list.forEach((item, index) => {
    const r = entry.safeParse(item);
    if (r.success) parsed.push(r.data);
    else for (const issue of r.error.issues) errors.push({ index, field: issue.path.map(String).join('.') || '(entry)', message: issue.message });
  });
  if (errors.length) {
    return Response.json(
      { error: { code: 'invalid', message: `${new Set(errors.map((e) => e.index)).size} of ${list.length} ${key} are invalid; nothing was written.`, entries: errors.slice(0, 200) } },
      { status: 400 },
    );
  }
  return { items: parsed, json: body.json };
}
