import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createApiKey, revokeApiKey } from '@/db/queries/api-keys';
import { getProfiles } from '@/db/queries/oplog';
import { listTimeline } from '@/db/queries/support';
import { getOperationLogger } from '@/lib/server/oplog';
import { POST as ingest } from '@/app/api/v1/oplog/route';
import { POST as loginResults } from '@/app/api/v1/login-results/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';

const t = useTestDatabase();
let key: string;
beforeEach(async () => {
  const admin = await makeStaff(t.handle.db, 'admin');
  key = (
    await createApiKey(t.handle.db, { id: admin.id, label: admin.email }, { name: 'ingest', scopes: ['oplog:write'] })
  ).key;
});

const ctx = { params: Promise.resolve({}) };
const call = (handler: typeof ingest, body: unknown, auth: string | null = key, raw = false) =>
  handler(
    new Request('http://test.local/api', {
      method: 'POST',
      body: raw ? (body as string) : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    }),
    ctx,
  );
const stored = async () =>
  Number(rowsOf<{ n: number }>(await t.log.db.execute(sql`select count(*)::int as n from operation_logs`))[0]!.n);
const entry = (i: number) => ({
  userId: `u${i % 3}`,
  platformAccountId: 'a',
  operationType: 'GET_REVIEWS',
  status: i % 4 ? 'SUCCESS' : 'FAILED',
  errorType: i % 4 ? null : 'TIMEOUT',
  executionTimeMs: 100 + i,
  requestPayload: { token: 'secret', page: i },
});

describe(`POST /api/v1/oplog (${TEST_DRIVER})`, () => {
  it('writes a valid batch of 1,000 and redacts secrets', async () => {
    const res = await call(ingest, { entries: Array.from({ length: 1000 }, (_, i) => entry(i)) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ accepted: 1000 });
    expect(await stored()).toBe(1000);
    const leaked = rowsOf<{ n: number }>(
      await t.log.db.execute(
        sql`select count(*)::int as n from operation_logs where request_payload::text like '%secret%'`,
      ),
    );
    expect(leaked[0]!.n).toBe(0);
  });

  it('redacts secrets by value in the error message, user agent, proxy and payload strings, and on the way out', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const res = await call(ingest, {
      entries: [
        {
          ...entry(0),
          userId: 'leaky',
          resourceId: 'https://shop.example.com/reviews?sig=ab12cd34&page=1',
          errorMessage: `401 from https://api.example.com/v1?access_token=tok99x with Authorization: Bearer ${jwt}`,
          userAgent: 'ReviewBot/2.1 (key=zq81XkPl0)',
          proxyUsed: 'http://ada:pw1234@10.0.0.7:8080',
          requestPayload: { url: 'https://ada:hunter2@shop.example.com/?page=2', auth: 'anything', keyword: 'linen' },
        },
      ],
    });
    expect(res.status).toBe(201);
    const [row] = rowsOf<Record<string, unknown>>(
      await t.log.db.execute(
        sql`select resource_id, error_message, user_agent, proxy_used, request_payload::text as payload from operation_logs where user_id = 'leaky'`,
      ),
    );
    expect(JSON.stringify(row)).not.toMatch(/tok99x|eyJ|zq81|pw1234|hunter2|anything|ab12cd34/);
    expect(row!.resource_id).toBe('https://shop.example.com/reviews?sig=[REDACTED]&page=1');
    expect(row!.error_message).toBe(
      '401 from https://api.example.com/v1?access_token=[REDACTED] with Authorization: Bearer [REDACTED]',
    );
    expect(row!.proxy_used).toBe('http://[REDACTED]@10.0.0.7:8080');
    expect(row!.payload).toContain('linen');

    // A row stored before value-based redaction existed is redacted when support staff read it.
    await t.log.db.execute(
      sql`update operation_logs set error_message = ${`Bearer ${jwt}`}, request_payload = '{"jwt":"x","note":"token=abc123"}' where user_id = 'leaky'`,
    );
    const { rows } = await listTimeline(t.log.db, {
      userId: 'leaky',
      from: new Date(0),
      to: new Date(Date.now() + 60_000),
    });
    expect(rows[0]).toMatchObject({
      errorMessage: 'Bearer [REDACTED]',
      requestPayload: { jwt: '[REDACTED]', note: 'token=[REDACTED]' },
    });
  });

  it('rejects the whole batch with per-entry errors when any entry is invalid', async () => {
    const entries = [
      entry(1),
      { ...entry(2), operationType: 'NOPE', executionTimeMs: -5 },
      entry(3),
      { ...entry(4), userId: '' },
    ];
    const res = await call(ingest, { entries });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toBe('2 of 4 entries are invalid; nothing was written.');
    // One field-error shape: the key is the batch key, the entry's index and the field.
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual([
      'entries.1.executionTimeMs',
      'entries.1.operationType',
      'entries.3.userId',
    ]);
    for (const messages of Object.values(body.error.fieldErrors)) expect(messages).toEqual([expect.any(String)]);
    expect(body.error.entries).toBeUndefined();
    expect(await stored()).toBe(0);
  });

  it('answers 401 without a key, with a revoked key, or with a key lacking the scope', async () => {
    expect((await call(ingest, { entries: [entry(1)] }, null)).status).toBe(401);
    expect((await call(ingest, { entries: [entry(1)] }, 'bob_wrong')).status).toBe(401);
    const admin = await makeStaff(t.handle.db, 'admin');
    const otherScope = await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'metrics', scopes: ['metrics:read'] },
    );
    expect((await call(ingest, { entries: [entry(1)] }, otherScope.key)).status).toBe(401);
    const revoked = await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'old', scopes: ['oplog:write'] },
    );
    await revokeApiKey(t.handle.db, { id: admin.id, label: admin.email }, revoked.id);
    expect((await call(ingest, { entries: [entry(1)] }, revoked.key)).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('answers 413 over the body limit, 400 for malformed JSON, an empty or oversized batch', async () => {
    expect((await call(ingest, 'x'.repeat(5 * 1024 * 1024 + 1), key, true)).status).toBe(413);
    const malformed = await call(ingest, '{"entries": [', key, true);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toBe('The body is not valid JSON.');
    expect((await call(ingest, { entries: [] })).status).toBe(400);
    expect((await call(ingest, { nope: [] })).status).toBe(400);
    const tooMany = await call(ingest, { entries: Array.from({ length: 1001 }, (_, i) => entry(i)) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/at most 1000/);
    expect(await stored()).toBe(0);
  });
});

