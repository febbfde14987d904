import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { SKETCH_LN_GAMMA } from '../../lib/observability/sketch';
import { ALERT_SLOW_MS } from '../../lib/observability/alerts';

const STATE = 'operation_logs';
/** Ids per step of the incremental job: bounds one transaction's work (and its lock time). */
const STEP_IDS = 250_000;

/** The sketch bin in SQL; mirrors sketchBin() in lib/observability/sketch.ts. */
const binSql = sql.raw(`case when o.execution_time_ms >= 1 then ceil(ln(o.execution_time_ms::float8) / ${SKETCH_LN_GAMMA.toPrecision(17)})::int + 1 else 0 end`);

/**
 * Adds the op-log rows matching `where` to the rollups of every grain in one statement: the rows are read once,
 * counted per hour with every dimension (days sum the hours), per minute by status × error type, and binned
 * for the sketches; then one INSERT … ON CONFLICT DO UPDATE per table (counts add; sketches merge bin by bin).
 * Each coarser level is summed from the finer aggregate, not from the rows again. The caller guarantees each
 * row is added once: by id range past the watermark, or after deleting the buckets it rebuilds.
 */
async function addRows(db: Db, where: ReturnType<typeof sql>): Promise<number> {
  const counted = rowsOf<{ n: number }>(
    await db.execute(sql`
      with raw as materialized (
        select o.created_at, o.operation_type as op, o.status, coalesce(o.error_type, '') as err, coalesce(o.proxy_used, '') as px,
               coalesce(o.auth_type_detected, '') as auth, o.execution_time_ms as ms, ${binSql} as bin
        from operation_logs o where ${where}
      ),
      -- Counts. Minute rows keep status × error type only ('*'): with more dimensions they approach a copy of the log.
      -- Hour and day rows have every dimension, and again summed over proxy and auth type.
      c_hour as materialized (
        select date_trunc('hour', created_at, 'UTC') as bucket, op, status, err, px, auth, count(*) as n, sum(ms) as sum_ms, count(*) filter (where ms > ${ALERT_SLOW_MS}) as slow
        from raw group by 1, 2, 3, 4, 5, 6
      ),
      c_all as (
        select 'minute' as grain, date_trunc('minute', created_at, 'UTC') as bucket, '*' as op, status, err, '*' as px, '*' as auth, count(*) as n, sum(ms) as sum_ms,
               count(*) filter (where ms > ${ALERT_SLOW_MS}) as slow
        from raw group by 2, 4, 5
        union all select 'hour', * from c_hour
        union all select 'day', date_trunc('day', bucket, 'UTC'), op, status, err, px, auth, sum(n), sum(sum_ms), sum(slow) from c_hour group by 2, 3, 4, 5, 6, 7
        -- The same summed over proxy and auth type ('*'): what the unfiltered views read (~9x fewer rows).
        union all select 'hour', bucket, op, status, err, '*', '*', sum(n), sum(sum_ms), sum(slow) from c_hour group by 2, 3, 4, 5
        union all select 'day', date_trunc('day', bucket, 'UTC'), op, status, err, '*', '*', sum(n), sum(sum_ms), sum(slow) from c_hour group by 2, 3, 4, 5
      ),
      c_ins as (
        insert into oplog_rollup_counts as r (grain, bucket, operation_type, status, error_type, proxy, auth_type, n, sum_ms, slow)
        select * from c_all
        on conflict (grain, bucket, operation_type, status, error_type, proxy, auth_type)
        do update set n = r.n + excluded.n, sum_ms = r.sum_ms + excluded.sum_ms, slow = r.slow + excluded.slow
      ),
      -- What the alert rules read, one row per minute.
      m_ins as (
        insert into oplog_rollup_minutes as r (bucket, n, success, auth_required, slow)
        select date_trunc('minute', created_at, 'UTC'), count(*), count(*) filter (where status = 'SUCCESS'),
               count(*) filter (where status = 'FAILED' and err = 'AUTH_REQUIRED'), count(*) filter (where ms > ${ALERT_SLOW_MS})
        from raw group by 1
        on conflict (bucket) do update set n = r.n + excluded.n, success = r.success + excluded.success,
          auth_required = r.auth_required + excluded.auth_required, slow = r.slow + excluded.slow
      ),
      -- Sketches, the keys each grain keeps (SKETCH_KEYS in db/schema/observability.ts): only the overall
      -- sketch per minute; per type and per proxy from the hour up; per (type, proxy) by day.
      s_hour as materialized (select date_trunc('hour', created_at, 'UTC') as bucket, op, px, bin, count(*)::int as n from raw group by 1, 2, 3, 4),
      s_day as materialized (select date_trunc('day', bucket, 'UTC') as bucket, op, px, bin, sum(n)::int as n from s_hour group by 1, 2, 3, 4),
      s_all as (
        select 'minute' as grain, date_trunc('minute', created_at, 'UTC') as bucket, '*' as op, '*' as px, bin, count(*)::int as n from raw group by 2, 5
        union all select 'hour', bucket, op, '*', bin, sum(n)::int from s_hour group by 2, 3, 5
        union all select 'hour', bucket, '*', px, bin, sum(n)::int from s_hour group by 2, 4, 5
        union all select 'hour', bucket, '*', '*', bin, sum(n)::int from s_hour group by 2, 5
        union all select 'day', bucket, op, px, bin, n from s_day
        union all select 'day', bucket, op, '*', bin, sum(n)::int from s_day group by 2, 3, 5
        union all select 'day', bucket, '*', px, bin, sum(n)::int from s_day group by 2, 4, 5
        union all select 'day', bucket, '*', '*', bin, sum(n)::int from s_day group by 2, 5
      ),
      s_ins as (
        insert into oplog_rollup_sketches as r (grain, operation_type, proxy, bucket, bins, counts)
        select grain, op, px, bucket, array_agg(bin::int2 order by bin), array_agg(n order by bin) from s_all group by 1, 2, 3, 4
        on conflict (grain, operation_type, proxy, bucket) do update set (bins, counts) = (
          select array_agg(b order by b), array_agg(n order by b)
          from (select b, sum(n)::int as n
                from (select * from unnest(r.bins, r.counts) union all select * from unnest(excluded.bins, excluded.counts)) u(b, n)
                group by b) m)
      )
      select count(*)::bigint as n from raw`),
  );
  return Number(counted[0]?.n ?? 0);
}

