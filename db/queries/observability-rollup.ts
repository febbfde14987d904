import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { SKETCH_LN_GAMMA } from '../../lib/observability/sketch';

const STATE = 'operation_logs';
/** Ids per step of the incremental job: bounds one transaction's work (and its lock time). */
const STEP_IDS = 250_000;

/** The sketch bin in SQL; mirrors sketchBin() in lib/observability/sketch.ts. */
const binSql = sql.raw(`case when o.execution_time_ms >= 1 then ceil(ln(o.execution_time_ms::float8) / ${SKETCH_LN_GAMMA.toPrecision(17)})::int + 1 else 0 end`);

/**
 * Adds the op-log rows matching `where` to the rollups of every grain: one set-based INSERT … ON CONFLICT DO
 * UPDATE for the counts and one for the sketches (counts add; sketches merge bin by bin). The caller
 * guarantees each row is added once: by id range past the watermark, or after deleting the buckets it rebuilds.
 */
async function addRows(db: Db, where: ReturnType<typeof sql>): Promise<number> {
  const counted = rowsOf<{ n: number }>(
    await db.execute(sql`
      with agg as materialized (
        select g.grain, date_trunc(g.grain, o.created_at, 'UTC') as bucket,
               -- Minute rows keep status × error type only ('*'): with more dimensions they approach a copy of the log.
               case when g.grain = 'minute' then '*' else o.operation_type end as operation_type, o.status,
               coalesce(o.error_type, '') as error_type,
               case when g.grain = 'minute' then '*' else coalesce(o.proxy_used, '') end as proxy,
               case when g.grain = 'minute' then '*' else coalesce(o.auth_type_detected, '') end as auth_type,
               count(*) as n, sum(o.execution_time_ms) as sum_ms
        from operation_logs o cross join (values ('minute'), ('hour'), ('day')) g(grain)
        where ${where}
        group by 1, 2, 3, 4, 5, 6, 7
      ),
      ins as (
        insert into oplog_rollup_counts as r (grain, bucket, operation_type, status, error_type, proxy, auth_type, n, sum_ms)
        select * from agg
        on conflict (grain, bucket, operation_type, status, error_type, proxy, auth_type)
        do update set n = r.n + excluded.n, sum_ms = r.sum_ms + excluded.sum_ms
      )
      select coalesce(sum(n), 0)::bigint as n from agg where grain = 'minute'`),
  );
  await db.execute(sql`
    with per_minute as materialized (
      -- One pass over the new rows: count per (minute, type, proxy, bin); every grain and key sums these.
      select date_trunc('minute', o.created_at, 'UTC') as m, o.operation_type as op, coalesce(o.proxy_used, '') as px, ${binSql} as bin, count(*)::int as n
      from operation_logs o where ${where}
      group by 1, 2, 3, 4
    ),
    per_bin as (
      select g.grain, date_trunc(g.grain, p.m, 'UTC') as bucket,
             case when grouping(p.op) = 1 then '*' else p.op end as op,
             case when grouping(p.px) = 1 then '*' else p.px end as px,
             p.bin, sum(p.n)::int as n
      from per_minute p cross join (values ('minute'), ('hour'), ('day')) g(grain)
      group by g.grain, date_trunc(g.grain, p.m, 'UTC'), p.bin, grouping sets ((p.op, p.px), (p.op), (p.px), ())
      -- Which sketches each grain keeps (SKETCH_KEYS in db/schema/observability.ts): per (type, proxy) only by
      -- day, per type and per proxy from the hour up, only the overall sketch per minute.
      having (g.grain = 'day')
          or (g.grain = 'hour' and (grouping(p.op) = 1 or grouping(p.px) = 1))
          or (g.grain = 'minute' and grouping(p.op) = 1 and grouping(p.px) = 1)
    )
    insert into oplog_rollup_sketches as r (grain, operation_type, proxy, bucket, bins, counts)
    select grain, op, px, bucket, array_agg(bin::int2 order by bin), array_agg(n order by bin) from per_bin group by 1, 2, 3, 4
    on conflict (grain, operation_type, proxy, bucket) do update set (bins, counts) = (
      select array_agg(b order by b), array_agg(n order by b)
      from (select b, sum(n)::int as n
            from (select * from unnest(r.bins, r.counts) union all select * from unnest(excluded.bins, excluded.counts)) u(b, n)
            group by b) m)`);
  return Number(counted[0]?.n ?? 0);
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
    await tx.execute(sql`delete from oplog_rollup_counts where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`);
    await tx.execute(sql`delete from oplog_rollup_sketches where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`);
    return addRows(tx as unknown as Db, sql`o.created_at >= ${f}::timestamptz and o.created_at < ${t}::timestamptz and o.id <= ${w}`);
  });
  return { rows, from, to };
}
