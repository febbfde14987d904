import { sql, type SQL } from 'drizzle-orm';
import type { LogDb } from '../client';
import { col, decodeRows } from '../codec';
import { SKETCH_KEYS } from '../schema/observability';
import type { RollupGrain } from '../../lib/observability/range';
import { denseSketch, SKETCH_MAX_BIN, type DenseSketch } from '../../lib/observability/sketch';
import { OPERATION_TYPES } from '../../lib/oplog/rules';
import { countedRowsSql } from './observability-rollup';

/** What every dashboard query reads: a bucket range of one rollup grain, series step, optional filters. */
export type RollupFilter = {
  from: Date;
  to: Date;
  grain: RollupGrain;
  /** Series bucket size in seconds (a multiple of the grain). */
  stepSeconds: number;
  operationType?: string;
  authType?: string;
  proxy?: string;
};

/** The dimension a query groups by, besides (optionally) the series bucket. */
export type CountKey = 'none' | 'operation' | 'error' | 'proxy';

export type CountRow = {
  t: number | null;
  key: string;
  total: number;
  success: number;
  failed: number;
  sumMs: number;
  slow: number;
};

const keyCol: Record<CountKey, SQL> = {
  none: sql`''`,
  operation: sql`operation_type`,
  error: sql`error_type`,
  proxy: sql`proxy`,
};

const stepSql = (f: RollupFilter) =>
  sql`to_timestamp(floor(extract(epoch from bucket) / ${f.stepSeconds}) * ${f.stepSeconds})`;

/**
 * Rows with proxy = auth_type = '*' are the others summed over both: read those unless a proxy or auth-type
 * filter or the per-proxy grouping needs the full rows (then exclude the '*' rows, or they count twice).
 * Minute rows are all '*' (filterOf never sends a filtered or per-dimension query to the minute grain).
 */