/**
 * A step aggregates up to STEP_IDS rows several ways and sorts the sketch bins: with the default 4 MB those
 * sorts and hashes spill to disk. Raised for this transaction only.
 */
async function localWorkMem(db: Db): Promise<void> {
  await db.execute(sql`select set_config('work_mem', '64MB', true)`);
}

/**
 * The job finds new rows through the BRIN index on id, but block ranges filled since the last VACUUM are
 * unsummarized, and a bitmap scan must read every unsummarized range: after a bulk load (or with autovacuum
 * behind) each step read most of the log. Summarizing the new ranges first costs ~1 ms per range (only new
 * blocks are read). Best effort: a role that may not summarize (not the owner) still rolls up, just slower.
 */
async function summarizeIdBrin(db: Db): Promise<void> {
  try {
    await db.execute(sql`select brin_summarize_new_values(relid) from pg_partition_tree('operation_logs_id_brin') where isleaf`);
  } catch {
    // Permissions or an older server without pg_partition_tree: the scan is correct either way.
  }
}

async function ensureState(db: Db): Promise<void> {
  await db.execute(sql`insert into oplog_rollup_state (name, watermark) values (${STATE}, 0) on conflict do nothing`);
}

export async function getWatermark(db: Db): Promise<number> {
  const rows = rowsOf<{ w: string | number }>(await db.execute(sql`select watermark as w from oplog_rollup_state where name = ${STATE}`));
  return Number(rows[0]?.w ?? 0);
}

export type RollupResult = { rows: number; from: number; to: number; ms: number };

/**
 * The incremental job: rolls up op-log rows whose id is above the watermark, in steps, each step in one
 * transaction that also moves the watermark (so a crash or a concurrent run never counts a row twice: the
 * state row is locked, and a second runner waits then finds nothing new). Late-arriving rows (old created_at)
 * get new ids, so they are picked up and land in their own, older bucket.
 * Known gap: a row whose insert transaction commits after a later id was rolled up is skipped; the logger's
 * inserts are single short statements, and `--rebuild` over the range repairs it.
 */
export async function runRollup(db: Db, opts: { maxSteps?: number } = {}): Promise<RollupResult> {
  const started = performance.now();
  await ensureState(db);
  await summarizeIdBrin(db);
  const top = Number(rowsOf<{ v: string | number }>(await db.execute(sql`select last_value as v from operation_logs_id_seq`))[0]?.v ?? 0);
  const first = await getWatermark(db);
  let rows = 0;
  let steps = 0;
  let at = first;
  while (at < top && steps < (opts.maxSteps ?? Infinity)) {
    const done = await db.transaction(async (tx) => {
      const w = Number(rowsOf<{ w: string | number }>(await tx.execute(sql`select watermark as w from oplog_rollup_state where name = ${STATE} for update`))[0]?.w ?? 0);
      if (w >= top) return { w, n: 0 };
      const hi = Math.min(w + STEP_IDS, top);
      await localWorkMem(tx as unknown as Db);
      const n = await addRows(tx as unknown as Db, sql`o.id > ${w} and o.id <= ${hi}`);
      await tx.execute(sql`update oplog_rollup_state set watermark = ${hi}, updated_at = now() where name = ${STATE}`);
      return { w: hi, n };
    });
    at = done.w;
    rows += done.n;
    steps++;
  }
  return { rows, from: first, to: at, ms: performance.now() - started };
}

const dayFloor = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * Rebuilds the rollups of whole UTC days covering [from, to) from the raw log, in one transaction holding the
 * watermark: the buckets are deleted and recounted from rows with id ≤ watermark (newer rows are the
 * incremental job's). Rows already moved to the archive by retention are not in the hot log and are not
 * recounted, so rebuild only ranges still hot.
 */
export async function rebuildRollups(db: Db, range: { from: Date; to: Date }): Promise<{ rows: number; from: Date; to: Date }> {
  const from = dayFloor(range.from);
  const to = dayFloor(new Date(range.to.getTime() - 1));
  to.setUTCDate(to.getUTCDate() + 1);
  await ensureState(db);
  const rows = await db.transaction(async (tx) => {
    const w = Number(rowsOf<{ w: string | number }>(await tx.execute(sql`select watermark as w from oplog_rollup_state where name = ${STATE} for update`))[0]?.w ?? 0);
    const f = from.toISOString();
    const t = to.toISOString();
    await localWorkMem(tx as unknown as Db);
    await tx.execute(sql`delete from oplog_rollup_counts where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`);
    await tx.execute(sql`delete from oplog_rollup_minutes where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`);
    await tx.execute(sql`delete from oplog_rollup_sketches where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`);
    return addRows(tx as unknown as Db, sql`o.created_at >= ${f}::timestamptz and o.created_at < ${t}::timestamptz and o.id <= ${w}`);
  });
  return { rows, from, to };
}
