import 'server-only';
import { z } from '../zod';
import type { FieldErrors } from '../errors';
import { findUnstorableText, UNSTORABLE_TEXT } from '../validation';
import { errorResponse } from './route';

export const MAX_BATCH = 1000;
/** The body limit, measured on the bytes after decompression: a gzip bomb stops here, never in memory. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** At most this many entries' problems are listed in one answer. */
const MAX_REPORTED_ENTRIES = 200;

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];
const NEWLINE = 0x0a;

const tooLarge = () =>
  errorResponse('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);

/**
 * Reads a batch body as a list of entries: a JSON object `{ [key]: [...] }`, or NDJSON (one entry per line,
 * `Content-Type: application/x-ndjson`), either optionally gzip-compressed (`Content-Encoding: gzip`). Streams:
 * the decompressed size is counted chunk by chunk and the upload cancelled past MAX_BODY_BYTES (413), and NDJSON
 * lines are parsed as they arrive. A JSON body is parsed whole once read (V8's JSON.parse beats any incremental
 * parser written in JavaScript at these sizes). Returns the entries and the JSON form the idempotency hash is
 * taken of (the same batch sent as JSON or as NDJSON is the same request), or the Response to send.
 */
export async function readBatch(req: Request, key: string): Promise<{ list: unknown[]; json: unknown } | Response> {
  const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    return errorResponse('unsupported_media_type', 'Send the body uncompressed or with Content-Encoding: gzip.');
  }
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const contentType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const ndjson = NDJSON_TYPES.includes(contentType);
  if (!req.body) return errorResponse('invalid', ndjson ? 'Send one entry per line.' : 'The body is not valid JSON.');
  // DecompressionStream inflates as the reader pulls (Node's zlib honours backpressure within a chunk), so
  // cancelling at the limit bounds memory by the limit, whatever the compression ratio.
  const source =
    encoding === 'identity'
      ? req.body
      : req.body.pipeThrough(
          new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
        );
  const reader = source.getReader();
  const chunks: Buffer[] = [];
  const list: unknown[] = [];
  let size = 0;
  let line = 0; // NDJSON: lines seen so far (1-based numbers in messages)
  let tail: Buffer | null = null; // NDJSON: the bytes after the last newline
  /** Parses complete NDJSON lines in `bytes`; a Response when one is not JSON or the batch is too long. */
  const takeLines = (bytes: Buffer): Response | null => {
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl !== -1; nl = bytes.indexOf(NEWLINE, start)) {
      line++;
      const text = bytes.toString('utf8', start, nl).trim();
      start = nl + 1;
      if (text === '') continue;
      try {
        list.push(JSON.parse(text) as unknown);
      } catch {
        return errorResponse('invalid', `Line ${line} is not valid JSON; nothing was written.`);
      }
      if (list.length > MAX_BATCH) return errorResponse('invalid', `Send at most ${MAX_BATCH} ${key} per request.`);
    }
    tail = start < bytes.length ? bytes.subarray(start) : null;
    return null;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (!ndjson) {
        chunks.push(chunk);
        continue;
      }
      const bad = takeLines(tail ? Buffer.concat([tail, chunk]) : chunk);
      if (bad) {
        await reader.cancel().catch(() => {});
        return bad;
      }
    }
  } catch {
    // Only decompression fails here (a client that hangs up mid-body gets no answer anyway).
    return errorResponse('invalid', 'The body is not valid gzip.');
  }
  let json: unknown;
  if (ndjson) {
    const bad = tail ? takeLines(Buffer.concat([tail, Buffer.from('\n')])) : null;
    if (bad) return bad;
    json = { [key]: list };
  } else {
    try {
      json = JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
    } catch {
      return errorResponse('invalid', 'The body is not valid JSON.');
    }
    const entries = (json as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(entries)) return errorResponse('invalid', `Send a JSON object with an array "${key}".`);
    list.push(...(entries as unknown[]));
  }
  const bad = findUnstorableText(json);
  if (bad !== null) return errorResponse('invalid', 'Some fields need attention.', { [bad]: [UNSTORABLE_TEXT] });
  return { list, json };
}

/**
 * Parses a batch (JSON or NDJSON, optionally gzip; see readBatch) with per-entry validation. `fast` is an
 * optional validation fast path that returns the schema's output for an entry it is sure of, or null to let
 * the schema decide (and word the errors). Returns the entries (and the JSON form, for the idempotency hash), or
 * the Response to send: 413 over the body limit, 415 for an unknown encoding, 400 for bad JSON, a bad envelope
 * or any invalid entry (field errors keyed `<key>.<index>.<field>`), so a batch is written whole or
 * not at all.
 */
export async function parseBatch<S extends z.ZodType>(
  req: Request,
  key: string,
  entry: S,
  fast?: (item: unknown) => z.output<S> | null,
): Promise<{ items: z.output<S>[]; json: unknown } | Response> {
  const body = await readBatch(req, key);
  if (body instanceof Response) return body;
  const { list } = body;
  if (list.length === 0) return errorResponse('invalid', `"${key}" is empty.`);
  if (list.length > MAX_BATCH)
    return errorResponse('invalid', `Send at most ${MAX_BATCH} ${key} per request (got ${list.length}).`);
  const fieldErrors: FieldErrors = {};
  const parsed: z.output<S>[] = new Array(list.length);
  let invalid = 0;
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const quick = fast?.(item);
    if (quick) {
      parsed[index] = quick;
      continue;
    }
    const r = entry.safeParse(item);
    if (r.success) parsed[index] = r.data;
    else if (++invalid <= MAX_REPORTED_ENTRIES) {
      for (const issue of r.error.issues)
        (fieldErrors[[key, index, ...issue.path.map(String)].join('.')] ??= []).push(issue.message);
    }
  }
  if (invalid)
    return errorResponse(
      'invalid',
      `${invalid} of ${list.length} ${key} are invalid; nothing was written.`,
      fieldErrors,
    );
  return { items: parsed, json: body.json };
}
