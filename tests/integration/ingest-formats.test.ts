import zlib from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { copyOn, queryOn, rowsOf, type Db } from '@/db/client';
import { createApiKey } from '@/db/queries/api-keys';
import { toStoredEntry, writeOperationLogs } from '@/db/queries/oplog-write';
import { operationLogEntry } from '@/lib/oplog/entry';
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
  await t.handle.db.execute(sql`truncate operation_logs`);
});

const ctx = { params: Promise.resolve({}) };
const send = (handler: typeof ingest, body: BodyInit, headers: Record<string, string>) =>
  handler(
    new Request('http://test.local/api', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${key}`, ...headers },
      duplex: 'half',
    } as RequestInit),
    ctx,
  );
const stored = async () =>
  Number(rowsOf<{ n: number }>(await t.handle.db.execute(sql`select count(*)::int as n from operation_logs`))[0]!.n);
const entry = (i: number) => ({
  userId: `u${i % 3}`,
  platformAccountId: 'a',
  operationType: 'GET_REVIEWS',
  status: 'SUCCESS',
  executionTimeMs: 100 + i,
  requestPayload: { token: 'secret', page: i },
});
const ndjson = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify(entry(i))).join('\n');
const NDJSON = { 'content-type': 'application/x-ndjson' };
const gzip = (s: string) => new Uint8Array(zlib.gzipSync(Buffer.from(s)));

describe(`ingest bodies: NDJSON, gzip and their limits (${TEST_DRIVER})`, () => {
  it('accepts NDJSON (blank lines and a missing final newline too), gzip JSON and gzip NDJSON', async () => {
    const a = await send(ingest, `${ndjson(500)}\n\n${JSON.stringify(entry(9))}`, NDJSON);
    expect(a.status).toBe(201);
    expect(await a.json()).toEqual({ accepted: 501 });
    const b = await send(ingest, gzip(JSON.stringify({ entries: [entry(1), entry(2)] })), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(b.status).toBe(201);
    const c = await send(ingest, gzip(ndjson(1000) + '\n'), { ...NDJSON, 'content-encoding': 'gzip' });
    expect(c.status).toBe(201);
    expect(await c.json()).toEqual({ accepted: 1000 });
    expect(await stored()).toBe(1503);
    const leaked = rowsOf<{ n: number }>(
      await t.handle.db.execute(
        sql`select count(*)::int as n from operation_logs where request_payload::text like '%secret%'`,
      ),
    );
    expect(leaked[0]!.n).toBe(0);
  });

  it('refuses a whole NDJSON batch for one bad line or one invalid entry, with the line or index', async () => {
    const badLine = await send(ingest, `${ndjson(3)}\n{"userId":`, NDJSON);
    expect(badLine.status).toBe(400);
    expect((await badLine.json()).error.message).toBe('Line 4 is not valid JSON; nothing was written.');
    const invalid = await send(ingest, `${ndjson(2)}\n${JSON.stringify({ ...entry(3), status: 'MAYBE' })}`, NDJSON);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.fieldErrors).toEqual({ 'entries.2.status': [expect.any(String)] });
    const tooMany = await send(ingest, ndjson(1001), NDJSON);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/at most 1000/);
    expect(await stored()).toBe(0);
  });

  it('answers 413 for a gzip bomb without inflating it, 400 for broken gzip, 415 for another encoding', async () => {
    // 1 GiB of zeros in 16 gzip members of 64 MiB: about 1 MB on the wire, 200x the 5 MB limit once inflated.
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const bomb = new Uint8Array(Buffer.concat(Array.from({ length: 16 }, () => member)));
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const res = await send(ingest, bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toBe('The request body is larger than 5 MB.');
    // Bounded by the limit (plus the bomb and stream buffers), nowhere near the 1 GiB it inflates to.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    const ndBomb = await send(ingest, bomb, { ...NDJSON, 'content-encoding': 'gzip' });
    expect(ndBomb.status).toBe(413);
    const broken = await send(ingest, new Uint8Array(Buffer.from('not gzip at all')), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toBe('The body is not valid gzip.');
    expect((await send(ingest, '{}', { 'content-type': 'application/json', 'content-encoding': 'br' })).status).toBe(
      415,
    );
    expect(await stored()).toBe(0);
  });

  it('treats the same batch as JSON and as NDJSON as one request under one Idempotency-Key', async () => {
    const idem = { 'idempotency-key': 'fmt-0001' };
    const first = await send(ingest, JSON.stringify({ entries: Array.from({ length: 20 }, (_, i) => entry(i)) }), {
      'content-type': 'application/json',
      ...idem,
    });
    expect(first.status).toBe(201);
    const retry = await send(ingest, gzip(ndjson(20)), { ...NDJSON, 'content-encoding': 'gzip', ...idem });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await stored()).toBe(20);
  });

  it('takes NDJSON on /api/v1/login-results too', async () => {
    const lines = [
      { userId: 'nd', platformAccountId: 'a', status: 'SUCCESS' },
      { userId: 'nd', platformAccountId: 'a', status: 'FAILED' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const res = await send(loginResults, lines, NDJSON);
    expect(res.status).toBe(201);
    expect((await res.json()).accepted).toBe(2);
  });

  it('writes a keyed batch by COPY on the transaction connection on node-postgres, rolled back with it', async () => {
    const rows = [entry(1), entry(2)].map((e) => toStoredEntry(operationLogEntry.parse(e)));
    await t.handle.db
      .transaction(async (tx) => {
        const copy = copyOn(tx as unknown as Db, t.handle.driver);
        expect(copy === undefined).toBe(t.handle.driver !== 'pg');
        await writeOperationLogs({ query: queryOn(tx as unknown as Db), copyFrom: copy }, rows);
        expect(
          Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from operation_logs`))[0]!.n),
        ).toBe(2);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await stored()).toBe(0);
  });
});
