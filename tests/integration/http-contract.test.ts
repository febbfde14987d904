import { beforeEach, describe, expect, it } from 'vitest';
import { acquireLease } from '@/db/queries/job-leases';
import { createApiKey } from '@/db/queries/api-keys';
import { POST as ingest } from '@/app/api/v1/oplog/route';
import { POST as loginResults } from '@/app/api/v1/login-results/route';
import { POST as reserve } from '@/app/api/v1/inventory/reservations/route';
import { POST as release } from '@/app/api/v1/inventory/reservations/[id]/release/route';
import { POST as fulfil } from '@/app/api/v1/inventory/reservations/[id]/fulfil/route';
import { POST as runJob } from '@/app/api/jobs/[name]/route';
import { ERRORS, type ErrorCode } from '@/lib/errors';
import {
  API_OPERATIONS,
  documentedErrors,
  errorBody,
  openApiDocument,
  type ApiOperation,
  type ApiPath,
} from '@/lib/openapi';
import { MAX_RESERVATION_BODY } from '@/lib/inventory/api';
import { MAX_BODY_BYTES } from '@/lib/server/ingest';
import type { Handler } from '@/lib/server/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';

/**
 * The HTTP contract: every error response each documented operation declares is provoked here against the real
 * route, and must arrive with the vocabulary's status and code, in the documented (strict) error shape; every
 * documented success is checked against its zod schema too. A route answering something its document does not
 * declare, or a declared answer no request here provokes, fails.
 */
const t = useTestDatabase();
let key: string;
let sku: string;

beforeEach(async () => {
  const admin = await makeStaff(t.handle.db, 'admin');
  key = (
    await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'contract', scopes: ['oplog:write', 'inventory:reserve', 'jobs:run'] },
    )
  ).key;
  const loc = await makeLocation(t.handle.db, 'Berlin', 'BER');
  const [v] = await makeSkus(t.handle.db, 1, 'CTR');
  sku = v!.sku;
  await receive(t.handle.db, v!.id, loc.id, 5);
});

type Send = {
  body?: unknown;
  raw?: string;
  auth?: boolean;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};
const send = (handler: Handler, s: Send = {}) =>
  handler(
    new Request('http://test.local/api', {
      method: 'POST',
      body: s.raw ?? (s.body === undefined ? undefined : JSON.stringify(s.body)),
      headers: {
        'content-type': 'application/json',
        ...(s.auth === false ? {} : { authorization: `Bearer ${key}` }),
        ...s.headers,
      },
    }),
    { params: Promise.resolve(s.params ?? {}) },
  );

const entry = (i: number) => ({
  userId: `u${i}`,
  platformAccountId: 'a',
  operationType: 'GET_REVIEWS',
  status: 'SUCCESS',
  executionTimeMs: 10 + i,
});
const result = (i: number) => ({ userId: `u${i}`, platformAccountId: 'a', status: 'SUCCESS' });
const reservation = (over: Record<string, unknown> = {}) => ({
  sku,
  location: 'BER',
  quantity: 1,
  idempotencyKey: 'contract-1',
  ...over,
});
const newReservationId = async () =>
  (
    (await (await send(reserve, { body: reservation({ idempotencyKey: `c-${Math.random()}` }) })).json()) as {
      reservation: { id: string };
    }
  ).reservation.id;
const batchCalls = (handler: Handler, key_: 'entries' | 'results', item: (i: number) => unknown) => ({
  errors: {
    invalid: () => send(handler, { body: { [key_]: [item(1), { ...(item(2) as object), status: 'NOPE' }] } }),
    unauthenticated: () => send(handler, { body: { [key_]: [item(1)] }, auth: false }),
    conflict: async () => {
      await send(handler, { body: { [key_]: [item(1)] }, headers: { 'idempotency-key': 'contract-key' } });
      return send(handler, { body: { [key_]: [item(2)] }, headers: { 'idempotency-key': 'contract-key' } });
    },
    payload_too_large: () => send(handler, { raw: 'x'.repeat(MAX_BODY_BYTES + 1) }),
    unsupported_media_type: () => send(handler, { body: { [key_]: [item(1)] }, headers: { 'content-encoding': 'br' } }),
  },
  success: { 201: () => send(handler, { body: { [key_]: [item(1), item(2)] } }) },
});

/** For each documented path: a request provoking each error code, and each success status. */
const CALLS: Record<
  ApiPath,
  { errors: Partial<Record<ErrorCode, () => Promise<Response>>>; success: Record<number, () => Promise<Response>> }
