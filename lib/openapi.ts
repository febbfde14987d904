import { z } from './zod';
import { ERROR_CODES, ERRORS, type ErrorCode } from './errors';
import { GRADES } from './oplog/rules';
import { loginResultEntry, operationLogEntry } from './oplog/entry';
import { IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_TTL_HOURS } from './server/idempotency';
import { MAX_BATCH, MAX_BODY_BYTES } from './server/ingest';

const BODY_FORMATS = `JSON or NDJSON (Content-Type: application/x-ndjson, one entry per line), optionally with Content-Encoding: gzip; at most ${MAX_BODY_BYTES / 1024 / 1024} MB after decompression (413 past it, 415 for another encoding).`;
import { JOB_NAMES } from './job-names';
import { MAX_RESERVATION_BODY, reservationRequest } from './inventory/api';
import { MAX_QUANTITY, RESERVATION_STATUSES } from './inventory/constants';
import type { ApiScope } from './api-scopes';

/**
 * The OpenAPI 3.1 description of Bobbin's machine APIs, served at /api/openapi.json, **generated**: request and
 * response bodies are the zod schemas the routes parse with (zod's JSON Schema output), and each operation's
 * error responses come from the codes it declares, with statuses and meanings from the one vocabulary in
 * lib/errors.ts. tests/integration/http-contract.test.ts sends each declared error and checks the answer.
 */

/** Facts an error code carries beside `code` and `message` (`DomainError.details`), documented per code. */
const ERROR_DETAILS: Partial<Record<ErrorCode, z.ZodRawShape>> = {
  out_of_stock: { available: z.number().int().min(0).describe('What is available now, so a storefront can offer it.') },
};

/** The JSON error body of every route (lib/server/error-response.ts), for the given codes. */
export function errorBody(codes: readonly ErrorCode[] = ERROR_CODES) {
  const details = Object.assign({}, ...codes.map((c) => ERROR_DETAILS[c] ?? {})) as z.ZodRawShape;
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string().describe('For people: says what went wrong and whether anything changed.'),
      fieldErrors: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe(
          'Messages per input path (dot-separated); in a batch `<key>.<index>.<field>`, e.g. `entries.3.userId`.',
        ),
      ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, (v as z.ZodType).optional()])),
      requestId: z
        .string()
        .optional()
        .describe(
          'The request id (also the X-Request-Id response header); quote it to support, it finds the log line.',
        ),
    }),
  });
}

const isoInstant = z.iso.datetime({ offset: true });

export const reservationView = z.object({
  id: z.uuid(),
  sku: z.string(),
  location: z.string().nullable().describe('Location code the stock is held at.'),
  quantity: z.number().int(),
  status: z.enum(RESERVATION_STATUSES),
  expiresAt: isoInstant,
  createdAt: isoInstant,
});

const batch = <K extends string>(key: K, entry: z.ZodType) =>
  z.object({ [key]: z.array(entry).min(1).max(MAX_BATCH) } as Record<K, z.ZodArray<z.ZodType>>);
const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

type SuccessResponse = { description: string; body: z.ZodType; replayable?: boolean };
/** One documented operation. `errors`: each code it can answer, with what it means here ('' = the vocabulary's). */
export type ApiOperation = {
  summary: string;
  description: string;
  scope: ApiScope;
  pathParams?: Record<string, z.ZodType>;
  idempotencyKey?: boolean;
  requestBody?: z.ZodType;
  responses: Record<number, SuccessResponse>;
  errors: Partial<Record<ErrorCode, string>>;
};

const unauthenticated = 'Missing, revoked, expired or out-of-scope API key.';
const idempotencyConflict = `The Idempotency-Key was used in the last ${IDEMPOTENCY_TTL_HOURS} hours (by this API key) with a different body or on the other ingest endpoint; nothing was written.`;
const batchInvalid = `Malformed JSON, a missing, empty or oversized batch (at most ${MAX_BATCH}), a malformed Idempotency-Key, or at least one invalid entry (fieldErrors per entry and field); nothing was written.`;