function countWhere(f: RollupFilter, by: CountKey): SQL {
  const w: SQL[] = [
    sql`grain = ${f.grain}`,
    sql`bucket >= ${f.from.toISOString()}::timestamptz`,
    sql`bucket < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.operationType) w.push(sql`operation_type = ${f.operationType}`);
  if (f.authType) w.push(sql`auth_type = ${f.authType}`);
  if (f.proxy) w.push(sql`proxy = ${f.proxy}`);
  else if (f.authType || by === 'proxy') w.push(sql`proxy <> '*'`);
  else w.push(sql`proxy = '*'`);
  return sql.join(w, sql` and `);
}

/** Operation counts from the rollups, per series bucket (`series`) and/or per dimension value. */
export async function rollupCounts(db: LogDb, f: RollupFilter, by: CountKey, series: boolean): Promise<CountRow[]> {
  const t = series ? stepSql(f) : sql`null::timestamptz`;
  const rows = decodeRows(
    {
      t: col.nullable(col.epochMs),
      key: col.text,
      total: col.number,
      success: col.number,
      failed: col.number,
      sum_ms: col.number,
      slow: col.number,
    },
    await db.execute(sql`
      select ${t} as t, ${keyCol[by]} as key, sum(n)::bigint as total,
             coalesce(sum(n) filter (where status = 'SUCCESS'), 0)::bigint as success,
             coalesce(sum(n) filter (where status = 'FAILED'), 0)::bigint as failed, sum(sum_ms)::bigint as sum_ms, sum(slow)::bigint as slow
      from oplog_rollup_counts where ${countWhere(f, by)}
      group by 1, 2 order by 1, 2`),
  );
  return rows.map((r) => ({
    t: r.t,
    key: r.key,
    total: r.total,
    success: r.success,
    failed: r.failed,
    sumMs: r.sum_ms,
    slow: r.slow,
  }));
}

/**
 * Latency sketches from the rollups, per series bucket and/or per operation type or proxy: the few rows of the
 * range (one array pair per bucket and key), merged here bin by bin. The auth-type filter does not apply
 * (latency is not kept per auth type); the others pick their pre-summed '*' rows.
 */
export async function rollupSketches(
  db: LogDb,
  f: RollupFilter,
  by: 'none' | 'operation' | 'proxy',
  series: boolean,
): Promise<Map<string, DenseSketch>> {
  const byType = by === 'operation' || Boolean(f.operationType);
  const byProxy = by === 'proxy' || Boolean(f.proxy);
  const kept = SKETCH_KEYS[f.grain];
  // A combination this grain does not keep (e.g. one type through one proxy below a day): no percentiles.
  if ((byType && byProxy && !kept.typeAndProxy) || (byProxy && !kept.proxy) || (byType && !kept.type)) return new Map();
  const w: SQL[] = [
    sql`grain = ${f.grain}`,
    sql`bucket >= ${f.from.toISOString()}::timestamptz`,
    sql`bucket < ${f.to.toISOString()}::timestamptz`,
  ];
  // Equalities on (operation_type, proxy) so the primary key's leading columns bound the scan; `<> '*'` would
  // also read every per-(type, proxy) row of the grain.
  if (by === 'operation')
    w.push(
      f.operationType
        ? sql`operation_type = ${f.operationType}`
        : sql`operation_type in (${sql.join(
            OPERATION_TYPES.map((o) => sql`${o}`),
            sql`, `,
          )})`,
    );
  else w.push(sql`operation_type = ${f.operationType ?? '*'}`);
  if (by === 'proxy') w.push(f.proxy ? sql`proxy = ${f.proxy}` : sql`proxy <> '*'`);
  else w.push(sql`proxy = ${f.proxy ?? '*'}`);
  const key = by === 'operation' ? sql`operation_type` : by === 'proxy' ? sql`proxy` : sql`''`;
  // The arrays travel in PostgreSQL's binary array format (array_send): decoding bytes is several times faster
  // than parsing the text form of a few hundred thousand numbers, which dominated a 30-day per-type view.
  const rows = decodeRows(
    { t: col.epochMs, key: col.text, bins: col.bytea, counts: col.bytea },
    await db.execute(
      sql`select bucket as t, ${key} as key, array_send(bins) as bins, array_send(counts) as counts from oplog_rollup_sketches where ${sql.join(w, sql` and `)}`,
    ),
  );
  const step = f.stepSeconds * 1000;
  const out = new Map<string, DenseSketch>();
  for (const r of rows) {
    const t = series ? Math.floor(r.t / step) * step : '';
    const k = `${t}|${r.key}`;
    let s = out.get(k);
    if (!s) out.set(k, (s = denseSketch()));
    const bins = decodeIntArray(r.bins);
    const counts = decodeIntArray(r.counts);
    for (let i = 0; i < bins.length; i++) s[Math.min(bins[i]!, SKETCH_MAX_BIN)]! += counts[i]!;
  }
  return out;
}

/**
 * Decodes a one-dimensional int2[] / int4[] without NULLs in PostgreSQL's binary array format: ndim, flags,
 * element type, then (length, lower bound) per dimension, then each element as (byte length, big-endian value).
 */
export function decodeIntArray(v: Uint8Array | string): number[] {
  const buf = col.bytea(v, 'int array');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getInt32(0) === 0) return [];
  const n = dv.getInt32(12);
  const out = new Array<number>(n);
  let at = 20;
  for (let i = 0; i < n; i++) {
    const len = dv.getInt32(at);
    out[i] = len === 2 ? dv.getInt16(at + 4) : dv.getInt32(at + 4);
    at += 4 + len;
  }
  return out;
}

/** Percentiles (P50/P95/P99) per key, as `${t}|${key}` like rollupSketches. */
export type PercentileMap = Map<string, (number | null)[]>;

/**
 * Exact P50/P95/P99 with percentile_cont over the raw rows of the range (same filters and keys as
 * rollupSketches), for ranges small enough to sort (the caller checks the row count). Rows past the rollup
 * cursor (countedRowsSql) are left out so the percentiles describe the same rows as the counts beside them.
 */
export async function exactPercentiles(
  db: LogDb,
  f: RollupFilter,
  by: 'none' | 'operation' | 'proxy',
  series: boolean,
): Promise<PercentileMap> {
  const w: SQL[] = [
    sql`created_at >= ${f.from.toISOString()}::timestamptz`,
    sql`created_at < ${f.to.toISOString()}::timestamptz`,
    await countedRowsSql(db),
  ];
  if (f.operationType) w.push(sql`operation_type = ${f.operationType}`);
  if (f.authType) w.push(sql`auth_type_detected = ${f.authType}`);
  if (f.proxy) w.push(sql`proxy_used = ${f.proxy}`);
  const key = by === 'operation' ? sql`operation_type` : by === 'proxy' ? sql`coalesce(proxy_used, '')` : sql`''`;
  const t = series
    ? sql`to_timestamp(floor(extract(epoch from created_at) / ${f.stepSeconds}) * ${f.stepSeconds})`
    : sql`null::timestamptz`;
  const rows = decodeRows(
    { t: col.nullable(col.instant), key: col.text, p: col.numberArray },
    await db.execute(sql`
      select ${t} as t, ${key} as key, percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms) as p
      from operation_logs where ${sql.join(w, sql` and `)} group by 1, 2`),
  );
  const out: PercentileMap = new Map();
  for (const r of rows) {
    out.set(`${r.t === null ? '' : r.t.getTime()}|${r.key}`, r.p);
  }
  return out;
}

/** What the alert rules read per minute (all operations), from oplog_rollup_minutes; times as epoch ms. */
export async function alertMinutes(
  db: LogDb,
  f: { from: Date; to: Date },
): Promise<{ t: number; total: number; success: number; authRequired: number; slow: number }[]> {
  const rows = decodeRows(
    { t: col.number, total: col.number, success: col.number, auth: col.number, slow: col.number },
    await db.execute(sql`
      select (extract(epoch from bucket) * 1000)::float8 as t, n::float8 as total, success::float8 as success, auth_required::float8 as auth, slow::float8 as slow
      from oplog_rollup_minutes where bucket >= ${f.from.toISOString()}::timestamptz and bucket < ${f.to.toISOString()}::timestamptz
      order by bucket`),
  );
  return rows.map((r) => ({ t: r.t, total: r.total, success: r.success, authRequired: r.auth, slow: r.slow }));
}

/** Users affected by each error type in the range (exact: FAILED rows via the error-type index). */
export async function affectedUsersByError(
  db: LogDb,
  f: { from: Date; to: Date; operationType?: string; authType?: string; proxy?: string },
  errorTypes: string[],
): Promise<Map<string, number>> {
  if (!errorTypes.length) return new Map();
  const w: SQL[] = [
    sql`status = 'FAILED'`,
    sql`error_type in (${sql.join(
      errorTypes.map((e) => sql`${e}`),
      sql`, `,
    )})`,
    sql`created_at >= ${f.from.toISOString()}::timestamptz`,
    sql`created_at < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.operationType) w.push(sql`operation_type = ${f.operationType}`);
  if (f.authType) w.push(sql`auth_type_detected = ${f.authType}`);
  if (f.proxy) w.push(sql`proxy_used = ${f.proxy}`);
  const rows = decodeRows(
    { e: col.text, n: col.number },
    await db.execute(
      sql`select error_type as e, count(distinct user_id)::int as n from operation_logs where ${sql.join(w, sql` and `)} group by 1`,
    ),
  );
  return new Map(rows.map((r) => [r.e, r.n]));
}