> = {
  '/api/v1/oplog': batchCalls(ingest, 'entries', entry),
  '/api/v1/login-results': batchCalls(loginResults, 'results', result),
  '/api/v1/inventory/reservations': {
    errors: {
      invalid: () => send(reserve, { body: reservation({ quantity: 0 }) }),
      unauthenticated: () => send(reserve, { body: reservation(), auth: false }),
      conflict: async () => {
        await send(reserve, { body: reservation() });
        return send(reserve, { body: reservation({ quantity: 2 }) });
      },
      out_of_stock: () => send(reserve, { body: reservation({ quantity: 6 }) }),
      payload_too_large: () => send(reserve, { raw: 'x'.repeat(MAX_RESERVATION_BODY + 1) }),
    },
    success: {
      201: () => send(reserve, { body: reservation({ idempotencyKey: 'contract-201' }) }),
      200: async () => {
        await send(reserve, { body: reservation({ idempotencyKey: 'contract-200' }) });
        return send(reserve, { body: reservation({ idempotencyKey: 'contract-200' }) });
      },
    },
  },
  '/api/v1/inventory/reservations/{id}/release': {
    errors: {
      unauthenticated: async () => send(release, { auth: false, params: { id: await newReservationId() } }),
      not_found: () => send(release, { params: { id: '00000000-0000-4000-8000-000000000000' } }),
      conflict: async () => {
        const id = await newReservationId();
        await send(fulfil, { params: { id } });
        return send(release, { params: { id } });
      },
    },
    success: { 200: async () => send(release, { params: { id: await newReservationId() } }) },
  },
  '/api/v1/inventory/reservations/{id}/fulfil': {
    errors: {
      unauthenticated: async () => send(fulfil, { auth: false, params: { id: await newReservationId() } }),
      not_found: () => send(fulfil, { params: { id: '00000000-0000-4000-8000-000000000000' } }),
      conflict: async () => {
        const id = await newReservationId();
        await send(release, { params: { id } });
        return send(fulfil, { params: { id } });
      },
    },
    success: { 200: async () => send(fulfil, { params: { id: await newReservationId() } }) },
  },
  '/api/jobs/{name}': {
    errors: {
      unauthenticated: () => send(runJob, { auth: false, params: { name: 'rollup' } }),
      not_found: () => send(runJob, { params: { name: 'vacuum' } }),
    },
    success: {
      200: () => send(runJob, { params: { name: 'reservation-expiry' } }),
      202: async () => {
        await acquireLease(t.handle.db, 'rollup', 'another-process', 60_000);
        return send(runJob, { params: { name: 'rollup' } });
      },
    },
  },
};

describe(`HTTP contract of the machine APIs (${TEST_DRIVER})`, () => {
  it('documents exactly the operations exercised here', () => {
    expect(Object.keys(openApiDocument.paths).sort()).toEqual(Object.keys(CALLS).sort());
  });

  for (const [path, op] of Object.entries(API_OPERATIONS) as [ApiPath, ApiOperation][]) {
    const calls = CALLS[path];
    it(`${path}: every documented error is provoked, and nothing undocumented is`, () => {
      expect(Object.keys(calls.errors).sort()).toEqual(Object.keys(op.errors).sort());
      expect(Object.keys(calls.success).sort()).toEqual(Object.keys(op.responses).sort());
    });

    const byStatus = documentedErrors(op);
    for (const code of Object.keys(op.errors) as ErrorCode[]) {
      it(`${path}: ${code} answers ${ERRORS[code].status} in the documented error shape`, async () => {
        const res = await calls.errors[code]!();
        expect(res.status).toBe(ERRORS[code].status);
        const body: unknown = await res.json();
        const parsed = errorBody(byStatus.get(res.status)!).safeParse(body);
        expect(parsed.error?.issues, JSON.stringify(body)).toBeUndefined();
        expect(parsed.data!.error.code).toBe(code);
        // The OpenAPI document lists this status with this code.
        const documented = openApiDocument.paths[path].post.responses[String(res.status)];
        expect(documented?.description).toContain(`${code}:`);
        if (code === 'out_of_stock') expect(parsed.data!.error).toMatchObject({ available: 5 });
        if (code === 'invalid' && path.startsWith('/api/v1/') && !path.includes('{'))
          expect(parsed.data!.error.fieldErrors).toBeDefined();
      });
    }
    for (const [status, r] of Object.entries(op.responses)) {
      it(`${path}: ${status} matches its documented body`, async () => {
        const res = await calls.success[Number(status)]!();
        expect(res.status).toBe(Number(status));
        const body: unknown = await res.json();
        const parsed = r.body.safeParse(body);
        expect(parsed.error?.issues, JSON.stringify(body)).toBeUndefined();
      });
    }
  }

  it('gives batch entry errors the one field-error shape, with the index in the path', async () => {
    const res = await CALLS['/api/v1/oplog'].errors.invalid!();
    expect((await res.json()).error.fieldErrors).toEqual({ 'entries.1.status': [expect.any(String)] });
  });

  it('derives request limits from the zod schemas (they cannot drift)', () => {
    const oplog = openApiDocument.paths['/api/v1/oplog'].post.requestBody!.content['application/json'].schema as {
      properties: {
        entries: { maxItems: number; items: { properties: Record<string, { maxLength?: number; maximum?: number }> } };
      };
    };
    expect(oplog.properties.entries.maxItems).toBe(1000);
    expect(oplog.properties.entries.items.properties.errorMessage).toMatchObject({
      anyOf: [{ type: 'string', maxLength: 2000 }, { type: 'null' }],
    });
    expect(oplog.properties.entries.items.properties.executionTimeMs).toMatchObject({ maximum: 3_600_000 });
    const reservationBody = openApiDocument.components.schemas.ReservationRequest as {
      additionalProperties: boolean;
      properties: { location: unknown };
    };
    expect(reservationBody.additionalProperties).toBe(false);
    expect(reservationBody.properties.location).toMatchObject({
      anyOf: [{ type: 'string', maxLength: 40 }, { type: 'null' }],
    });
  });
});