/** Every machine API operation (all POST), by path. */
export const API_OPERATIONS = {
  '/api/v1/oplog': {
    summary: `Append up to ${MAX_BATCH} operation-log entries`,
    description:
      'Scope oplog:write. The batch is validated whole and written in one statement: all or nothing. Send an Idempotency-Key to make retries safe. ' +
      BODY_FORMATS,
    scope: 'oplog:write',
    idempotencyKey: true,
    requestBody: batch('entries', operationLogEntry),
    responses: {
      201: {
        description:
          'Written (or, with Idempotency-Replayed: true, written by an earlier request with the same key and body).',
        body: z.object({ accepted: z.number().int() }),
        replayable: true,
      },
    },
    errors: {
      invalid: batchInvalid,
      unauthenticated,
      conflict: idempotencyConflict,
      payload_too_large: `Body larger than ${sizeOf(MAX_BODY_BYTES)} (after decompression).`,
      unsupported_media_type: 'A Content-Encoding other than gzip.',
    },
  },
  '/api/v1/login-results': {
    summary: `Record up to ${MAX_BATCH} login outcomes`,
    description:
      'Scope oplog:write. Each result updates its profile (counts, last-10 window, stability score) atomically; the batch commits together. Send an Idempotency-Key to make retries safe. ' +
      BODY_FORMATS,
    scope: 'oplog:write',
    idempotencyKey: true,
    requestBody: batch('results', loginResultEntry),
    responses: {
      201: {
        description:
          'Recorded; the updated profiles (with Idempotency-Replayed: true, the answer of the earlier request with the same key and body).',
        body: z.object({
          accepted: z.number().int(),
          profiles: z.array(
            z.object({
              userId: z.string(),
              platformAccountId: z.string(),
              sessionStabilityScore: z.number(),
              grade: z.enum(GRADES),
              totalLoginCount: z.number().int(),
            }),
          ),
        }),
        replayable: true,
      },
    },
    errors: {
      invalid: batchInvalid,
      unauthenticated,
      conflict: idempotencyConflict,
      payload_too_large: `Body larger than ${sizeOf(MAX_BODY_BYTES)} (after decompression).`,
      unsupported_media_type: 'A Content-Encoding other than gzip.',
    },
  },
  '/api/v1/inventory/reservations': {
    summary: 'Reserve stock of one SKU',
    description:
      'Scope inventory:reserve. Atomic: never reserves more than is available, however many requests arrive at once.',
    scope: 'inventory:reserve',
    requestBody: reservationRequest,
    responses: {
      201: { description: 'Reserved.', body: z.object({ reservation: reservationView, created: z.literal(true) }) },
      200: {
        description: 'The idempotency key was used before: the original reservation, nothing reserved again.',
        body: z.object({ reservation: reservationView, created: z.literal(false) }),
      },
    },
    errors: {
      invalid: `Malformed JSON, unknown fields, an unknown SKU or location, an inactive location, quantity not a whole number in 1…${MAX_QUANTITY} (fieldErrors per field); nothing changed.`,
      unauthenticated,
      conflict: 'The idempotency key was used for a different reservation, or its first request is still in progress.',
      out_of_stock: '',
      payload_too_large: `Body larger than ${sizeOf(MAX_RESERVATION_BODY)}.`,
    },
  },
  '/api/v1/inventory/reservations/{id}/release': {
    summary: 'Release a reservation (the stock becomes available again)',
    description:
      'Scope inventory:reserve. Releasing a released reservation answers 200 again; a fulfilled or expired one answers 409.',
    scope: 'inventory:reserve',
    pathParams: { id: z.uuid() },
    responses: { 200: { description: 'Released.', body: z.object({ reservation: reservationView }) } },
    errors: { unauthenticated, not_found: 'No such reservation.', conflict: 'Already fulfilled or expired.' },
  },
  '/api/v1/inventory/reservations/{id}/fulfil': {
    summary: 'Fulfil a reservation (ship it: on hand and reserved drop)',
    description:
      'Scope inventory:reserve. Fulfilling a fulfilled reservation answers 200 again; a released or expired one answers 409.',
    scope: 'inventory:reserve',
    pathParams: { id: z.uuid() },
    responses: { 200: { description: 'Fulfilled.', body: z.object({ reservation: reservationView }) } },
    errors: { unauthenticated, not_found: 'No such reservation.', conflict: 'Already released or expired.' },
  },
  '/api/jobs/{name}': {
    summary: 'Run one background job now (for cron callers)',
    description:
      'Scope jobs:run. For deployments without a long-running server (serverless + cron) or with BOBBIN_JOBS=off. ' +
      'Each job runs in one process at a time (a lease in the database): if another process is running it, the answer is 202 and nothing runs here. ' +
      'rollup: op-log rollups (every minute); grade-snapshot: the hourly session grade snapshot (every minute is fine, idempotent); ' +
      'oplog-maintenance: partitions and retention (hourly); reservation-expiry: release expired reservations (every minute); ' +
      'alerts: evaluate the alert rules (every minute, after rollup); webhook-dispatch: deliver outbox events to webhook endpoints (every 2 s).',
    scope: 'jobs:run',
    pathParams: { name: z.enum(JOB_NAMES) },
    responses: {
      200: {
        description: 'The job ran in this process.',
        body: z.object({
          job: z.enum(JOB_NAMES),
          ran: z.literal(true),
          summary: z.string(),
          changed: z.boolean(),
          ms: z.number().int(),
        }),
      },
      202: {
        description: "Another process holds the job's lease (it is running there); nothing ran here.",
        body: z.object({ job: z.enum(JOB_NAMES), ran: z.literal(false), heldBy: z.string().nullable() }),
      },
    },
    errors: { unauthenticated, not_found: 'No job of that name.' },
  },
} as const satisfies Record<string, ApiOperation>;