/** Distinct proxies seen in the range (for the filter). */
export async function listProxies(db: LogDb, f: { from: Date; to: Date }): Promise<string[]> {
  const rows = decodeRows(
    { p: col.text },
    await db.execute(
      sql`select distinct proxy as p from oplog_rollup_sketches where grain = 'day' and operation_type = '*' and proxy not in ('*', '') and bucket >= ${new Date(f.from.getTime() - 86_400_000).toISOString()}::timestamptz and bucket < ${f.to.toISOString()}::timestamptz order by 1`,
    ),
  );
  return rows.map((r) => r.p);
}

export type GradeStats = {
  grades: Record<'STABLE' | 'UNSTABLE' | 'CRITICAL', number>;
  avgScoreByAuth: Record<string, { users: number; avgScore: number }>;
};

/** Grade distribution and average score per auth type, from the profiles table (small: one row per user). */
export async function gradeStats(db: LogDb): Promise<GradeStats> {
  const rows = decodeRows(
    { grade: col.oneOf('STABLE', 'UNSTABLE', 'CRITICAL'), auth: col.text, n: col.number, s: col.number },
    await db.execute(
      sql`select session_stability_grade(session_stability_score) as grade, auth_type as auth, count(*)::int as n, sum(session_stability_score) as s from platform_user_profiles group by 1, 2`,
    ),
  );
  const grades = { STABLE: 0, UNSTABLE: 0, CRITICAL: 0 };
  const acc: Record<string, { users: number; sum: number }> = {};
  for (const r of rows) {
    grades[r.grade] += r.n;
    const a = (acc[r.auth] ??= { users: 0, sum: 0 });
    a.users += r.n;
    a.sum += r.s;
  }
  const avgScoreByAuth: GradeStats['avgScoreByAuth'] = {};
  for (const [k, v] of Object.entries(acc))
    avgScoreByAuth[k] = { users: v.users, avgScore: v.users ? Math.round((v.sum / v.users) * 100) / 100 : 0 };
  return { grades, avgScoreByAuth };
}