describe(`POST /api/v1/login-results (${TEST_DRIVER})`, () => {
  it('updates profiles and appends CHECK_LOGIN operations through the logger', async () => {
    const results = [
      { userId: 'lr', platformAccountId: 'a', status: 'SUCCESS', authType: '2FA', createdAt: '2026-11-01T10:00:00Z' },
      {
        userId: 'lr',
        platformAccountId: 'a',
        status: 'FAILED',
        errorType: 'AUTH_REQUIRED',
        createdAt: '2026-11-01T10:05:00Z',
      },
      { userId: 'lr', platformAccountId: 'a', status: 'FAILED', createdAt: '2026-11-01T10:10:00Z' },
    ];
    const res = await call(loginResults, { results });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.profiles.at(-1)).toEqual({
      userId: 'lr',
      platformAccountId: 'a',
      sessionStabilityScore: 33.33,
      grade: 'CRITICAL',
      totalLoginCount: 3,
    });
    const [p] = await getProfiles(t.log.db, 'lr');
    expect(p!.recentLoginWindow.map((e) => e.status)).toEqual(['FAILED', 'FAILED', 'SUCCESS']);
    await getOperationLogger().flush();
    const ops = rowsOf<{ status: string; error_type: string | null }>(
      await t.log.db.execute(
        sql`select status, error_type from operation_logs where user_id = 'lr' and operation_type = 'CHECK_LOGIN' order by created_at`,
      ),
    );
    expect(ops).toEqual([
      { status: 'SUCCESS', error_type: null },
      { status: 'FAILED', error_type: 'AUTH_REQUIRED' },
      { status: 'FAILED', error_type: 'UNKNOWN' },
    ]);
  });

  it('records nothing when one result is invalid', async () => {
    const res = await call(loginResults, {
      results: [
        { userId: 'x', platformAccountId: 'a', status: 'SUCCESS' },
        { userId: 'x', platformAccountId: 'a', status: 'MAYBE' },
      ],
    });
    expect(res.status).toBe(400);
    expect(await getProfiles(t.log.db, 'x')).toEqual([]);
  });
});
