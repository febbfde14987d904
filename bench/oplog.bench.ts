import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { insertOperationLogs, writeOperationLogs, type StoredEntry } from '../db/queries/oplog-write';
import { listTimeline } from '../db/queries/support';
import { OperationLogger } from '../lib/oplog/logger';
import { COPY_COLUMNS, encodeCopyBinary } from '../db/queries/oplog-copy';
import { benchDatabase, measure } from './harness';

const INGEST_ROWS = Number(process.env.BENCH_OPLOG_INGEST_ROWS ?? 1_000_000);
const LOG_ROWS = Number(process.env.BENCH_OPLOG_ROWS ?? 10_000_000);

function makeRows(n: number, startMs: number): StoredEntry[] {
  const ops = ['GET_REVIEWS', 'CHECK_LOGIN', 'VALIDATE_SESSION', 'ADD_REPLY', 'GET_STORES'];
  return Array.from({ length: n }, (_, i) => {
    const failed = i % 9 === 0;
    return {
      createdAt: new Date(startMs + i),
      userId: `u-${i % 5000}`,
      platformAccountId: `acct-${i % 5000}`,
      operationType: ops[i % ops.length]!,
      resourceId: `shop-${i % 40}`,
      status: failed ? 'FAILED' : 'SUCCESS',
      errorCode: failed ? 'E_TIMEOUT' : null,
      errorType: failed ? 'TIMEOUT' : null,
      errorMessage: failed ? 'Navigation timeout of 10000 ms exceeded' : null,
      executionTimeMs: 200 + (i % 1800),
      retryCount: i % 3,
      authTypeDetected: null,
      sessionRefreshed: false,
      proxyUsed: `proxy-${i % 8}`,
      userAgent: 'BobbinBot/2.3',
      requestPayload: { shopId: `shop-${i % 40}`, page: i % 5 },
      responseSummary: { items: i % 40 },
    } as StoredEntry;
  });
}

async function truncate(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('truncate operation_logs');
  await c.end();
}

