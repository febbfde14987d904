import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { LATENCY_KEYS, type RollupGrain } from '../schema/observability';
import { addToSketch, type Sketch } from '../../lib/observability/sketch';
import { OPERATION_TYPES } from '../../lib/oplog/rules';

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

export type CountRow = { t: number | null; key: string; total: number; success: number; failed: number; sumMs: number };

const keyCol: Record<CountKey, SQL> = {
  none: sql`''`,
  operation: sql`operation_type`,
  error: sql`error_type`,
  proxy: sql`proxy`,
};

const stepSql = (f: RollupFilter) => sql`to_timestamp(floor(extract(epoch from bucket) / ${f.stepSeconds}) * ${f.stepSeconds})`;

function countWhere(f: RollupFilter): SQL {
  const w: SQL[] = [sql`grain = ${f.grain}`, sql`bucket >= ${f.from.toISOString()}::timestamptz`, sql`bucket < ${f.to.toISOString()}::timestamptz`];
  if (f.operationType) w.push(sql`operation_type = ${f.operationType}`);
  if (f.authType) w.push(sql`auth_type = ${f.authType}`);
  if (f.proxy) w.push(sql`proxy = ${f.proxy}`);
  return sql.join(w, sql` and `);
}

/** Operation counts from the rollups, per series bucket (`series`) and/or per dimension value. */
export async function rollupCounts(db: Db, f: RollupFilter, by: CountKey, series: boolean): Promise<CountRow[]> {
  const t = series ? stepSql(f) : sql`null::timestamptz`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${t} as t, ${keyCol[by]} as key, sum(n)::bigint as total,
             coalesce(sum(n) filter (where status = 'SUCCESS'), 0)::bigint as success,
             coalesce(sum(n) filter (where status = 'FAILED'), 0)::bigint as failed, sum(sum_ms)::bigint as sum_ms
      from oplog_rollup_counts where ${countWhere(f)}
      group by 1, 2 order by 1, 2`),
  );
  return rows.map((r) => ({
    t: r.t == null ? null : new Date(r.t as string).getTime(),
    key: String(r.key),
    total: Number(r.total),
    success: Number(r.success),
    failed: Number(r.failed),
    sumMs: Number(r.sum_ms),
  }));
}

/**
 * Latency sketches from the rollups, per series bucket and/or per operation type or proxy. The auth-type
 * filter does not apply (latency is not kept per auth type); the others pick their pre-summed '*' rows.
 */
export async function rollupSketches(db: Db, f: RollupFilter, by: 'none' | 'operation' | 'proxy', series: boolean): Promise<Map<string, Sketch>> {
  const byType = by === 'operation' || Boolean(f.operationType);
  const byProxy = by === 'proxy' || Boolean(f.proxy);
  const kept = LATENCY_KEYS[f.grain];
  // A combination this grain does not keep (e.g. one type through one proxy below a day): no percentiles.
  if ((byType && byProxy && !kept.typeAndProxy) || (byProxy && !kept.proxy) || (byType && !kept.type)) return new Map();
  const w: SQL[] = [sql`grain = ${f.grain}`, sql`bucket >= ${f.from.toISOString()}::timestamptz`, sql`bucket < ${f.to.toISOString()}::timestamptz`];
  // Equalities on (operation_type, proxy) so the primary key's leading columns bound the scan; `<> '*'` would
  // also read every per-(type, proxy) row of the grain.
  if (by === 'operation') w.push(f.operationType ? sql`operation_type = ${f.operationType}` : sql`operation_type in (${sql.join(OPERATION_TYPES.map((o) => sql`${o}`), sql`, `)})`);
  else w.push(sql`operation_type = ${f.operationType ?? '*'}`);
  if (by === 'proxy') w.push(f.proxy ? sql`proxy = ${f.proxy}` : sql`proxy <> '*'`);
  else w.push(sql`proxy = ${f.proxy ?? '*'}`);
  const key = by === 'operation' ? sql`operation_type` : by === 'proxy' ? sql`proxy` : sql`''`;
  const t = series ? stepSql(f) : sql`null::timestamptz`;
  const rows = rowsOf<{ t: string | null; key: string; bin: number; n: string | number }>(
    await db.execute(sql`
      select ${t} as t, ${key} as key, bin, sum(n)::bigint as n
      from oplog_rollup_latency where ${sql.join(w, sql` and `)}
      group by 1, 2, 3`),
  );
  const out = new Map<string, Sketch>();
  for (const r of rows) {
    const k = `${r.t == null ? '' : new Date(r.t).getTime()}|${r.key}`;
    let s = out.get(k);
    if (!s) out.set(k, (s = new Map()));
    addToSketch(s, Number(r.bin), Number(r.n));
  }
  return out;
}

/** Users affected by each error type in the range (exact: FAILED rows via the error-type index). */
export async function affectedUsersByError(db: Db, f: { from: Date; to: Date; operationType?: string; authType?: string; proxy?: string }, errorTypes: string[]): Promise<Map<string, number>> {
  if (!errorTypes.length) return new Map();
  const w: SQL[] = [
    sql`status = 'FAILED'`,
    sql`error_type in (${sql.join(errorTypes.map((e) => sql`${e}`), sql`, `)})`,
    sql`created_at >= ${f.from.toISOString()}::timestamptz`,
    sql`created_at < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.operationType) w.push(sql`operation_type = ${f.operationType}`);
  if (f.authType) w.push(sql`auth_type_detected = ${f.authType}`);
  if (f.proxy) w.push(sql`proxy_used = ${f.proxy}`);
  const rows = rowsOf<{ e: string; n: number }>(
    await db.execute(sql`select error_type as e, count(distinct user_id)::int as n from operation_logs where ${sql.join(w, sql` and `)} group by 1`),
  );
  return new Map(rows.map((r) => [r.e, Number(r.n)]));
}

