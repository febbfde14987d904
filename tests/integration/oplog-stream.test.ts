import crypto from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { connect, type NatsConnection } from 'nats';
import { openDatabase, rowsOf } from '@/db/client';
import { createApiKey } from '@/db/queries/api-keys';
import { expireStreamApplied } from '@/db/queries/oplog-write';
import { POST as ingest } from '@/app/api/v1/oplog/route';
import { GET as getMetrics } from '@/app/api/metrics/route';
import { STREAM_LAG_METRICS } from '@/lib/observability/prometheus';
import { parseDashboardParams } from '@/lib/observability/range';
import { getDashboardView } from '@/lib/server/dashboard-views';
import {
  closeOplogStream,
  ConsumerCrash,
  deleteStreamKeys,
  oplogStreamLag,
  runStreamConsumer,
  type StreamConfig,
} from '@/lib/server/oplog-stream';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { until } from '../support/until';

/**
 * The JetStream stage against the NATS server with JetStream on 127.0.0.1:4222 (NATS_URL overrides; CI runs on
 * this machine, where it is a system service). Each test uses a stream of its own, deleted afterwards.
 */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const t = useTestDatabase();
let key: string;
let cfg: StreamConfig;
let nc: NatsConnection;
const stops: AbortController[] = [];

beforeEach(async () => {
  const admin = await makeStaff(t.handle.db, 'admin');
  key = (
    await createApiKey(t.handle.db, { id: admin.id, label: admin.email }, { name: 'ingest', scopes: ['oplog:write'] })
  ).key;
  await t.handle.db.execute(sql`truncate operation_logs, oplog_stream_applied`);
  cfg = {
    url: NATS_URL,
    stream: `TEST_OPLOG_${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
    durable: 'oplog-writer',
    ackWaitMs: 2000,
  };
  process.env.OPLOG_STREAM_URL = cfg.url;
  process.env.OPLOG_STREAM_NAME = cfg.stream;
  nc = await connect({ servers: NATS_URL });
});

afterEach(async () => {
  for (const s of stops.splice(0)) s.abort();
  delete process.env.OPLOG_STREAM_URL;
  delete process.env.OPLOG_STREAM_NAME;
  await (await nc.jetstreamManager()).streams.delete(cfg.stream).catch(() => {});
  await deleteStreamKeys(nc, cfg.stream);
  await nc.close();
});

afterAll(() => closeOplogStream());

const ctx = { params: Promise.resolve({}) };
let seq = 0;
/** Posts one batch of `n` distinct entries through the real route; resolves with the answer's status. */
async function post(n: number, idem?: string, from?: number) {
  const base = from ?? seq;
  if (from === undefined) seq += n;
  const entries = Array.from({ length: n }, (_, i) => ({
    userId: `s${base + i}`,
    platformAccountId: 'a',
    operationType: 'GET_REVIEWS',
    status: 'SUCCESS',
    executionTimeMs: (base + i) % 1000,
  }));
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${key}`,
    ...(idem ? { 'idempotency-key': idem } : {}),
  };
  return ingest(
    new Request('http://test.local/api', { method: 'POST', body: JSON.stringify({ entries }), headers }),
    ctx,
  );
}
const stored = async () =>
  Number(rowsOf<{ n: number }>(await t.handle.db.execute(sql`select count(*)::int as n from operation_logs`))[0]!.n);
const distinct = async () =>
  Number(
    rowsOf<{ n: number }>(
      await t.handle.db.execute(sql`select count(distinct user_id)::int as n from operation_logs`),
    )[0]!.n,
  );

function startConsumer(
  handle: Parameters<typeof runStreamConsumer>[1],
  opts: Parameters<typeof runStreamConsumer>[3] = {},
) {
  const stop = new AbortController();
  stops.push(stop);
  const done = runStreamConsumer(cfg, handle, stop.signal, opts);
  return { stop, done };
}

describe(`op-log through JetStream (${TEST_DRIVER})`, () => {
  it('answers 201 once stored in the stream, dedupes a retried key, and two consumers share the work once', async () => {
    let acknowledged = 0;
    const first = seq;
    for (let i = 0; i < 30; i++) {
      const res = await post(100, `b-${i}`);
      expect(res.status).toBe(201);
      acknowledged += 100;
    }
    // The same key and body again, twice at once: stored once in the stream, answered as replayed.
    const retries = await Promise.all([post(100, 'b-0', first), post(100, 'b-0', first)]);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
    }
    // The same key with another body: 409, nothing published.
    const reused = await post(100, 'b-0');
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { error: { message: string } }).error.message).toMatch(/different request body/);
    expect(await stored()).toBe(0); // nothing in the database until a consumer writes it
    expect((await oplogStreamLag(cfg, nc))!.messages).toBe(30);

    const share = [0, 0];
    const a = startConsumer(t.handle, { maxMessages: 3, onBatch: (_, m) => (share[0]! += m) });
    const b = startConsumer(t.handle, { maxMessages: 3, onBatch: (_, m) => (share[1]! += m) });
    await until(async () => ((await stored()) >= acknowledged ? true : undefined), 'the consumers to drain the stream');
    await until(async () => ((await oplogStreamLag(cfg, nc))!.messages === 0 ? true : undefined), 'the lag to reach 0');
    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.done, b.done]);
    expect(await stored()).toBe(acknowledged);
    expect(await distinct()).toBe(acknowledged);
    expect(share[0]! + share[1]!).toBe(30);
    expect(share[0]).toBeGreaterThan(0);
    expect(share[1]).toBeGreaterThan(0);
    // Maintenance forgets applied sequences by age (a week in production; everything older than now here).
    expect(await expireStreamApplied(t.handle.db, 0)).toBe(30);
  });

  it('stores every acknowledged batch once after a consumer dies between its commit and its acks', async () => {
    let acknowledged = 0;
    for (let i = 0; i < 10; i++) {
      expect((await post(200)).status).toBe(201);
      acknowledged += 200;
    }
    // The first consumer commits 4 batches, then dies before acknowledging them (no ack, no nak).
    const dead = startConsumer(t.handle, {
      maxMessages: 4,
      beforeAck: () => Promise.reject(new ConsumerCrash('killed')),
    });
    await dead.done;
    expect(await stored()).toBe(800);
    // JetStream redelivers the 4 after the ack wait; the survivor skips them (deduped on write) and drains the rest.
    const survivor = startConsumer(t.handle, { maxMessages: 4 });
    await until(
      async () => ((await oplogStreamLag(cfg, nc))!.messages === 0 ? true : undefined),
      'the survivor to drain the stream',
    );
    survivor.stop.abort();
    await survivor.done;
    expect(await stored()).toBe(acknowledged);
    expect(await distinct()).toBe(acknowledged);
  });

  it('keeps accepting while the database is down, then the consumers catch up with nothing lost or doubled', async () => {
    // A consumer whose log database is unreachable (a stopped server): it acknowledges nothing.
    const down = await openDatabase({ driver: 'pg', url: 'postgres://postgres@127.0.0.1:1/bobbin_down', max: 1 });
    let stuckBatches = 0;
    const stuck = startConsumer(down, { maxMessages: 5, onBatch: () => stuckBatches++ });
    let acknowledged = 0;
    for (let i = 0; i < 12; i++) {
      expect((await post(150)).status).toBe(201); // ingest does not depend on the database here
      acknowledged += 150;
    }
    const lag = await until(async () => {
      const l = (await oplogStreamLag(cfg, nc))!;
      return l.messages === 12 && l.seconds > 0 ? l : undefined;
    }, 'a lag of 12 messages with an age');
    expect(lag.messages).toBe(12);
    expect(stuckBatches).toBe(0); // the stuck consumer wrote no batch
    // The backlog is on the Prometheus endpoint, under the names alert rules use.
    const admin = await makeStaff(t.handle.db, 'admin');
    const scrape = (
      await createApiKey(t.handle.db, { id: admin.id, label: admin.email }, { name: 'prom', scopes: ['metrics:read'] })
    ).key;
    const metrics = await (
      await getMetrics(
        new Request('http://test.local/api/metrics', { headers: { authorization: `Bearer ${scrape}` } }),
        ctx,
      )
    ).text();
    expect(metrics).toContain(`${STREAM_LAG_METRICS.messages} 12\n`);
    expect(metrics).toMatch(new RegExp(`${STREAM_LAG_METRICS.seconds} [0-9.]+\n`));
    // And on the dashboards (every view's meta; the page shows it beside the range).
    const dash = await getDashboardView(t.log.db, 'overview', parseDashboardParams({}));
    expect(dash.meta.streamLag).toMatchObject({ messages: 12 });
    stuck.stop.abort();
    await stuck.done;
    await down.close();
    expect(await stored()).toBe(0);
    // The database is back (a consumer that reaches it): everything acknowledged is stored, once.
    const back = startConsumer(t.handle, { maxMessages: 50 });
    await until(
      async () => ((await oplogStreamLag(cfg, nc))!.messages === 0 ? true : undefined),
      'the consumer to catch up',
    );
    back.stop.abort();
    await back.done;
    expect(await stored()).toBe(acknowledged);
    expect(await distinct()).toBe(acknowledged);
  });
});
