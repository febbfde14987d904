import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { insertOperationLogs, type StoredEntry } from '@/db/queries/oplog-write';
import { recordLoginResult } from '@/db/queries/oplog';
import { gradeDistribution } from '@/db/queries/support';
import { getWatermark, rebuildRollups, runRollup } from '@/db/queries/observability-rollup';
import { backfillGradeSnapshots, takeGradeSnapshot } from '@/db/queries/observability';
import { simulateTraffic } from '@/db/simulate-traffic';
import { getAlerts, getErrors, getOperations, getOverview, getProxies, getSessions } from '@/lib/server/dashboard-data';
import { getDashboardView } from '@/lib/server/dashboard-views';
import { parseDashboardParams, type DashboardParams } from '@/lib/observability/range';
import { relativeError, SKETCH_ALPHA } from '@/lib/observability/sketch';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { failed, opEntry } from '../support/oplog-factories';

const t = useTestDatabase();

const HOUR = 3_600_000;
// Three whole hours ending at the last whole hour, inside partitions that exist (this month or last).
const end = Math.floor(Date.now() / HOUR) * HOUR;
const start = end - 3 * HOUR;
const custom = (from: number, to: number, extra: Partial<DashboardParams> = {}): DashboardParams => ({
  ...parseDashboardParams({ range: 'custom', from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
  ...extra,
});

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const OPS = ['GET_REVIEWS', 'CHECK_LOGIN', 'ADD_REPLY'] as const;
const ERRS = ['TIMEOUT', 'AUTH_REQUIRED', 'SELECTOR_NOT_FOUND'] as const;

/** 6,000 rows with log-normal latencies (a slow tail on ADD_REPLY) and ~12% failures over three hours. */
function knownTraffic(n = 6000): StoredEntry[] {
  const r = rng(42);
  return Array.from({ length: n }, (_, i) => {
    const op = OPS[i % 3]!;
    const normal = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
    const ms = Math.round(Math.exp((op === 'ADD_REPLY' ? 6.5 : 5) + 1.1 * normal));
    const base = {
      createdAt: new Date(start + Math.floor(r() * 3 * HOUR)),
      operationType: op,
      executionTimeMs: ms,
      userId: `u-${i % 40}`,
      proxyUsed: i % 4 === 0 ? 'proxy-bad' : 'proxy-ok',
      authTypeDetected: (i % 2 ? '2FA' : 'NORMAL') as '2FA' | 'NORMAL',
    };
    return r() < 0.12 ? failed(ERRS[i % 3]!, base) : opEntry(base);
  });
}

async function exact(where: string) {
  const row = rowsOf<Record<string, string | number>>(
    await t.log.db.execute(
      sql.raw(`select count(*)::int as total, count(*) filter (where status = 'SUCCESS')::int as success,
        percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms) as p
        from operation_logs where created_at >= '${new Date(start).toISOString()}' and created_at < '${new Date(end).toISOString()}' ${where}`),
    ),
  )[0]!;
  const p =
    typeof row.p === 'string'
      ? (row.p as string).replace(/[{}]/g, '').split(',').map(Number)
      : (row.p as unknown as number[]).map(Number);
  return { total: Number(row.total), success: Number(row.success), p50: p[0]!, p95: p[1]!, p99: p[2]! };
}

const snapshot = async () => ({
  counts: rowsOf(
    await t.log.db.execute(
      sql`select grain, bucket, operation_type, status, error_type, proxy, auth_type, n::text, sum_ms::text from oplog_rollup_counts order by 1, 2, 3, 4, 5, 6, 7`,
    ),
  ),
  sketches: rowsOf(
    await t.log.db.execute(
      sql`select grain, bucket, operation_type, proxy, bins::text, counts::text from oplog_rollup_sketches order by 1, 2, 3, 4`,
    ),
  ),
  minutes: rowsOf(
    await t.log.db.execute(
      sql`select bucket, n::text, success::text, auth_required::text, slow::text from oplog_rollup_minutes order by 1`,
    ),
  ),
});

describe(`observability rollups (${TEST_DRIVER})`, () => {
  it('gives exact counts and success rates, and percentiles within the sketch bound of percentile_cont', async () => {
    await insertOperationLogs(t.log.query, knownTraffic());
    const run = await runRollup(t.log.db);
    expect(run.rows).toBe(6000);
    const p = custom(start, end);
    const ov = await getOverview(t.log.db, p);
    const ex = await exact('');
    expect(ov.current.total).toBe(ex.total);
    expect(ov.current.success).toBe(ex.success);
    expect(ov.current.successRate).toBe(ex.success / ex.total);
    for (const q of ['p50', 'p95', 'p99'] as const)
      expect(relativeError(ov.current[q]!, ex[q])).toBeLessThanOrEqual(SKETCH_ALPHA + 0.0005);
    expect(ov.series.reduce((a, s) => a + s.total, 0)).toBe(6000);
    expect(ov.previous.total).toBe(0);

    const ops = await getOperations(t.log.db, p);
    for (const op of OPS) {
      const row = ops.find((o) => o.operationType === op)!;
      const e = await exact(`and operation_type = '${op}'`);
      expect([row.total, row.success]).toEqual([e.total, e.success]);
      for (const q of ['p50', 'p95', 'p99'] as const)
        expect(relativeError(row[q]!, e[q])).toBeLessThanOrEqual(SKETCH_ALPHA + 0.0005);
    }
    const proxies = await getProxies(t.log.db, p);
    const bad = await exact(`and proxy_used = 'proxy-bad'`);
    const badRow = proxies.find((x) => x.proxy === 'proxy-bad')!;
    expect([badRow.total, badRow.success]).toEqual([bad.total, bad.success]);
    expect(relativeError(badRow.p95!, bad.p95)).toBeLessThanOrEqual(SKETCH_ALPHA + 0.0005);

    const filtered = await getOverview(t.log.db, { ...p, operationType: 'ADD_REPLY', authType: '2FA' });
    const ef = await exact(`and operation_type = 'ADD_REPLY' and auth_type_detected = '2FA'`);
    expect([filtered.current.total, filtered.current.success]).toEqual([ef.total, ef.success]);

    const errors = await getErrors(t.log.db, p);
    const exErr = rowsOf<{ e: string; n: number; u: number }>(
      await t.log.db.execute(
        sql`select error_type as e, count(*)::int as n, count(distinct user_id)::int as u from operation_logs where status = 'FAILED' group by 1 order by 2 desc, 1`,
      ),
    );
    expect(errors.top.map((e) => [e.errorType, e.count, e.affectedUsers]).sort()).toEqual(
      exErr.map((e) => [e.e, Number(e.n), Number(e.u)]).sort(),
    );
  });

  it('is idempotent and incremental: a second run adds nothing, new rows only add themselves', async () => {
    const rows = knownTraffic(3000);
    await insertOperationLogs(t.log.query, rows.slice(0, 2000));
    await runRollup(t.log.db);
    const once = await snapshot();
    expect((await runRollup(t.log.db)).rows).toBe(0);
    expect(await snapshot()).toEqual(once);
    await insertOperationLogs(t.log.query, rows.slice(2000));
    expect((await runRollup(t.log.db)).rows).toBe(1000);
    expect((await getOverview(t.log.db, custom(start, end))).current.total).toBe(3000);
  });

  it('rollups after a rebuild equal the rollups maintained incrementally', async () => {
    const rows = knownTraffic(3000);
    for (let i = 0; i < 3000; i += 500) {
      await insertOperationLogs(t.log.query, rows.slice(i, i + 500));
      await runRollup(t.log.db);
    }
    const incremental = await snapshot();
    await rebuildRollups(t.log.db, { from: new Date(start), to: new Date(end) });
    expect(await snapshot()).toEqual(incremental);
    // A rebuild never counts rows past the watermark twice: they stay the incremental job's.
    await insertOperationLogs(t.log.query, [opEntry({ createdAt: new Date(start + 1000) })]);
    await rebuildRollups(t.log.db, { from: new Date(start), to: new Date(end) });
    await runRollup(t.log.db);
    expect((await getOverview(t.log.db, custom(start, end))).current.total).toBe(3001);
  });

  it('a late-arriving row lands in its own (older) bucket', async () => {
    await insertOperationLogs(t.log.query, knownTraffic(500));
    await runRollup(t.log.db);
    const lateAt = start - 2 * HOUR + 17 * 60_000 + 5_000; // 2 h before the data, minute :17
    await insertOperationLogs(t.log.query, [
      failed('RATE_LIMIT', { createdAt: new Date(lateAt), executionTimeMs: 7777, operationType: 'GET_STORES' }),
    ]);
    expect((await runRollup(t.log.db)).rows).toBe(1);
    const minute = Math.floor(lateAt / 60_000) * 60_000;
    const rows = rowsOf<{ grain: string; bucket: string; n: string }>(
      await t.log.db.execute(
        sql`select grain, bucket, n::text from oplog_rollup_counts where (operation_type = 'GET_STORES' and proxy <> '*') or (grain = 'minute' and error_type = 'RATE_LIMIT')`,
      ),
    );
    expect(rows.map((r) => [r.grain, new Date(r.bucket).getTime(), r.n]).sort()).toEqual(
      [
        ['day', Math.floor(lateAt / 86_400_000) * 86_400_000, '1'],
        ['hour', Math.floor(lateAt / HOUR) * HOUR, '1'],
        ['minute', minute, '1'],
      ].sort(),
    );
    // Its latency is in that minute's (and hour's, and day's) sketch.
    const sk = rowsOf<{ grain: string; bucket: string }>(
      await t.log.db.execute(
        sql`select grain, bucket from oplog_rollup_sketches where (operation_type = 'GET_STORES' and proxy = '*') or (grain = 'minute' and bucket = ${new Date(minute).toISOString()}::timestamptz)`,
      ),
    );
    expect(sk.map((r) => [r.grain, new Date(r.bucket).getTime()]).sort()).toEqual(
      [
        ['day', Math.floor(lateAt / 86_400_000) * 86_400_000],
        ['hour', Math.floor(lateAt / HOUR) * HOUR],
        ['minute', minute],
      ].sort(),
    );
    const ov = await getOverview(t.log.db, custom(minute, minute + 60_000));
    expect(ov.current).toMatchObject({ total: 1, failed: 1 });
    expect(relativeError(ov.current.p99!, 7777)).toBeLessThanOrEqual(SKETCH_ALPHA);
  });

  it('grade distribution equals the profiles table', async () => {
    const results: [string, number, number][] = [
      ['a', 9, 1],
      ['b', 5, 5],
      ['c', 1, 9],
      ['d', 8, 2],
      ['e', 0, 0],
    ];
    for (const [u, ok, ko] of results) {
      for (let i = 0; i < ok; i++)
        await recordLoginResult(t.log.db, {
          userId: u,
          platformAccountId: 'x',
          status: 'SUCCESS',
          authType: u === 'a' ? '2FA' : 'NORMAL',
        } as never);
      for (let i = 0; i < ko; i++)
        await recordLoginResult(t.log.db, {
          userId: u,
          platformAccountId: 'x',
          status: 'FAILED',
          authType: u === 'a' ? '2FA' : 'NORMAL',
        } as never);
    }
    const s = await getSessions(t.log.db, custom(end - 24 * HOUR, end + HOUR));
    expect(s.grades).toEqual(await gradeDistribution(t.log.db));
    expect(s.grades).toEqual({ STABLE: 2, UNSTABLE: 1, CRITICAL: 1 });
    expect(s.avgScoreByAuth['2FA']).toEqual({ users: 1, avgScore: 90 });
  });

  it('grade snapshots hold the profiles as they were when taken, one per hour, as a trend', async () => {
    const login = async (u: string, ok: number, ko: number, authType = 'NORMAL') => {
      for (let i = 0; i < ok; i++)
        await recordLoginResult(t.log.db, { userId: u, platformAccountId: 'x', status: 'SUCCESS', authType } as never);
      for (let i = 0; i < ko; i++)
        await recordLoginResult(t.log.db, { userId: u, platformAccountId: 'x', status: 'FAILED', authType } as never);
    };
    await login('a', 9, 1, '2FA');
    await login('b', 5, 5);
    const h1 = end - 2 * HOUR;
    await takeGradeSnapshot(t.log.db, new Date(h1 + 60_000));
    const first = await getSessions(t.log.db, custom(end - 24 * HOUR, end + HOUR));
    // b slides to CRITICAL and c arrives (CRITICAL) before the next hour's snapshot.
    await login('b', 0, 8);
    await login('c', 1, 9);
    await takeGradeSnapshot(t.log.db, new Date(end - HOUR + 60_000));
    // A second run within the same hour overwrites that hour's row with the newer state.
    await login('c', 0, 0);
    await takeGradeSnapshot(t.log.db, new Date(end - HOUR + 120_000));
    const now = await getSessions(t.log.db, custom(end - 24 * HOUR, end + HOUR));
    expect(now.trend.map((p) => p.t)).toEqual([h1, end - HOUR]);
    expect(now.trend[0]!.grades).toEqual(first.grades);
    expect(now.trend[0]!.grades).toEqual({ STABLE: 1, UNSTABLE: 1, CRITICAL: 0 });
    expect(now.trend[0]!.avgScoreByAuth).toEqual({
      '2FA': { users: 1, avgScore: 90 },
      NORMAL: { users: 1, avgScore: 50 },
    });
    expect(now.trend[1]!.grades).toEqual(now.grades);
    expect(now.trend[1]!.grades).toEqual({ STABLE: 1, UNSTABLE: 0, CRITICAL: 2 });
    expect(now.trend[1]!.avgScoreByAuth.NORMAL).toEqual(now.avgScoreByAuth.NORMAL);
    expect(now.trend[1]!.takenAt).toBe(end - HOUR + 120_000);
    // An older run finishing late does not overwrite the newer state of its hour.
    await takeGradeSnapshot(t.log.db, new Date(end - HOUR + 30_000));
    expect((await getSessions(t.log.db, custom(end - 24 * HOUR, end + HOUR))).trend[1]!.takenAt).toBe(
      end - HOUR + 120_000,
    );
  });

  it('backfilled snapshots (demo seed) end at the profiles built from the same logged logins', async () => {
    await simulateTraffic(t.log, { rows: 3000, days: 1, users: 30, seed: 3, now: new Date(end) });
    await backfillGradeSnapshots(t.log.db, { from: new Date(end - 24 * HOUR), to: new Date(end) });
    await takeGradeSnapshot(t.log.db, new Date(end));
    const s = await getSessions(t.log.db, custom(end - 24 * HOUR, end + HOUR));
    expect(s.trend).toHaveLength(25);
    const [lastBackfilled, taken] = s.trend.slice(-2);
    expect(lastBackfilled!.grades).toEqual(taken!.grades);
    expect(lastBackfilled!.avgScoreByAuth).toEqual(taken!.avgScoreByAuth);
    expect(taken!.grades).toEqual(s.grades);
    // Users appear as they first log in: the early hours count fewer.
    const users = (p: (typeof s.trend)[number]) => p.grades.STABLE + p.grades.UNSTABLE + p.grades.CRITICAL;
    expect(users(s.trend[0]!)).toBeLessThan(users(taken!));
  });

  it('uses exact percentile_cont for small ranges and the sketches beyond', async () => {
    await insertOperationLogs(t.log.query, knownTraffic(3000));
    await runRollup(t.log.db);
    // Two whole hours: small enough for exact percentiles over the raw rows.
    const small = await getOverview(t.log.db, custom(start, start + 2 * HOUR));
    expect(small.exactPercentiles).toBe(true);
    const ex = rowsOf<{ p: number[] | string; n: number }>(
      await t.log.db.execute(
        sql`select count(*)::int as n, percentile_cont(array[0.5, 0.95, 0.99]) within group (order by execution_time_ms) as p from operation_logs where created_at >= ${new Date(start).toISOString()}::timestamptz and created_at < ${new Date(start + 2 * HOUR).toISOString()}::timestamptz`,
      ),
    )[0]!;
    const p = typeof ex.p === 'string' ? ex.p.replace(/[{}]/g, '').split(',').map(Number) : ex.p.map(Number);
    expect(small.current.total).toBe(Number(ex.n));
    expect([small.current.p50, small.current.p95, small.current.p99]).toEqual(p.map((v) => Math.round(v * 10) / 10));
    // Per-minute series points are exact too: a minute's P50 equals percentile_cont over that minute's rows.
    const busiest = small.series.reduce((a, b) => (b.total > a.total ? b : a));
    const m = rowsOf<{ p: number }>(
      await t.log.db.execute(
        sql`select percentile_cont(0.5) within group (order by execution_time_ms) as p from operation_logs where created_at >= ${new Date(busiest.t).toISOString()}::timestamptz and created_at < ${new Date(busiest.t + 60_000).toISOString()}::timestamptz`,
      ),
    )[0]!;
    expect(busiest.p50).toBe(Math.round(Number(m.p) * 10) / 10);
    // Three hours: the sketches (within the bound, not necessarily equal).
    const big = await getOverview(t.log.db, custom(start, end));
    expect(big.exactPercentiles).toBe(false);
    // Rows past the watermark are in neither the counts nor the exact percentiles until rolled up.
    await insertOperationLogs(t.log.query, [opEntry({ createdAt: new Date(start + 1000), executionTimeMs: 999_999 })]);
    expect((await getOverview(t.log.db, custom(start, start + 2 * HOUR))).current).toEqual(small.current);
  });

  it('alert rules fire exactly when their thresholds are crossed', async () => {
    const base = end - HOUR;
    const at = (m: number, s = 0) => new Date(base + m * 60_000 + s * 1000);
    const rows: StoredEntry[] = [];
    // Minutes 0-9: 100 ops, exactly 90 successful: no alert. Minutes 20-29: 100 ops, 89 successful: fires.
    for (let i = 0; i < 100; i++)
      rows.push(
        i < 90 ? opEntry({ createdAt: at(i % 10, i % 50) }) : failed('TIMEOUT', { createdAt: at(i % 10, i % 50) }),
      );
    for (let i = 0; i < 100; i++)
      rows.push(
        i < 89 ? opEntry({ createdAt: at(20 + (i % 10)) }) : failed('TIMEOUT', { createdAt: at(20 + (i % 10)) }),
      );
    // Minutes 40-44: P99 of 6 s; minutes 50-54 at 4.9 s (no alert).
    for (let i = 0; i < 50; i++) rows.push(opEntry({ createdAt: at(40 + (i % 5)), executionTimeMs: 6000 }));
    for (let i = 0; i < 50; i++) rows.push(opEntry({ createdAt: at(50 + (i % 5)), executionTimeMs: 4900 }));
    await insertOperationLogs(t.log.query, rows);
    await runRollup(t.log.db);
    const { events } = await getAlerts(t.log.db, custom(base, base + HOUR));
    const rate = events.filter((e) => e.rule === 'SUCCESS_RATE_LOW');
    expect(rate).toHaveLength(1);
    expect(rate[0]!.start).toBe(at(29).getTime()); // the first 10-minute window holding all 100 ops at 89%
    const p99 = events.filter((e) => e.rule === 'P99_HIGH');
    // From the first 5-minute window holding 20 ops (minutes 40-41, ALERT_MIN_OPS) to the last (43-44).
    expect(p99.map((e) => [e.start, e.end])).toEqual([[at(41).getTime(), at(48).getTime()]]);
    expect(events.some((e) => e.rule === 'AUTH_REQUIRED_SPIKE')).toBe(false);
    expect(await getWatermark(t.log.db)).toBeGreaterThan(0);
  });

  it('sends the bucket size it read at: minutes for a short range, hours once a filter needs the per-dimension rollups', async () => {
    const short = custom(end - HOUR, end);
    expect((await getDashboardView(t.log.db, 'overview', short)).meta.stepMs).toBe(60_000);
    expect((await getDashboardView(t.log.db, 'overview', { ...short, operationType: 'GET_REVIEWS' })).meta.stepMs).toBe(
      HOUR,
    );
    expect((await getDashboardView(t.log.db, 'operations', short)).meta.stepMs).toBe(HOUR);
  });
});