/** Distinct proxies seen in the range (for the filter). */
export async function listProxies(db: Db, f: { from: Date; to: Date }): Promise<string[]> {
  const rows = rowsOf<{ p: string }>(
    await db.execute(sql`select distinct proxy as p from oplog_rollup_latency where grain = 'day' and proxy not in ('*', '') and bucket >= ${new Date(f.from.getTime() - 86_400_000).toISOString()}::timestamptz and bucket < ${f.to.toISOString()}::timestamptz order by 1`),
  );
  return rows.map((r) => r.p);
}

export type GradeStats = { grades: Record<'STABLE' | 'UNSTABLE' | 'CRITICAL', number>; avgScoreByAuth: Record<string, { users: number; avgScore: number }> };

/** Grade distribution and average score per auth type, from the profiles table (small: one row per user). */
export async function gradeStats(db: Db): Promise<GradeStats> {
  const rows = rowsOf<{ grade: 'STABLE' | 'UNSTABLE' | 'CRITICAL'; auth: string; n: number; s: string | number }>(
    await db.execute(sql`select session_stability_grade(session_stability_score) as grade, auth_type as auth, count(*)::int as n, sum(session_stability_score) as s from platform_user_profiles group by 1, 2`),
  );
  const grades = { STABLE: 0, UNSTABLE: 0, CRITICAL: 0 };
  const acc: Record<string, { users: number; sum: number }> = {};
  for (const r of rows) {
    grades[r.grade] += Number(r.n);
    const a = (acc[r.auth] ??= { users: 0, sum: 0 });
    a.users += Number(r.n);
    a.sum += Number(r.s);
  }
  const avgScoreByAuth: GradeStats['avgScoreByAuth'] = {};
  for (const [k, v] of Object.entries(acc)) avgScoreByAuth[k] = { users: v.users, avgScore: v.users ? Math.round((v.sum / v.users) * 100) / 100 : 0 };
  return { grades, avgScoreByAuth };
}

/** All-time totals for /api/metrics, from the day rollups (a few rows per day). */
export async function metricsTotals(db: Db) {
  const [ops, lat, sums] = await Promise.all([
    db.execute(sql`select operation_type, status, sum(n)::bigint as n from oplog_rollup_counts where grain = 'day' group by 1, 2 order by 1, 2`),
    db.execute(sql`select operation_type, bin, sum(n)::bigint as n from oplog_rollup_latency where grain = 'day' and proxy = '*' and operation_type <> '*' group by 1, 2`),
    db.execute(sql`select operation_type, sum(sum_ms)::bigint as s from oplog_rollup_counts where grain = 'day' group by 1`),
  ]);
  return {
    operations: rowsOf<{ operation_type: string; status: string; n: string }>(ops).map((r) => ({ operationType: r.operation_type, status: r.status, n: Number(r.n) })),
    latency: rowsOf<{ operation_type: string; bin: number; n: string }>(lat).map((r) => ({ operationType: r.operation_type, bin: Number(r.bin), n: Number(r.n) })),
    latencySumMs: new Map(rowsOf<{ operation_type: string; s: string }>(sums).map((r) => [r.operation_type, Number(r.s)])),
  };
}
