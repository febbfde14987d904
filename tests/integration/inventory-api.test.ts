import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createApiKey } from '@/db/queries/api-keys';
import { POST as reserve } from '@/app/api/v1/inventory/reservations/route';
import { POST as release } from '@/app/api/v1/inventory/reservations/[id]/release/route';
import { POST as fulfil } from '@/app/api/v1/inventory/reservations/[id]/fulfil/route';
import { openApiDocument } from '@/lib/openapi';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';

const t = useTestDatabase();
let key: string;
let sku: string;
beforeEach(async () => {
  const admin = await makeStaff(t.handle.db, 'admin');
  key = (
    await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'shop', scopes: ['inventory:reserve'] },
    )
  ).key;
  const loc = await makeLocation(t.handle.db, 'Berlin', 'BER');
  const [v] = await makeSkus(t.handle.db, 1, 'API');
  sku = v!.sku;
  await receive(t.handle.db, v!.id, loc.id, 5);
});

const post = (
  handler: typeof reserve,
  body: unknown,
  opts: { auth?: string | null; raw?: boolean; id?: string } = {},
) =>
  handler(
    new Request('http://test.local/api', {
      method: 'POST',
      body: opts.raw ? (body as string) : JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        ...(opts.auth !== null ? { authorization: `Bearer ${opts.auth ?? key}` } : {}),
      },
    }),
    { params: Promise.resolve<Record<string, string>>(opts.id ? { id: opts.id } : {}) },
  );
const level = async () =>
  rowsOf<{ on_hand: number; reserved: number }>(
    await t.handle.db.execute(sql`select on_hand, reserved from stock_levels`),
  )[0];
const movements = async () =>
  rowsOf<{ n: number }>(await t.handle.db.execute(sql`select count(*)::int as n from stock_movements`))[0]!.n;

describe(`reservation API (${TEST_DRIVER})`, () => {
  it('reserves (201), replays an idempotency key (200), refuses past available (409 with available)', async () => {
    const first = await post(reserve, {
      sku: sku.toLowerCase(),
      location: 'BER',
      quantity: 3,
      idempotencyKey: 'order-1001',
    });
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body.reservation).toMatchObject({ sku, location: 'BER', quantity: 3, status: 'active' });
    const again = await post(reserve, { sku, location: 'BER', quantity: 3, idempotencyKey: 'order-1001' });
    expect(again.status).toBe(200);
    expect((await again.json()).reservation.id).toBe(body.reservation.id);
    const tooMany = await post(reserve, { sku, quantity: 3, idempotencyKey: 'order-1002' });
    expect(tooMany.status).toBe(409);
    expect((await tooMany.json()).error).toMatchObject({ code: 'out_of_stock', available: 2 });
    expect(await level()).toEqual({ on_hand: 5, reserved: 3 });
  });

  it('releases and fulfils, once', async () => {
    const a = (await (await post(reserve, { sku, quantity: 2, idempotencyKey: 'order-a-1' })).json()).reservation;
    const b = (await (await post(reserve, { sku, quantity: 1, idempotencyKey: 'order-b-1' })).json()).reservation;
    expect((await post(release, {}, { id: a.id })).status).toBe(200);
    expect((await post(release, {}, { id: a.id })).status).toBe(200);
    expect((await post(fulfil, {}, { id: a.id })).status).toBe(409);
    const f = await post(fulfil, {}, { id: b.id });
    expect((await f.json()).reservation.status).toBe('fulfilled');
    expect(await level()).toEqual({ on_hand: 4, reserved: 0 });
    expect((await post(release, {}, { id: '00000000-0000-0000-0000-000000000000' })).status).toBe(404);
    expect((await post(release, {}, { id: 'nope' })).status).toBe(404);
  });

  it('refuses bad input with a machine-readable 4xx and changes nothing', async () => {
    const cases: [unknown, number, string?][] = [
      [{ sku: 'NOPE', quantity: 1, idempotencyKey: 'k-unknown' }, 400, 'sku'],
      [{ sku, quantity: 0, idempotencyKey: 'k-zero-000' }, 400, 'quantity'],
      [{ sku, quantity: -2, idempotencyKey: 'k-negative' }, 400, 'quantity'],
      [{ sku, quantity: 1e12, idempotencyKey: 'k-huge-0000' }, 400, 'quantity'],
      [{ sku, quantity: 1.5, idempotencyKey: 'k-fraction' }, 400, 'quantity'],
      [{ sku, quantity: 1 }, 400, 'idempotencyKey'],
      [{ sku, quantity: 1, idempotencyKey: 'k-location', location: 'XXX' }, 400, 'location'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(reserve, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const err = (await res.json()).error;
      expect(err.code).toBe('invalid');
      if (field) expect(Object.keys(err.fieldErrors ?? {})).toContain(field);
    }
    const malformed = await post(reserve, '{"sku": ', { raw: true });
    expect(malformed.status).toBe(400);
    const huge = await post(reserve, JSON.stringify({ sku, quantity: 1, idempotencyKey: 'x'.repeat(20_000) }), {
      raw: true,
    });
    expect(huge.status).toBe(413);
    expect((await post(reserve, { sku, quantity: 1, idempotencyKey: 'k-noauth-1' }, { auth: null })).status).toBe(401);
    expect(await level()).toEqual({ on_hand: 5, reserved: 0 });
    expect(await movements()).toBe(1);
  });

  it('a key without the inventory scope is refused', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const other = await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'ingest', scopes: ['oplog:write'] },
    );
    expect((await post(reserve, { sku, quantity: 1, idempotencyKey: 'k-scope-1' }, { auth: other.key })).status).toBe(
      401,
    );
  });

  it('is described in the OpenAPI document', () => {
    expect(Object.keys(openApiDocument.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/inventory/reservations',
        '/api/v1/inventory/reservations/{id}/release',
        '/api/v1/inventory/reservations/{id}/fulfil',
      ]),
    );
  });
});