/** All-time totals for /api/metrics, from the day rollups (a few rows per day). */
export async function metricsTotals(db: LogDb) {
  const [ops, lat, sums] = await Promise.all([
    db.execute(
      sql`select operation_type, status, sum(n)::bigint as n from oplog_rollup_counts where grain = 'day' and proxy = '*' group by 1, 2 order by 1, 2`,
    ),
    db.execute(
      sql`select s.operation_type, b.bin, sum(b.n)::bigint as n from oplog_rollup_sketches s cross join unnest(s.bins, s.counts) as b(bin, n) where s.grain = 'day' and s.proxy = '*' and s.operation_type <> '*' group by 1, 2`,
    ),
    db.execute(
      sql`select operation_type, sum(sum_ms)::bigint as s from oplog_rollup_counts where grain = 'day' and proxy = '*' group by 1`,
    ),
  ]);
  return {
    operations: decodeRows({ operation_type: col.text, status: col.text, n: col.number }, ops).map((r) => ({
      operationType: r.operation_type,
      status: r.status,
      n: r.n,
    })),
    latency: decodeRows({ operation_type: col.text, bin: col.number, n: col.number }, lat).map((r) => ({
      operationType: r.operation_type,
      bin: r.bin,
      n: r.n,
    })),
    latencySumMs: new Map(
      decodeRows({ operation_type: col.text, s: col.number }, sums).map((r) => [r.operation_type, r.s]),
    ),
  };
}

export type GradeSnapshot = {
  t: number;
  takenAt: number;
  grades: GradeStats['grades'];
  avgScoreByAuth: Record<'2FA' | 'NORMAL', { users: number; avgScore: number | null }>;
};

/**
 * Records the grade distribution now into the hour's snapshot row (overwritten on each run within the hour, so
 * a finished hour holds the state at its last run). One statement over the profiles (one row per user).
 */
export async function takeGradeSnapshot(db: LogDb, at: Date = new Date()): Promise<void> {
  await db.execute(sql`
    insert into session_grade_snapshots as s (bucket, taken_at, stable, unstable, critical, users_2fa, avg_score_2fa, users_normal, avg_score_normal)
    select date_trunc('hour', ${at.toISOString()}::timestamptz, 'UTC'), ${at.toISOString()}::timestamptz,
           count(*) filter (where session_stability_grade(session_stability_score) = 'STABLE'),
           count(*) filter (where session_stability_grade(session_stability_score) = 'UNSTABLE'),
           count(*) filter (where session_stability_grade(session_stability_score) = 'CRITICAL'),
           count(*) filter (where auth_type = '2FA'), round(avg(session_stability_score) filter (where auth_type = '2FA'), 2),
           count(*) filter (where auth_type = 'NORMAL'), round(avg(session_stability_score) filter (where auth_type = 'NORMAL'), 2)
    from platform_user_profiles
    on conflict (bucket) do update set taken_at = excluded.taken_at, stable = excluded.stable, unstable = excluded.unstable,
      critical = excluded.critical, users_2fa = excluded.users_2fa, avg_score_2fa = excluded.avg_score_2fa,
      users_normal = excluded.users_normal, avg_score_normal = excluded.avg_score_normal
    -- A run that lost a race to a newer one must not overwrite it with an older state.
    where s.taken_at <= excluded.taken_at`);
}