export type ApiPath = keyof typeof API_OPERATIONS;

/** The error codes an operation declares, grouped by status (several codes can share one, e.g. 409). */
export function documentedErrors(op: ApiOperation): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(op.errors) as ErrorCode[])
    byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return byStatus;
}

/** JSON Schema of a zod schema as a client sends it (`io: 'input'`: defaults optional, before transforms). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // Instants are coerced from ISO 8601 strings (lib/validation.ts reportedInstant).
    override: (ctx) => {
      if ((ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'date')
        Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  });
  return rest;
}

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: jsonSchema(schema, io) },
});

type OpenApiOperation = {
  summary: string;
  description: string;
  parameters: { $ref?: string; name?: string; in?: 'path'; required?: true; schema?: Record<string, unknown> }[];
  requestBody?: { required: true; content: ReturnType<typeof json> };
  responses: Record<
    string,
    { description: string; headers?: Record<string, { $ref: string }>; content: ReturnType<typeof json> }
  >;
};

function operation(op: ApiOperation): OpenApiOperation {
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, r] of Object.entries(op.responses) as [string, SuccessResponse][]) {
    responses[status] = {
      description: r.description,
      ...(r.replayable
        ? { headers: { 'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' } } }
        : {}),
      content: json(r.body, 'output'),
    };
  }
  for (const [status, codes] of documentedErrors(op)) {
    responses[String(status)] = {
      description: codes.map((c) => `${c}: ${op.errors[c] || ERRORS[c].meaning}`).join(' '),
      content: json(errorBody(codes), 'output'),
    };
  }
  return {
    summary: op.summary,
    description: op.description,
    parameters: [
      ...(op.idempotencyKey ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
      ...Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({
        name,
        in: 'path' as const,
        required: true as const,
        schema: jsonSchema(schema, 'input'),
      })),
    ],
    ...(op.requestBody ? { requestBody: { required: true as const, content: json(op.requestBody, 'input') } } : {}),
    responses,
  };
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Bobbin API',
    version: '1.0.0',
    description:
      'Machine APIs of the Bobbin back office. Authenticate with an API key created by an admin (Admin → API keys).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer bob_…' } },
    parameters: {
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: jsonSchema(z.string().regex(IDEMPOTENCY_KEY_PATTERN), 'input'),
        description: `Optional; one per batch (e.g. a UUID), 1-255 visible ASCII characters, scoped to the API key. The key, a hash of the JSON body and the answer are stored in the same transaction as the rows, so a retry with the same key and body (also one sent while the first is still running) writes nothing again and gets the first answer, with Idempotency-Replayed: true. The same key with a different body, or on the other ingest endpoint, is a 409. Keys are kept ${IDEMPOTENCY_TTL_HOURS} hours; after that the key is new again (the hourly op-log maintenance deletes expired keys).`,
      },
    },
    headers: {
      IdempotencyReplayed: {
        description:
          'Present (true) when the answer is the stored answer of an earlier request with the same Idempotency-Key.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
    schemas: {
      Error: jsonSchema(errorBody(), 'output'),
      OperationLogEntry: jsonSchema(operationLogEntry, 'input'),
      LoginResult: jsonSchema(loginResultEntry, 'input'),
      ReservationRequest: jsonSchema(reservationRequest, 'input'),
      Reservation: jsonSchema(reservationView, 'output'),
    },
  },
  security: [{ apiKey: [] }],
  paths: Object.fromEntries(Object.entries(API_OPERATIONS).map(([path, op]) => [path, { post: operation(op) }])) as {
    [P in ApiPath]: { post: OpenApiOperation };
  },
};
