import { AUTH_TYPES, OP_STATUSES, OPERATION_TYPES } from './oplog/rules';
import { IDEMPOTENCY_TTL_HOURS } from './server/idempotency';
import { MAX_BATCH, MAX_BODY_BYTES } from './server/ingest';

const BODY_FORMATS = `JSON or NDJSON (Content-Type: application/x-ndjson, one entry per line), optionally with Content-Encoding: gzip; at most ${MAX_BODY_BYTES / 1024 / 1024} MB after decompression (413 past it, 415 for another encoding).`;
import { JOB_NAMES } from './job-names';
import { DEFAULT_RESERVATION_SECONDS, MAX_QUANTITY, MAX_RESERVATION_SECONDS, RESERVATION_STATUSES } from './inventory/constants';

const error = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', example: 'invalid' },
        message: { type: 'string' },
        requestId: { type: 'string', description: 'The request id (also the X-Request-Id response header); quote it to support, it finds the log line.' },
        entries: {
          type: 'array',
          description: 'Per-entry problems of a rejected batch.',
          items: { type: 'object', properties: { index: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
} as const;

const responses = {
  '400': { description: 'Malformed JSON or at least one invalid entry; nothing was written.', content: { 'application/json': { schema: error } } },
  '401': { description: 'Missing, revoked or out-of-scope API key.', content: { 'application/json': { schema: error } } },
  '413': { description: 'Body larger than 5 MB.', content: { 'application/json': { schema: error } } },
};

const idempotencyConflict = {
  description: `The Idempotency-Key was used in the last ${IDEMPOTENCY_TTL_HOURS} hours (by this API key) with a different body or on the other ingest endpoint; nothing was written.`,
  content: { 'application/json': { schema: error } },
} as const;

/** The OpenAPI 3.1 description of Bobbin's machine APIs, served at /api/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Bobbin API', version: '1.0.0', description: 'Machine APIs of the Bobbin back office. Authenticate with an API key created by an admin (Admin → API keys).' },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer bob_…' } },
    parameters: {
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        description:
          `Optional; one per batch (e.g. a UUID), 1-255 visible ASCII characters, scoped to the API key. The key, a hash of the JSON body and the answer are stored in the same transaction as the rows, so a retry with the same key and body (also one sent while the first is still running) writes nothing again and gets the first answer, with Idempotency-Replayed: true. The same key with a different body, or on the other ingest endpoint, is a 409. Keys are kept ${IDEMPOTENCY_TTL_HOURS} hours; after that the key is new again (the hourly op-log maintenance deletes expired keys).`,
      },
    },
    headers: {
      IdempotencyReplayed: { description: 'Present (true) when the answer is the stored answer of an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
    },
    schemas: {
      OperationLogEntry: {
        type: 'object',
        required: ['userId', 'platformAccountId', 'operationType', 'status', 'executionTimeMs'],
        properties: {
          createdAt: { type: 'string', format: 'date-time', description: 'Defaults to the time of receipt.' },
          userId: { type: 'string', maxLength: 128 },
          platformAccountId: { type: 'string', maxLength: 128 },
          operationType: { enum: [...OPERATION_TYPES] },
          resourceId: { type: ['string', 'null'] },
          status: { enum: [...OP_STATUSES] },
          errorCode: { type: ['string', 'null'] },
          errorType: { type: ['string', 'null'], description: 'Only for FAILED, e.g. TIMEOUT, SELECTOR_NOT_FOUND, AUTH_REQUIRED, RATE_LIMIT.' },
          errorMessage: { type: ['string', 'null'], maxLength: 2000 },
          executionTimeMs: { type: 'integer', minimum: 0 },
          retryCount: { type: 'integer', minimum: 0, default: 0 },
          authTypeDetected: { enum: [...AUTH_TYPES, null] },
          sessionRefreshed: { type: 'boolean', default: false },
          proxyUsed: { type: ['string', 'null'] },
          userAgent: { type: ['string', 'null'] },
          requestPayload: { type: ['object', 'null'], description: 'Secrets are redacted at any depth before storage: values under secret-named keys (password, token, key, auth, cookie, session, jwt…) and credential-looking strings (Bearer/Basic, JWTs, URL userinfo, secret query parameters), also in errorMessage, userAgent and proxyUsed.' },
          responseSummary: { type: ['object', 'null'] },
        },
      },
      ReservationRequest: {
        type: 'object',
        required: ['sku', 'quantity', 'idempotencyKey'],
        additionalProperties: false,
        properties: {
          sku: { type: 'string', maxLength: 100, description: 'SKU code, case-insensitive.' },
          location: { type: ['string', 'null'], description: 'Location code. Without it, the active locations with the most available stock are tried in turn.' },
          quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY },
          idempotencyKey: { type: 'string', minLength: 8, maxLength: 200, description: 'Unique per reservation: a retry with the same key (even concurrent) returns the first reservation and never reserves twice.' },
          expiresInSeconds: { type: 'integer', minimum: 10, maximum: MAX_RESERVATION_SECONDS, default: DEFAULT_RESERVATION_SECONDS, description: 'Unreleased reservations are released after this.' },
        },
      },
      Reservation: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          sku: { type: 'string' },
          location: { type: 'string', description: 'Location code the stock is held at.' },
          quantity: { type: 'integer' },
          status: { enum: [...RESERVATION_STATUSES] },
          expiresAt: { type: 'string', format: 'date-time' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      OutOfStock: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { const: 'out_of_stock' }, message: { type: 'string', example: 'Only 3 available of DRS-M at Berlin.' }, available: { type: 'integer' } } } },
      },
      LoginResult: {
        type: 'object',
        required: ['userId', 'platformAccountId', 'status'],
        properties: {
          userId: { type: 'string' },
          platformAccountId: { type: 'string' },
          status: { enum: [...OP_STATUSES] },
          authType: { enum: [...AUTH_TYPES] },
          email: { type: 'string', format: 'email' },
          createdAt: { type: 'string', format: 'date-time' },
          errorType: { type: ['string', 'null'] },
          executionTimeMs: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/api/v1/oplog': {
      post: {
        summary: `Append up to ${MAX_BATCH} operation-log entries`,
        description: `Scope oplog:write. The batch is validated whole and written in one statement: all or nothing. Send an Idempotency-Key to make retries safe. ${BODY_FORMATS}`,
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/OperationLogEntry' } } } } },
            'application/x-ndjson': { schema: { type: 'string', description: `One OperationLogEntry JSON object per line, at most ${MAX_BATCH} lines.` } },
          },
        },
        responses: {
          '201': { description: 'Written (or, with Idempotency-Replayed: true, written by an earlier request with the same key and body).', headers: { 'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' } }, content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' } } } } } },
          ...responses,
          '409': idempotencyConflict,
        },
      },
    },
    '/api/v1/inventory/reservations': {
      post: {
        summary: 'Reserve stock of one SKU',
        description: 'Scope inventory:reserve. Atomic: never reserves more than is available, however many requests arrive at once.',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReservationRequest' } } } },
        responses: {
          '201': { description: 'Reserved.', content: { 'application/json': { schema: { type: 'object', properties: { reservation: { $ref: '#/components/schemas/Reservation' }, created: { const: true } } } } } },
          '200': { description: 'The idempotency key was used before: the original reservation, nothing reserved again.', content: { 'application/json': { schema: { type: 'object', properties: { reservation: { $ref: '#/components/schemas/Reservation' }, created: { const: false } } } } } },
          '400': { description: 'Malformed JSON, unknown SKU or location, quantity not a whole number in 1…' + MAX_QUANTITY + ' (fieldErrors per field); nothing changed.', content: { 'application/json': { schema: error } } },
          '401': responses['401'],
          '409': { description: 'Not enough stock (with the available quantity), or the idempotency key was used for a different request.', content: { 'application/json': { schema: { $ref: '#/components/schemas/OutOfStock' } } } },
          '413': { description: 'Body larger than 16 KB.', content: { 'application/json': { schema: error } } },
        },
      },
    },
    '/api/v1/inventory/reservations/{id}/release': {
      post: {
        summary: 'Release a reservation (the stock becomes available again)',
        description: 'Scope inventory:reserve. Releasing a released reservation answers 200 again; a fulfilled or expired one answers 409.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'Released.', content: { 'application/json': { schema: { type: 'object', properties: { reservation: { $ref: '#/components/schemas/Reservation' } } } } } },
          '401': responses['401'],
          '404': { description: 'No such reservation.', content: { 'application/json': { schema: error } } },
          '409': { description: 'Already fulfilled or expired.', content: { 'application/json': { schema: error } } },
        },
      },
    },
    '/api/v1/inventory/reservations/{id}/fulfil': {
      post: {
        summary: 'Fulfil a reservation (ship it: on hand and reserved drop)',
        description: 'Scope inventory:reserve. Fulfilling a fulfilled reservation answers 200 again; a released or expired one answers 409.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: 'Fulfilled.', content: { 'application/json': { schema: { type: 'object', properties: { reservation: { $ref: '#/components/schemas/Reservation' } } } } } },
          '401': responses['401'],
          '404': { description: 'No such reservation.', content: { 'application/json': { schema: error } } },
          '409': { description: 'Already released or expired.', content: { 'application/json': { schema: error } } },
        },
      },
    },
    '/api/jobs/{name}': {
      post: {
        summary: 'Run one background job now (for cron callers)',
        description:
          'Scope jobs:run. For deployments without a long-running server (serverless + cron) or with BOBBIN_JOBS=off. ' +
          'Each job runs in one process at a time (a lease in the database): if another process is running it, the answer is 202 and nothing runs here. ' +
          'rollup: op-log rollups (every minute); grade-snapshot: the hourly session grade snapshot (every minute is fine, idempotent); ' +
          'oplog-maintenance: partitions and retention (hourly); reservation-expiry: release expired reservations (every minute).',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { enum: [...JOB_NAMES] } }],
        responses: {
          '200': {
            description: 'The job ran in this process.',
            content: { 'application/json': { schema: { type: 'object', properties: { job: { type: 'string' }, ran: { const: true }, summary: { type: 'string' }, changed: { type: 'boolean' }, ms: { type: 'integer' } } } } },
          },
          '202': {
            description: 'Another process holds the job\'s lease (it is running there); nothing ran here.',
            content: { 'application/json': { schema: { type: 'object', properties: { job: { type: 'string' }, ran: { const: false }, heldBy: { type: ['string', 'null'] } } } } },
          },
          '401': responses['401'],
          '404': { description: 'No job of that name.', content: { 'application/json': { schema: error } } },
        },
      },
    },
    '/api/v1/login-results': {
      post: {
        summary: `Record up to ${MAX_BATCH} login outcomes`,
        description: `Scope oplog:write. Each result updates its profile (counts, last-10 window, stability score) atomically; the batch commits together. Send an Idempotency-Key to make retries safe. ${BODY_FORMATS}`,
        parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', required: ['results'], properties: { results: { type: 'array', maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/LoginResult' } } } } },
            'application/x-ndjson': { schema: { type: 'string', description: `One LoginResult JSON object per line, at most ${MAX_BATCH} lines.` } },
          },
        },
        responses: {
          '201': {
            description: 'Recorded; the updated profiles (with Idempotency-Replayed: true, the answer of the earlier request with the same key and body).',
            headers: { 'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    accepted: { type: 'integer' },
                    profiles: { type: 'array', items: { type: 'object', properties: { userId: { type: 'string' }, platformAccountId: { type: 'string' }, sessionStabilityScore: { type: 'number' }, grade: { enum: ['STABLE', 'UNSTABLE', 'CRITICAL'] }, totalLoginCount: { type: 'integer' } } } },
                  },
                },
              },
            },
          },
          ...responses,
          '409': idempotencyConflict,
        },
      },
    },
  },
} as const;