/** The grade snapshots in [from, to), the last one of each step (at most ~100 points for any range). */
export async function gradeTrend(
  db: LogDb,
  f: { from: Date; to: Date; stepSeconds: number },
): Promise<GradeSnapshot[]> {
  const step = Math.max(3600, Math.floor(f.stepSeconds));
  // Inlined (an integer): DISTINCT ON and ORDER BY must be the same expression, which two parameters are not.
  const stepKey = sql.raw(`floor(extract(epoch from bucket) / ${step})`);
  const count = col.number;
  const avg = col.nullable(col.number);
  const rows = decodeRows(
    {
      bucket: col.epochMs,
      taken_at: col.epochMs,
      stable: count,
      unstable: count,
      critical: count,
      users_2fa: count,
      avg_score_2fa: avg,
      users_normal: count,
      avg_score_normal: avg,
    },
    await db.execute(sql`
      select distinct on (${stepKey}) bucket, taken_at, stable, unstable, critical, users_2fa, avg_score_2fa, users_normal, avg_score_normal
      from session_grade_snapshots where bucket >= ${f.from.toISOString()}::timestamptz and bucket < ${f.to.toISOString()}::timestamptz
      order by ${stepKey}, bucket desc`),
  );
  return rows.map((r) => ({
    t: Math.floor(r.bucket / (step * 1000)) * step * 1000,
    takenAt: r.taken_at,
    grades: { STABLE: r.stable, UNSTABLE: r.unstable, CRITICAL: r.critical },
    avgScoreByAuth: {
      '2FA': { users: r.users_2fa, avgScore: r.avg_score_2fa },
      NORMAL: { users: r.users_normal, avgScore: r.avg_score_normal },
    },
  }));
}

/**
 * Reconstructs the hourly grade snapshots of the whole hours in [from, to) from the CHECK_LOGIN rows of the
 * log: each profile's running success / total at the end of each hour, graded like the profiles. Only valid
 * where the profiles were built from the logged login results (the demo seed's simulated traffic), so only
 * the seed uses it; existing snapshots are kept.
 */
export async function backfillGradeSnapshots(db: LogDb, range: { from: Date; to: Date }): Promise<void> {
  const f = range.from.toISOString();
  const t = range.to.toISOString();
  await db.execute(sql`
    with hours as (
      select h from generate_series(date_trunc('hour', ${f}::timestamptz, 'UTC'), ${t}::timestamptz - interval '1 hour', interval '1 hour') h
    ), per_hour as (
      select user_id, platform_account_id, date_trunc('hour', created_at, 'UTC') as h, count(*) as tot, count(*) filter (where status = 'SUCCESS') as ok
      from operation_logs where operation_type = 'CHECK_LOGIN' and created_at < ${t}::timestamptz group by 1, 2, 3
    ), running as (
      -- A profile's counts as of each hour it logged in, valid until its next such hour.
      select user_id, platform_account_id, h, lead(h) over w as until,
             session_stability_score((sum(ok) over w)::int, (sum(tot) over w)::int) as score
      from per_hour window w as (partition by user_id, platform_account_id order by h)
    )
    insert into session_grade_snapshots (bucket, taken_at, stable, unstable, critical, users_2fa, avg_score_2fa, users_normal, avg_score_normal)
    select hours.h, hours.h + interval '1 hour' - interval '1 millisecond',
           count(*) filter (where session_stability_grade(r.score) = 'STABLE'),
           count(*) filter (where session_stability_grade(r.score) = 'UNSTABLE'),
           count(*) filter (where session_stability_grade(r.score) = 'CRITICAL'),
           count(*) filter (where p.auth_type = '2FA'), round(avg(r.score) filter (where p.auth_type = '2FA'), 2),
           count(*) filter (where p.auth_type = 'NORMAL'), round(avg(r.score) filter (where p.auth_type = 'NORMAL'), 2)
    from hours
    join running r on r.h <= hours.h and (r.until is null or r.until > hours.h)
    join platform_user_profiles p on p.user_id = r.user_id and p.platform_account_id = r.platform_account_id
    group by hours.h
    on conflict (bucket) do nothing`);
}
