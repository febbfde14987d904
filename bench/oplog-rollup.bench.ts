// Rollup maintenance beside sustained ingest, in the same run (PostgreSQL server): writers keep appending
// op-log rows through the app's bulk path (binary COPY) while the rollup job runs back to back, as several
// app processes' jobs would under a heavy load. Reports the sustained ingest rate, the rate at which the job
// rolls rows up (rows / time inside runRollup), their ratio (target >= 2), the lag left when ingest stops, and
// that oplog:verify's check finds no drift. Also prints the EXPLAIN of a step's two scans on the filled log.
// BENCH_ROLLUP_SECONDS (default 30), BENCH_ROLLUP_WRITERS (2), BENCH_ROLLUP_BATCH (5,000 rows per write),
// BENCH_ROLLUP_EVERY_MS (5,000: the job's period, scaled down from the server's minute).
import { runRollup, verifyRollups } from '../db/queries/observability-rollup';
import { writeOperationLogs, type StoredEntry } from '../db/queries/oplog-write';
import { benchDatabase } from './harness';

const SECONDS = Number(process.env.BENCH_ROLLUP_SECONDS ?? 30);
const WRITERS = Number(process.env.BENCH_ROLLUP_WRITERS ?? 2);
const BATCH = Number(process.env.BENCH_ROLLUP_BATCH ?? 5000);
const EVERY_MS = Number(process.env.BENCH_ROLLUP_EVERY_MS ?? 5000);
const OPS = ['GET_REVIEWS', 'CHECK_LOGIN', 'VALIDATE_SESSION', 'ADD_REPLY', 'GET_STORES'] as const;

/** A batch as the logger writes one: a few seconds of traffic, in time order. */
function batchAt(n: number, seq: number): StoredEntry[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, j) => {
    const i = seq * n + j;
    const failed = i % 9 === 0;
    return {
      createdAt: new Date(now - (n - j) * 2),
      userId: `u-${i % 5000}`,
      platformAccountId: `acct-${i % 5000}`,
      operationType: OPS[i % OPS.length]!,
      resourceId: `shop-${i % 40}`,
      status: failed ? 'FAILED' : 'SUCCESS',
      errorCode: failed ? 'E_TIMEOUT' : null,
      errorType: failed ? (['TIMEOUT', 'RATE_LIMIT', 'AUTH_REQUIRED'] as const)[i % 3] : null,
      errorMessage: failed ? 'Navigation timeout of 10000 ms exceeded' : null,
      executionTimeMs: Math.round(Math.exp(4 + ((i * 7919) % 1000) / 250)),
      retryCount: i % 3,
      authTypeDetected: i % 2 ? '2FA' : 'NORMAL',
      sessionRefreshed: false,
      proxyUsed: `proxy-${i % 8}`,
      userAgent: 'BobbinBot/2.3',
      requestPayload: { shopId: `shop-${i % 40}`, page: i % 5 },
      responseSummary: { items: i % 40 },
    } as StoredEntry;
  });
}

export async function run() {
  if (!process.env.DATABASE_URL) {
    console.error('bench: oplog-rollup needs DATABASE_URL (a PostgreSQL server); skipped');
    return;
  }
  const { handle, label, drop } = await benchDatabase();
  try {
    let ingested = 0;
    let seq = 0;
    let stop = false;
    const started = performance.now();
    const writer = async () => {
      while (!stop) {
        const rows = batchAt(BATCH, seq++);
        await writeOperationLogs(handle, rows);
        ingested += rows.length;
      }
    };
    let rolled = 0;
    let rollupMs = 0;
    let runs = 0;
    const roller = async () => {
      while (!stop) {
        const r = await runRollup(handle.db);
        rolled += r.rows;
        rollupMs += r.ms;
        runs++;
        // Runs every EVERY_MS like the server's minute job (scaled down), each with a backlog to chew through.
        const wait = Date.now() + EVERY_MS;
        while (!stop && Date.now() < wait) await new Promise((res) => setTimeout(res, 50));
      }
    };
    const timer = setTimeout(() => (stop = true), SECONDS * 1000);
    await Promise.all([...Array.from({ length: WRITERS }, writer), roller()]);
    clearTimeout(timer);
    const ingestS = (performance.now() - started) / 1000;
    const lag = ingested - rolled;
    const catchUp = await runRollup(handle.db);
    rolled += catchUp.rows;
    rollupMs += catchUp.ms;
    const now = Date.now();
    const v = await verifyRollups(handle.db, { from: new Date(now - 86_400_000), to: new Date(now + 3_600_000) });
    const ingestRate = Math.round(ingested / ingestS);
    const rollupRate = Math.round(rolled / (rollupMs / 1000));
    console.log(
      JSON.stringify({
        bench: 'oplog.rollup_beside_ingest',
        database: label,
        seconds: +ingestS.toFixed(1),
        writers: WRITERS,
        batch_rows: BATCH,
        ingested_rows: ingested,
        sustained_ingest_rows_per_s: ingestRate,
        rollup_runs: runs,
        rollup_rows_per_s: rollupRate,
        ratio_rollup_to_ingest: +(rollupRate / ingestRate).toFixed(2),
        rollup_busy_share: +((rollupMs - catchUp.ms) / 1000 / ingestS).toFixed(2),
        rollup_every_ms: EVERY_MS,
        lag_rows_when_ingest_stopped: lag,
        catch_up_ms: Math.round(catchUp.ms),
        verify_drift_buckets: v.drift.length,
        verified_rows: v.rawRows,
      }),
    );
    // The plans of a step's scans on the filled log (a step of 20k rows from the first key).
    await handle.query('analyze operation_logs');
    const first = (
      await handle.query<{ x: string; id: string }>(
        `select xid::text as x, id::text from operation_logs order by xid, id limit 1`,
      )
    )[0]!;
    const b = (
      await handle.query<{ x: string; id: string }>(
        `select xid::text as x, id::text from operation_logs order by xid, id offset 20000 limit 1`,
      )
    )[0]!;
    for (const q of [
      `select xid, id from operation_logs where (xid, id) > ('${first.x}'::xid8, ${first.id}) and xid < '${BigInt(b.x) + 1n}'::xid8 order by xid, id offset 19999 limit 1`,
      `select count(*) from operation_logs o where (o.xid, o.id) > ('${first.x}'::xid8, ${first.id}) and (o.xid, o.id) <= ('${b.x}'::xid8, ${b.id})`,
    ]) {
      const plan = await handle.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, costs off, timing off, summary on) ${q}`,
      );
      console.error(
        `${q.slice(0, 60)}…\n${plan
          .map((r) => r['QUERY PLAN'])
          .filter((l) => !/^\s+->  (Index Only Scan|Index Scan|Bitmap).*rows=0\.00/.test(l))
          .slice(0, 14)
          .join('\n')}`,
      );
    }
  } finally {
    await drop();
  }
}
