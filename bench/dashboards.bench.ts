// Dashboards: the 30-day overview and per-operation view from the rollups vs the same figures computed exactly
// with percentile_cont over the raw rows, on a log filled with the simulator's traffic; and the rollup
// maintenance cost. BENCH_DASH_ROWS changes the log size (default 10M on a PostgreSQL server, 200k on
// in-memory PGlite); the fill is the set-based SQL generator (lib/oplog/simulate-sql.ts), or the app-side
// simulator with BENCH_DASH_FILL=app (much slower: every row goes through the app's writer).
import { runRollup } from '../db/queries/observability-rollup';
import { col } from '../db/codec';
import { filterOf, getAlerts, getOperations, getOverview } from '../lib/server/dashboard-data';
import { parseDashboardParams } from '../lib/observability/range';
import { relativeError } from '../lib/observability/sketch';
import { simulateTraffic } from '../db/simulate-traffic';
import { simulateTrafficSql } from '../db/simulate-traffic-sql';
import { benchDatabase, measure } from './harness';

type Pcts = { p50: number; p95: number; p99: number };

export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const server = handle.driver !== 'pglite';
  const ROWS = Number(process.env.BENCH_DASH_ROWS ?? (server ? 10_000_000 : 200_000));
  const RAW_ITER = Number(process.env.BENCH_DASH_RAW_ITERATIONS ?? 3);
  try {
    const now = new Date();
    const fillStart = Date.now();
    const appFill = process.env.BENCH_DASH_FILL === 'app';
    const fill = (rows: number, days: number, seed: number, at: Date) =>
      appFill
        ? simulateTraffic(handle, { rows, days, seed, now: at, users: 5000 })
        : simulateTrafficSql(handle, {
            rows,
            days,
            now: at,
            users: 5000,
            onProgress: (n) => n % 2_000_000 === 0 && console.error(`dashboards: ${n.toLocaleString('en')} rows…`),
          });
    await fill(ROWS, 30, 11, now);
    await handle.query('analyze operation_logs');
    const fillS = Math.round((Date.now() - fillStart) / 1000);

    // Rollup of the whole log (the first run after an upgrade), then the steady-state cost per 100k new rows.
    const first = await runRollup(handle.db);
    await handle.query('analyze oplog_rollup_counts');
    await handle.query('analyze oplog_rollup_sketches');
    const rollupRows = await handle.query<{ c: string; l: string }>(
      `select (select count(*) from oplog_rollup_counts) as c, (select count(*) from oplog_rollup_sketches) as l`,
    );
    // Steady state: 100k new rows over the last day (they land in existing buckets, as live traffic does).
    const incremental: number[] = [];
    for (let i = 0; i < 3; i++) {
      await fill(100_000, 1, 100 + i, now);
      incremental.push((await runRollup(handle.db)).ms);
    }
    const sizes = await handle.query<{ log: string; counts: string; sketches: string }>(
      `select (select sum(pg_total_relation_size(relid)) from pg_partition_tree('operation_logs'))::bigint as log,
              pg_total_relation_size('oplog_rollup_counts') as counts, pg_total_relation_size('oplog_rollup_sketches') as sketches`,
    );
    const mb = (v: string | undefined) => Math.round(Number(v ?? 0) / 1048576);
    incremental.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'dashboards.rollup_maintenance',
        database: label,
        log_rows: ROWS,
        fill_s: fillS,
        initial_rollup_s: +(first.ms / 1000).toFixed(1),
        initial_rollup_ms_per_100k_rows: Math.round((first.ms / ROWS) * 100_000),
        incremental_ms_per_100k_new_rows_median: Math.round(incremental[1]!),
        incremental_runs_ms: incremental.map(Math.round),
        rollup_count_rows: Number(rollupRows[0]!.c),
        rollup_sketch_rows: Number(rollupRows[0]!.l),
        log_mb: mb(sizes[0]?.log),
        rollup_counts_mb: mb(sizes[0]?.counts),
        rollup_sketches_mb: mb(sizes[0]?.sketches),
      }),
    );

    const p = parseDashboardParams({ range: '30d' }, now);
    // The raw queries read exactly the range the rollups cover (30 days widened to whole UTC days).
    const aligned = filterOf(p);
    const f = aligned.from.toISOString();
    const t = aligned.to.toISOString();
    const span = aligned.to.getTime() - aligned.from.getTime();
    const pf = new Date(aligned.from.getTime() - span).toISOString();
    const size = { database: label, log_rows: ROWS + 300_000, range: '30d' };

    // Exact figures over raw rows: what a dashboard without rollups runs for the same view.
    const rawOverview = async () => {
      const pct = `percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms)`;
      const [tot, prev, series] = await Promise.all([
        handle.query<{ n: string; s: string; p: number[] | string }>(
          `select count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2`,
          [f, t],
        ),
        handle.query(
          `select count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2`,
          [pf, f],
        ),
        handle.query(
          `select date_trunc('day', created_at, 'UTC') as d, count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2 group by 1 order by 1`,
          [f, t],
        ),
      ]);
      return { tot: tot[0]!, prev, series };
    };
    const rawOperations = () =>
      handle.query<{ op: string; n: string; s: string; p: number[] | string }>(
        `select operation_type as op, count(*) as n, count(*) filter (where status = 'SUCCESS') as s, percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms) as p
         from operation_logs where created_at >= $1 and created_at < $2 group by 1`,
        [f, t],
      );

    const rolled = await measure('dashboards.overview_30d.rollups', () => getOverview(handle.db, p), {
      iterations: 30,
      warmup: 3,
      size,
    });
    const raw = await measure('dashboards.overview_30d.raw_percentile_cont', rawOverview, {
      iterations: RAW_ITER,
      warmup: 1,
      size,
    });
    const rolledOps = await measure('dashboards.operations_30d.rollups', () => getOperations(handle.db, p), {
      iterations: 30,
      warmup: 3,
      size,
    });
    const rawOps = await measure('dashboards.operations_30d.raw_percentile_cont', rawOperations, {
      iterations: RAW_ITER,
      warmup: 1,
      size,
    });

    // Not a target, for the record: the overview page also evaluates the alert rules over the last 7 days of
    // minute rollups (10,080 minute sketches).
    await measure('dashboards.alerts_7d.rollups', () => getAlerts(handle.db, p), { iterations: 10, warmup: 2, size });

    // Accuracy: the tiles and every operation's P50/P95/P99 against percentile_cont.
    const arr = (v: number[] | string) => col.numberArray(v, 'p').map(Number);
    const errs: number[] = [];
    let exactCounts = true;
    const cmp = (est: Pcts, exact: number[]) =>
      [est.p50, est.p95, est.p99].forEach((v, i) => errs.push(relativeError(v, exact[i]!)));
    const ov = await getOverview(handle.db, p);
    const ex = (await rawOverview()).tot;
    cmp(ov.current as Pcts, arr(ex.p));
    exactCounts &&= ov.current.total === Number(ex.n) && ov.current.success === Number(ex.s);
    const ops = await getOperations(handle.db, p);
    for (const r of await rawOperations()) {
      const o = ops.find((x) => x.operationType === r.op)!;
      cmp(o as Pcts, arr(r.p));
      exactCounts &&= o.total === Number(r.n) && o.success === Number(r.s);
    }
    console.log(
      JSON.stringify({
        bench: 'dashboards.summary',
        ...size,
        overview_rollups_median_ms: rolled.median_ms,
        overview_rollups_p95_ms: rolled.p95_ms,
        overview_raw_median_ms: raw.median_ms,
        overview_raw_p95_ms: raw.p95_ms,
        overview_speedup: Math.round(raw.median_ms / rolled.median_ms),
        operations_rollups_median_ms: rolledOps.median_ms,
        operations_rollups_p95_ms: rolledOps.p95_ms,
        operations_raw_median_ms: rawOps.median_ms,
        operations_raw_p95_ms: rawOps.p95_ms,
        operations_speedup: Math.round(rawOps.median_ms / rolledOps.median_ms),
        max_relative_error_p50_p95_p99: +Math.max(...errs).toFixed(5),
        percentiles_compared: errs.length,
        counts_exact: exactCounts,
      }),
    );
  } finally {
    await drop();
  }
}
