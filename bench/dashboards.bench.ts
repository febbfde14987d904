// Dashboards: the 30-day overview and per-operation view from the rollups vs the same figures computed exactly
// with percentile_cont over the raw rows, on a log filled by the simulator; and the rollup maintenance cost.
// BENCH_DASH_ROWS changes the log size (default 10M on a PostgreSQL server, 200k on in-memory PGlite).
import { runRollup } from '../db/queries/observability-rollup';
import { filterOf, getOperations, getOverview } from '../lib/observability/dashboard-data';
import { parseDashboardParams } from '../lib/observability/range';
import { relativeError } from '../lib/observability/sketch';
import { simulateTraffic } from '../lib/oplog/simulate';
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
    await simulateTraffic(handle, { rows: ROWS, days: 30, seed: 11, now, users: 5000 });
    await handle.query('analyze operation_logs');
    const fillS = Math.round((Date.now() - fillStart) / 1000);

    // Rollup of the whole log (the first run after an upgrade), then the steady-state cost per 100k new rows.
    const first = await runRollup(handle.db);
    await handle.query('analyze oplog_rollup_counts; analyze oplog_rollup_latency');
    const rollupRows = await handle.query<{ c: string; l: string }>(`select (select count(*) from oplog_rollup_counts) as c, (select count(*) from oplog_rollup_latency) as l`);
    const incremental: number[] = [];
    for (let i = 0; i < 3; i++) {
      await simulateTraffic(handle, { rows: 100_000, days: 1, seed: 100 + i, now, users: 5000 });
      incremental.push((await runRollup(handle.db)).ms);
    }
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
        rollup_latency_rows: Number(rollupRows[0]!.l),
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
        handle.query<{ n: string; s: string; p: number[] | string }>(`select count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2`, [f, t]),
        handle.query(`select count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2`, [pf, f]),
        handle.query(`select date_trunc('day', created_at, 'UTC') as d, count(*) as n, count(*) filter (where status = 'SUCCESS') as s, ${pct} as p from operation_logs where created_at >= $1 and created_at < $2 group by 1 order by 1`, [f, t]),
      ]);
      return { tot: tot[0]!, prev, series };
    };
    const rawOperations = () =>
      handle.query<{ op: string; n: string; s: string; p: number[] | string }>(
        `select operation_type as op, count(*) as n, count(*) filter (where status = 'SUCCESS') as s, percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms) as p
         from operation_logs where created_at >= $1 and created_at < $2 group by 1`,
        [f, t],
      );

    const rolled = await measure('dashboards.overview_30d.rollups', () => getOverview(handle.db, p), { iterations: 30, warmup: 3, size });
    const raw = await measure('dashboards.overview_30d.raw_percentile_cont', rawOverview, { iterations: RAW_ITER, warmup: 1, size });
    const rolledOps = await measure('dashboards.operations_30d.rollups', () => getOperations(handle.db, p), { iterations: 30, warmup: 3, size });
    const rawOps = await measure('dashboards.operations_30d.raw_percentile_cont', rawOperations, { iterations: RAW_ITER, warmup: 1, size });

    // Accuracy: the tiles and every operation's P50/P95/P99 against percentile_cont.
    const arr = (v: number[] | string) => (typeof v === 'string' ? v.replace(/[{}]/g, '').split(',').map(Number) : v.map(Number));
    const errs: number[] = [];
    let exactCounts = true;
    const cmp = (est: Pcts, exact: number[]) => [est.p50, est.p95, est.p99].forEach((v, i) => errs.push(relativeError(v, exact[i]!)));
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
        overview_raw_median_ms: raw.median_ms,
        overview_speedup: Math.round(raw.median_ms / rolled.median_ms),
        operations_rollups_median_ms: rolledOps.median_ms,
        operations_raw_median_ms: rawOps.median_ms,
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