/** Ingest (logger bulk path vs binary COPY), logOperation cost and memory, and the timeline query at scale. */
export async function run() {
  if (!process.env.DATABASE_URL) {
    console.error('bench: oplog needs DATABASE_URL (a PostgreSQL server); skipped');
    return;
  }
  const { handle, label, drop } = await benchDatabase();
  const url = (handle as unknown as { url?: string }).url ?? process.env.BENCH_DB_URL!;
  try {
    // 1. logOperation call cost over 1M calls, the logger draining to a no-op writer between rounds (steady
    //    state), then the memory a full 1M-entry buffer holds (the bound past which entries are dropped).
    const entry = {
      userId: 'u-1',
      platformAccountId: 'a-1',
      operationType: 'GET_REVIEWS' as const,
      status: 'SUCCESS' as const,
      executionTimeMs: 120,
      requestPayload: { shopId: 'shop-1', page: 2, token: 'x' },
    };
    const steady = new OperationLogger({
      write: async () => {},
      batchSize: 1000,
      maxWriteBatch: 100_000,
      flushIntervalMs: 3_600_000,
    });
    const samples: number[] = [];
    for (let round = 0; round < 20; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 50_000; i++) steady.log(entry);
      samples.push(Number(process.hrtime.bigint() - start) / 50_000);
      await steady.flush();
    }
    samples.sort((a, b) => a - b);
    await steady.shutdown(1000);
    const heapBefore = process.memoryUsage().heapUsed;
    const full = new OperationLogger({
      write: async () => {},
      batchSize: 10_000_000,
      flushIntervalMs: 3_600_000,
      maxBuffered: 1_000_000,
    });
    for (let i = 0; i < 1_000_100; i++) full.log(entry);
    const held = full.counters();
    console.log(
      JSON.stringify({
        bench: 'oplog.logOperation_call',
        calls: 1_000_000,
        median_ns_per_call: Math.round(samples[10]!),
        p95_ns_per_call: Math.round(samples[18]!),
        full_buffer_entries: held.buffered,
        dropped_past_bound: held.dropped,
        heap_mb_full_buffer: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024),
        rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      }),
    );
    await full.shutdown(1);

    // 2. Ingest of the same rows: through the logger's bulk path, and by binary COPY.
    const rows = makeRows(INGEST_ROWS, Date.now() - INGEST_ROWS);
    const viaLogger = async (write: (batch: StoredEntry[]) => Promise<unknown>) => {
      await truncate(url);
      const logger = new OperationLogger({
        write,
        batchSize: 5000,
        flushIntervalMs: 3_600_000,
        maxBuffered: INGEST_ROWS,
        concurrency: 2,
      });
      const t0 = Date.now();
      for (const r of rows) logger.log(r);
      await logger.shutdown(600_000);
      return Math.round(INGEST_ROWS / ((Date.now() - t0) / 1000));
    };
    // The logger's production path on node-postgres (binary COPY), and its unnest path (PGlite, Neon).
    const loggerCopyRate = await viaLogger((batch) => writeOperationLogs(handle, batch));
    const loggerUnnestRate = await viaLogger((batch) => insertOperationLogs(handle.query, batch));
    // The physical reference: one binary COPY stream of the same rows, no logger.
    await truncate(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const start = Date.now();
    const chunk = 10_000;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < rows.length; i += chunk)
          yield encodeCopyBinary(rows.slice(i, i + chunk), i === 0, i + chunk >= rows.length);
      })(),
    );
    await pipeline(
      source,
      client.query(copyFrom(`copy operation_logs (${COPY_COLUMNS}) from stdin with (format binary)`)),
    );
    const copyRate = Math.round(INGEST_ROWS / ((Date.now() - start) / 1000));
    await client.end();
    console.log(
      JSON.stringify({
        bench: 'oplog.ingest',
        rows: INGEST_ROWS,
        database: label,
        logger_rows_per_s: loggerCopyRate,
        logger_unnest_path_rows_per_s: loggerUnnestRate,
        copy_binary_rows_per_s: copyRate,
        ratio_logger_to_copy: +(loggerCopyRate / copyRate).toFixed(2),
        ratio_unnest_to_copy: +(loggerUnnestRate / copyRate).toFixed(2),
      }),
    );

    // 3. The support timeline on a large log: filled server-side, then queried for busy and quiet users.
    await truncate(url);
    const fillStart = Date.now();
    await handle.query(`
      insert into operation_logs (created_at, user_id, platform_account_id, operation_type, status, error_type, execution_time_ms, proxy_used, request_payload)
      select now() - (g * interval '1 second' * ${(30 * 86400) / LOG_ROWS}),
             'u-' || (g::bigint * 7919 % 20000), 'acct-' || (g::bigint * 7919 % 20000),
             (array['GET_REVIEWS','CHECK_LOGIN','VALIDATE_SESSION','ADD_REPLY','GET_STORES'])[1 + g % 5],
             case when g % 9 = 0 then 'FAILED' else 'SUCCESS' end,
             case when g % 9 = 0 then (array['TIMEOUT','RATE_LIMIT','AUTH_REQUIRED','SELECTOR_NOT_FOUND'])[1 + g % 4] end,
             100 + g % 3000, 'proxy-' || g % 8, jsonb_build_object('page', g % 5)
      from generate_series(1, ${LOG_ROWS}) g`);
    await handle.query('analyze operation_logs');
    const fillMs = Date.now() - fillStart;
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    let u = 0;
    const size = { database: label, log_rows: LOG_ROWS, users: 20000, fill_s: Math.round(fillMs / 1000) };
    await measure(
      'oplog.timeline_first_page',
      () => listTimeline(handle.db, { userId: `u-${(u = (u + 37) % 20000)}`, from, to, limit: 50 }),
      { iterations: 200, size },
    );
    await measure(
      'oplog.timeline_failed_timeout',
      () =>
        listTimeline(handle.db, {
          userId: `u-${(u = (u + 37) % 20000)}`,
          from,
          to,
          status: 'FAILED',
          errorType: 'TIMEOUT',
          limit: 50,
        }),
      { iterations: 200, size },
    );
    const firstPage = await listTimeline(handle.db, { userId: 'u-123', from, to, limit: 50 });
    await measure(
      'oplog.timeline_next_page',
      () => listTimeline(handle.db, { userId: 'u-123', from, to, before: firstPage.next ?? undefined, limit: 50 }),
      { iterations: 200, size },
    );
    const plan = await handle.query<{ 'QUERY PLAN': string }>(
      `explain select * from operation_logs where user_id = 'u-123' and created_at >= now() - interval '30 days' order by created_at desc, id desc limit 51`,
    );
    console.error(
      plan
        .map((r) => r['QUERY PLAN'])
        .slice(0, 8)
        .join('\n'),
    );
  } finally {
    await drop();
  }
}
