import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createApiKey } from '@/db/queries/api-keys';
import { expireIdempotencyKeys } from '@/db/queries/idempotency';
import { getOperationLogger } from '@/lib/server/oplog';
import { IDEMPOTENCY_TTL_HOURS } from '@/lib/server/idempotency';
import { openApiDocument } from '@/lib/openapi';
import { POST as ingest } from '@/app/api/v1/oplog/route';
import { POST as loginResults } from '@/app/api/v1/login-results/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';

const t = useTestDatabase();
let key: string;
let otherKey: string;
beforeEach(async () => {
  const admin = await makeStaff(t.handle.db, 'admin');
  key = (
    await createApiKey(t.handle.db, { id: admin.id, label: admin.email }, { name: 'ingest', scopes: ['oplog:write'] })
  ).key;
  otherKey = (
    await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'other worker', scopes: ['oplog:write'] },
    )
  ).key;
});

const ctx = { params: Promise.resolve({}) };
const call = (
  handler: typeof ingest,
  body: unknown,
  idem: string | null,
  opts: { auth?: string; raw?: boolean } = {},
) =>
  handler(
    new Request('http://test.local/api', {
      method: 'POST',
      body: opts.raw ? (body as string) : JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${opts.auth ?? key}`,
        ...(idem === null ? {} : { 'idempotency-key': idem }),
      },
    }),
    ctx,
  );
const count = async (q: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: string | number }>(await t.handle.db.execute(q))[0]!.n);
const stored = () => count(sql`select count(*) as n from operation_logs`);
const entry = (i: number) => ({
  userId: `u${i % 3}`,
  platformAccountId: 'a',
  operationType: 'GET_REVIEWS',
  status: 'SUCCESS',
  executionTimeMs: 100 + i,
});
const entries = (n: number, from = 0) => ({ entries: Array.from({ length: n }, (_, i) => entry(from + i)) });

describe(`Idempotency-Key on POST /api/v1/oplog (${TEST_DRIVER})`, () => {
  it('stores a retried batch once and answers the retry as the first time', async () => {
    const first = await call(ingest, entries(1000), 'batch-0001');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ accepted: 1000 });
    // The same JSON with other whitespace is the same request.
    const again = await call(ingest, JSON.stringify(entries(1000), null, 2), 'batch-0001', { raw: true });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual({ accepted: 1000 });
    expect(await stored()).toBe(1000);
    // Keys are per API key: another worker's "batch-0001" is its own batch.
    expect((await call(ingest, entries(10), 'batch-0001', { auth: otherKey })).status).toBe(201);
    expect(await stored()).toBe(1010);
    // Without a key nothing changes: every request writes.
    await call(ingest, entries(5), null);
    await call(ingest, entries(5), null);
    expect(await stored()).toBe(1020);
  });

  it('answers 409 with a clear message for the same key with another body or on another endpoint; writes nothing', async () => {
    expect((await call(ingest, entries(3), 'k-reused')).status).toBe(201);
    const other = await call(ingest, entries(3, 100), 'k-reused');
    expect(other.status).toBe(409);
    const body = await other.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toContain('Idempotency-Key "k-reused" was already used with a different request body');
    const elsewhere = await call(
      loginResults,
      { results: [{ userId: 'x', platformAccountId: 'a', status: 'SUCCESS' }] },
      'k-reused',
    );
    expect(elsewhere.status).toBe(409);
    expect((await elsewhere.json()).error.message).toContain('was already used on /api/v1/oplog');
    expect(await stored()).toBe(3);
    expect(await count(sql`select count(*) as n from platform_user_profiles`)).toBe(0);
    // Described in the OpenAPI document on both endpoints, with the 409.
    for (const path of ['/api/v1/oplog', '/api/v1/login-results'] as const) {
      const op = openApiDocument.paths[path].post;
      expect(op.parameters[0]?.$ref).toBe('#/components/parameters/IdempotencyKey');
      expect(op.responses['409']?.description).toContain('Idempotency-Key');
    }
    expect(openApiDocument.components.parameters.IdempotencyKey.description).toContain(
      `${IDEMPOTENCY_TTL_HOURS} hours`,
    );
  });

  it('refuses a malformed key with 400 and an invalid batch without claiming the key', async () => {
    const bad = await call(ingest, entries(1), 'has spaces in it');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fieldErrors['Idempotency-Key']).toBeDefined();
    expect((await call(ingest, { entries: [{ ...entry(1), operationType: 'NOPE' }] }, 'k-fixed-later')).status).toBe(
      400,
    );
    expect((await call(ingest, entries(2), 'k-fixed-later')).status).toBe(201); // the invalid attempt did not use the key up
    expect(await stored()).toBe(2);
  });

  it(`keeps keys ${IDEMPOTENCY_TTL_HOURS} hours: maintenance deletes older ones, and an expired key is a new request`, async () => {
    await call(ingest, entries(2), 'k-old');
    await call(ingest, entries(2), 'k-older');
    await t.handle.db.execute(
      sql`update ingest_idempotency_keys set created_at = now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS + 1}) where key = 'k-old'`,
    );
    expect((await call(ingest, entries(2, 50), 'k-old')).status).toBe(201); // expired, not yet deleted: taken over
    await t.handle.db.execute(
      sql`update ingest_idempotency_keys set created_at = now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS + 1}) where key = 'k-older'`,
    );
    expect(await expireIdempotencyKeys(t.handle.db, IDEMPOTENCY_TTL_HOURS)).toBe(1);
    expect(
      rowsOf<{ key: string }>(await t.handle.db.execute(sql`select key from ingest_idempotency_keys`)).map(
        (r) => r.key,
      ),
    ).toEqual(['k-old']);
    expect(await stored()).toBe(6);
  });

  it('concurrent retries of one batch store it once and all get the same answer', async () => {
    const body = entries(500);
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(ingest, body, 'k-race')));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(answers.filter((r) => r.headers.get('idempotency-replayed') === 'true')).toHaveLength(7);
    for (const r of answers) expect(await r.json()).toEqual({ accepted: 500 });
    expect(await stored()).toBe(500);
  });
});

describe(`Idempotency-Key on POST /api/v1/login-results (${TEST_DRIVER})`, () => {
  it('concurrent retries count the logins once, answer the same profiles, and log the CHECK_LOGIN entries once', async () => {
    const body = {
      results: Array.from({ length: 20 }, (_, i) => ({
        userId: `user-${i % 4}`,
        platformAccountId: 'acct',
        status: i % 5 ? 'SUCCESS' : 'FAILED',
      })),
    };
    const answers = await Promise.all(Array.from({ length: 6 }, () => call(loginResults, body, 'logins-7')));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(await count(sql`select sum(total_login_count) as n from platform_user_profiles`)).toBe(20);
    await getOperationLogger().flush();
    expect(await count(sql`select count(*) as n from operation_logs where operation_type = 'CHECK_LOGIN'`)).toBe(20);
    const changed = await call(loginResults, { results: body.results.slice(1) }, 'logins-7');
    expect(changed.status).toBe(409);
    expect(await count(sql`select sum(total_login_count) as n from platform_user_profiles`)).toBe(20);
  });
});
