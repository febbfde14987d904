import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type LogDb } from '../client';
import { col, decodeRows } from '../codec';
import { SKETCH_LN_GAMMA } from '../../lib/observability/sketch';
import { ALERT_SLOW_MS } from '../../lib/observability/alerts';

const STATE = 'operation_logs';

/** The sketch bin in SQL; mirrors sketchBin() in lib/observability/sketch.ts. */
const binSql = sql.raw(
  `case when o.execution_time_ms >= 1 then ceil(ln(o.execution_time_ms::float8) / ${SKETCH_LN_GAMMA.toPrecision(17)})::int + 1 else 0 end`,
);

/**
 * Adds the op-log rows matching `where` to the rollups of every grain in one statement: the rows are read once,
 * counted per hour with every dimension (days sum the hours), per minute by status × error type, and binned
 * for the sketches; then one INSERT … ON CONFLICT DO UPDATE per table (counts add; sketches merge bin by bin).
 * Each coarser level is summed from the finer aggregate, not from the rows again. The caller guarantees each
 * row is added once: by id range past the watermark, or after deleting the buckets it rebuilds.
 */
async function addRows(db: LogDb, where: SQL): Promise<number> {
  const cols = sql`o.created_at, o.operation_type as op, o.status, coalesce(o.error_type, '') as err, coalesce(o.proxy_used, '') as px,
               coalesce(o.auth_type_detected, '') as auth, o.execution_time_ms as ms, ${binSql} as bin`;
  const counted = rowsOf<{ n: number }>(
    await db.execute(sql`
      with raw as materialized (
        -- The archive too: a row retention moved there before it was counted is still counted once.
        select ${cols} from operation_logs o where ${where}
        union all select ${cols} from operation_logs_archive o where ${where}
      ),
      -- Counts. Minute rows keep status × error type only ('*'): with more dimensions they approach a copy of the log.
      -- Hour and day rows have every dimension, and again summed over proxy and auth type.
      c_hour as materialized (
        select date_trunc('hour', created_at, 'UTC') as bucket, op, status, err, px, auth, count(*) as n, sum(ms) as sum_ms, count(*) filter (where ms > ${ALERT_SLOW_MS}) as slow
        from raw group by 1, 2, 3, 4, 5, 6
      ),
      -- Minutes by status × error type, once: both the minute count rows and the alert minutes are sums of it.
      c_min as materialized (
        select date_trunc('minute', created_at, 'UTC') as bucket, status, err, count(*) as n, sum(ms) as sum_ms, count(*) filter (where ms > ${ALERT_SLOW_MS}) as slow
        from raw group by 1, 2, 3
      ),
      c_all as (
        select 'minute' as grain, bucket, '*' as op, status, err, '*' as px, '*' as auth, n, sum_ms, slow from c_min
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
        select bucket, sum(n), coalesce(sum(n) filter (where status = 'SUCCESS'), 0),
               coalesce(sum(n) filter (where status = 'FAILED' and err = 'AUTH_REQUIRED'), 0), sum(slow)
        from c_min group by 1
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
      -- The row count from an aggregate already made (reading raw once more cost a fifth of the statement).
      select coalesce(sum(n), 0)::bigint as n from c_hour`),
  );
  return Number(counted[0]?.n ?? 0);
}

/**
 * A step aggregates up to 250k rows several ways and sorts the sketch bins: with the default 4 MB those
 * sorts and hashes spill to disk. Raised for this transaction only.
 */
async function localWorkMem(db: LogDb): Promise<void> {
  await db.execute(sql`select set_config('work_mem', '64MB', true)`);
}

/** What the previous, id-based job's watermark is set to once the switch to the xid cursor is done. */
export const LEGACY_DONE = Number.MAX_SAFE_INTEGER;

/**
 * Runs a step's "N-th key past the cursor" query (on the hot log only: a UNION with the archive defeats the
 * ordered plan) as a walk of the (xid, id) indexes in order (a Merge Append of index scans reading N entries). Without statistics (PGlite has no autovacuum; a freshly loaded server table)
 * the planner reads every remaining row and sorts them instead, which made each step cost the whole backlog.
 * The settings are put back before the step's aggregation.
 */
async function inIndexOrder<T>(tx: LogDb, query: () => Promise<T>): Promise<T> {
  await tx.execute(
    sql`select set_config('enable_sort', 'off', true), set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
  );
  const out = await query();
  await tx.execute(
    sql`select set_config('enable_sort', 'on', true), set_config('enable_seqscan', 'on', true), set_config('enable_bitmapscan', 'on', true)`,
  );
  return out;
}

async function ensureState(db: LogDb): Promise<void> {
  await db.execute(sql`insert into oplog_rollup_state (name, watermark) values (${STATE}, 0) on conflict do nothing`);
}

type State = {
  watermark: number;
  legacyFloor: number | null;
  legacyAt: number | null;
  target: string | null;
  cursorXid: string | null;
  cursorId: number;
};

async function readState(db: LogDb, lock: boolean): Promise<State> {
  const r = rowsOf<{
    watermark: string | number;
    legacy_floor: string | number | null;
    legacy_at: string | number | null;
    target: string | null;
    cx: string | null;
    cid: string | number | null;
  }>(
    await db.execute(sql`select watermark, legacy_floor, legacy_at, target_xid::text as target, cursor_xid::text as cx, cursor_id as cid
      from oplog_rollup_state where name = ${STATE} ${lock ? sql`for update` : sql``}`),
  )[0];
  const num = (v: string | number | null | undefined) => (v == null ? null : Number(v));
  return {
    watermark: num(r?.watermark) ?? 0,
    legacyFloor: num(r?.legacy_floor),
    legacyAt: num(r?.legacy_at),
    target: r?.target ?? null,
    cursorXid: r?.cx ?? null,
    cursorId: num(r?.cid) ?? 0,
  };
}

/**
 * The snapshot horizon of this database: every transaction with a lower id that could have written to it has
 * finished, and every id handed out later is higher. Of a snapshot S: its xmax (the next id to be assigned),
 * lowered to the oldest transaction S saw running, leaving out those connected to another database (listed in
 * pg_stat_activity with another datid: a transaction never writes outside its own database). S's own xmin
 * would do too, but it is cluster-wide: a long transaction in any database of the server would hold the
 * rollups back. Unknown transactions (prepared ones, rows a role may not see, ones that finished meanwhile)
 * count as running here, which is only ever conservative. Taken in a statement of its own, before the caller
 * holds a lock or a transaction id of its own.
 */
async function currentHorizon(db: LogDb): Promise<string> {
  const rows = rowsOf<{ h: string }>(
    await db.execute(sql`
      with s as (select pg_current_snapshot() as snap)
      select least(pg_snapshot_xmax(snap), (
        select min(x) from pg_snapshot_xip(snap) x
        where not exists (
          select 1 from pg_stat_activity a
          where a.backend_xid::text = (x::text::numeric % 4294967296)::text
            and a.datid is distinct from (select oid from pg_database where datname = current_database()))
      ))::text as h from s`),
  );
  return rows[0]!.h;
}

/**
 * A predicate on op-log rows (alias-free columns) true exactly for the rows the rollups count now, for readers
 * that must describe the same rows as the rollups (exact percentiles beside rollup counts, oplog:verify). Read it
 * in the same transaction (or snapshot) as the rollups it is compared with.
 */
export async function countedRowsSql(db: LogDb): Promise<SQL> {
  const s = await readState(db, false);
  if (s.legacyFloor === null) return sql`(id <= ${s.watermark}::bigint)`; // not switched yet: the old job's watermark
  const floor = sql`id <= ${s.legacyFloor}::bigint`;
  if (s.cursorXid === null) return sql`(${floor} or (xid is null and id <= ${s.legacyAt ?? 0}::bigint))`;
  return sql`(${floor} or xid is null or (xid, id) <= (${s.cursorXid}::xid8, ${s.cursorId}::bigint))`;
}

/** Where the job stands, for /api/metrics: the horizon every row below which is counted (0 before the first run). */
export async function getWatermark(db: LogDb): Promise<number> {
  const s = await readState(db, false);
  return Number(s.cursorXid ?? 0);
}

export type RollupResult = { rows: number; steps: number; ms: number; horizon: string };
export type RollupOptions = {
  /** Stop after this many steps (tests). */
  maxSteps?: number;
  /** Aim for steps this long: the row count per step adapts (default 5 s, from 250k rows; the embedded server uses ~60 ms). */
  stepMs?: number;
  /** Rows in the first step (then adapted). */
  stepRows?: number;
  /** Pause between steps: on PGlite (one connection, in this process) it lets waiting requests run. */
  pause?: (stepMs: number) => Promise<void>;
};

/**
 * The incremental job: counts, once each, exactly the op-log rows whose inserting transactions have finished.
 *
 * Every row carries its inserting transaction's id (xid8 column `xid`, default pg_current_xact_id(): the
 * top-level id, also inside a savepoint). The state row holds a cursor (cursor_xid, cursor_id) and a target
 * horizon; every row with (xid, id) <= cursor is counted, and no other row is (proof):
 *  1. A horizon h (currentHorizon) of a snapshot S: every xid < h that could write to this database had finished
 *     when S was taken, and every xid assigned later is >= S's xmax >= h. So the set R(h) of committed rows
 *     with xid < h is final once S is taken: no transaction can add to it afterwards, and any later snapshot
 *     sees all of it (aborted rows never). h only grows (a transaction of this database running at a later
 *     snapshot with an id below an earlier h was running at the earlier one, so it would have lowered that h).
 *  2. A run takes h first (a statement of its own), then, each step in one transaction holding the state row
 *     FOR UPDATE: if the cursor has reached the target, the target becomes h (when higher); otherwise the step
 *     counts the rows with key (xid, id) in (cursor, boundary] where boundary is the N-th key past the cursor
 *     below the target (all rows sharing the boundary key included, so even duplicate ids are never split), or
 *     every remaining row below the target, setting the cursor to (target, 0). The rollup rows and the cursor
 *     commit together, so a crash or a concurrent runner (it waits on the lock, then re-reads the cursor)
 *     never counts a row twice. The ranges are disjoint and, per target, cover R(target) \ R(previous target).
 *  3. Rows of transactions between the old and the new horizon: a transaction T with xid x < h had finished
 *     when h was taken, so its rows (if it committed) are in R(h) and counted in that window whether it
 *     committed early or late. If x >= h its rows are left alone even if T has already committed (they are
 *     visible, but the window stops at the target), and are counted by the first later window whose horizon
 *     passes x, which comes once T and every older transaction have finished. An open transaction therefore
 *     delays counting (the rollups lag by the age of the oldest writing transaction on the server), never
 *     skips or repeats a row. The old job's gap (a row committed after a higher id was rolled up) cannot occur.
 *  4. Rows keep their key when moved: oplog_ensure_month re-inserts rows leaving DEFAULT with the same xid and
 *     id in one transaction (a snapshot sees one copy or the other), and retention moves whole partitions to
 *     the archive, which the job reads as well. COPY and the unnest insert leave xid to its default.
 *  5. Switch from the previous, id-based job, once, when the state has no cursor yet: under the lock, its
 *     watermark W becomes legacy_floor and the watermark LEGACY_DONE (an old process's job then finds nothing
 *     to do). Rows with id <= W were that job's to count. Rows with a null xid were all committed before the
 *     xid column existed (its migration holds an exclusive lock): the legacy pass counts those with id > W in id
 *     order, a step at a time (legacy_at), then sets the cursor to ('0', 0). From then on windows count only rows
 *     with id > W, so a row the old job counted in a mixed-version deploy is not counted again. A fresh
 *     database has W = 0 and no null-xid rows.
 */
export async function runRollup(db: LogDb, opts: RollupOptions = {}): Promise<RollupResult> {
  const started = performance.now();
  await ensureState(db);
  const horizon = await currentHorizon(db);
  const stepMs = opts.stepMs ?? 5000;
  let stepRows = opts.stepRows ?? 250_000;
  let rows = 0;
  let steps = 0;
  while (steps < (opts.maxSteps ?? Infinity)) {
    const t0 = performance.now();
    const r = await db.transaction(async (tx) => {
      const t = tx as unknown as LogDb;
      const s = await readState(t, true);
      if (s.cursorXid === null) return legacyStep(t, s, stepRows);
      if (s.cursorXid === s.target) {
        // Caught up with the target: move it to this run's horizon, or stop.
        if (BigInt(horizon) <= BigInt(s.target!)) return { n: 0, more: false };
        await tx.execute(
          sql`update oplog_rollup_state set target_xid = ${horizon}::xid8, updated_at = now() where name = ${STATE}`,
        );
        return { n: 0, more: true };
      }
      const after = sql`(${s.cursorXid}::xid8, ${s.cursorId}::bigint)`;
      // Any boundary past the cursor is correct (the step counts every row up to it, archive included); the hot
      // log's N-th key keeps the step near N rows (rows in the archive this young are rare).
      const boundary = await inIndexOrder(t, () =>
        t.execute(
          sql`select xid::text as x, id from operation_logs where (xid, id) > ${after} and xid < ${s.target}::xid8 order by xid, id offset ${stepRows - 1} limit 1`,
        ),
      ).then((r) => rowsOf<{ x: string; id: string | number }>(r)[0]);
      await localWorkMem(t);
      // Rows the old id-based job counted (point 5) are left out; on databases that never had it the floor is 0.
      const floor = s.legacyFloor ? sql` and o.id > ${s.legacyFloor}::bigint` : sql``;
      const n = boundary
        ? await addRows(
            t,
            sql`(o.xid, o.id) > ${after} and (o.xid, o.id) <= (${boundary.x}::xid8, ${Number(boundary.id)}::bigint)${floor}`,
          )
        : await addRows(t, sql`(o.xid, o.id) > ${after} and o.xid < ${s.target}::xid8${floor}`);
      const [cx, cid] = boundary ? [boundary.x, Number(boundary.id)] : [s.target!, 0];
      await tx.execute(
        sql`update oplog_rollup_state set cursor_xid = ${cx}::xid8, cursor_id = ${cid}, updated_at = now() where name = ${STATE}`,
      );
      return { n, more: true };
    });
    rows += r.n;
    steps++;
    if (!r.more) break;
    const took = performance.now() - t0;
    // Steps that counted rows steer the next step's size towards stepMs.
    if (r.n > 0)
      stepRows = Math.max(200, Math.min(250_000, stepRows * 2, Math.round((stepRows * stepMs) / Math.max(took, 1))));
    if (opts.pause) await opts.pause(took);
  }
  return { rows, steps, ms: performance.now() - started, horizon };
}

/** One step of the one-off legacy pass (point 5 above). */
async function legacyStep(tx: LogDb, s: State, stepRows: number): Promise<{ n: number; more: boolean }> {
  if (s.legacyFloor === null) {
    await tx.execute(
      sql`update oplog_rollup_state set legacy_floor = watermark, legacy_at = watermark, watermark = ${LEGACY_DONE}, updated_at = now() where name = ${STATE}`,
    );
    return { n: 0, more: true };
  }
  const from = s.legacyAt ?? 0;
  // Rows with a null xid, in id order through the (xid, id) index (nulls sort together), stepRows at a time.
  const boundary = await inIndexOrder(tx, () =>
    tx.execute(
      sql`select id from operation_logs where xid is null and id > ${from}::bigint order by xid, id offset ${stepRows - 1} limit 1`,
    ),
  ).then((r) => rowsOf<{ id: string | number }>(r)[0]);
  await localWorkMem(tx);
  const upTo = boundary ? sql` and o.id <= ${Number(boundary.id)}::bigint` : sql``;
  const n = await addRows(tx, sql`o.xid is null and o.id > ${from}::bigint${upTo}`);
  if (boundary) {
    await tx.execute(
      sql`update oplog_rollup_state set legacy_at = ${Number(boundary.id)}, updated_at = now() where name = ${STATE}`,
    );
  } else {
    // Every null-xid row is counted; the xid cursor starts below every transaction id (its first window then
    // goes up to the next horizon).
    await tx.execute(
      sql`update oplog_rollup_state set legacy_at = null, cursor_xid = '0'::xid8, cursor_id = 0, target_xid = '0'::xid8, updated_at = now() where name = ${STATE}`,
    );
  }
  return { n, more: true };
}

/**
 * After a logical restore (pg_restore) into another cluster, op-log rows and the job's cursor carry the old
 * cluster's transaction ids, which may be ahead of the new cluster's: new rows would get ids at or below the
 * cursor and never be counted, and old uncounted rows would wait for a horizon that may never come. This moves
 * them to the new cluster's numbering, once, in one transaction holding the job's lock: counted rows get a
 * null xid (counted, like rows from before the xid column), uncounted rows get this transaction's id (counted by
 * the next window once it commits), and the cursor starts again below every id. A no-op when nothing is ahead
 * (a restore into the same cluster, or a physical copy such as an embedded backup or PITR). Returns the rows
 * renumbered.
 */
export async function rebaseRollupCursor(db: LogDb): Promise<number> {
  await ensureState(db);
  return db.transaction(async (tx) => {
    const t = tx as unknown as LogDb;
    const s = await readState(t, true);
    const [now] = rowsOf<{ cur: string; ahead: boolean }>(
      await t.execute(sql`
        with cur as (select pg_current_xact_id() as x)
        select (select x from cur)::text as cur,
               coalesce(${s.cursorXid}::xid8 >= (select x from cur), false)
               or coalesce(${s.target}::xid8 >= (select x from cur), false)
               or exists (select 1 from operation_logs where xid >= (select x from cur))
               or exists (select 1 from operation_logs_archive where xid >= (select x from cur)) as ahead`),
    );
    if (!now!.ahead) return 0;
    let moved = 0;
    for (const table of [sql`operation_logs`, sql`operation_logs_archive`]) {
      if (s.cursorXid !== null) {
        const counted = await countedRowsSql(t);
        moved += decodeRows(
          { n: col.number },
          await t.execute(
            sql`with u as (update ${table} set xid = null where xid is not null and ${counted} returning 1) select count(*) as n from u`,
          ),
        )[0]!.n;
      }
      // Not counted yet (or, before the switch from the id job, every row with an id): this transaction's id.
      moved += decodeRows(
        { n: col.number },
        await t.execute(
          sql`with u as (update ${table} set xid = ${now!.cur}::xid8 where xid is not null returning 1) select count(*) as n from u`,
        ),
      )[0]!.n;
    }
    if (s.cursorXid !== null) {
      await t.execute(
        sql`update oplog_rollup_state set cursor_xid = '0'::xid8, cursor_id = 0, target_xid = '0'::xid8, updated_at = now() where name = ${STATE}`,
      );
    }
    return moved;
  });
}

const dayFloor = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * Rebuilds the rollups of whole UTC days covering [from, to) from the raw log (hot and archive), in one
 * transaction holding the job's state row: the buckets are deleted and recounted from the rows the job has
 * counted (countedRowsSql; later rows stay the incremental job's).
 */
export async function rebuildRollups(
  db: LogDb,
  range: { from: Date; to: Date },
): Promise<{ rows: number; from: Date; to: Date }> {
  const from = dayFloor(range.from);
  const to = dayFloor(new Date(range.to.getTime() - 1));
  to.setUTCDate(to.getUTCDate() + 1);
  await ensureState(db);
  const rows = await db.transaction(async (tx) => {
    await readState(tx as unknown as LogDb, true); // hold the job's lock: the counted set cannot move meanwhile
    const counted = await countedRowsSql(tx as unknown as LogDb);
    const f = from.toISOString();
    const t = to.toISOString();
    await localWorkMem(tx as unknown as LogDb);
    await tx.execute(
      sql`delete from oplog_rollup_counts where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`,
    );
    await tx.execute(
      sql`delete from oplog_rollup_minutes where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`,
    );
    await tx.execute(
      sql`delete from oplog_rollup_sketches where bucket >= ${f}::timestamptz and bucket < ${t}::timestamptz`,
    );
    return addRows(
      tx as unknown as LogDb,
      sql`o.created_at >= ${f}::timestamptz and o.created_at < ${t}::timestamptz and ${counted}`,
    );
  });
  return { rows, from, to };
}

export type VerifyResult = {
  hours: number;
  rawRows: number;
  drift: { hour: Date; raw: number; rollups: Record<string, number> }[];
};

/**
 * Compares, per UTC hour of [from, to), the raw op-log rows the job has counted (hot and archive) with every
 * rollup that counts them: hour rows with all dimensions, hour rows summed over proxy and auth type, minute
 * count rows, the alert minutes table, and (for whole days inside the range) day rows. One REPEATABLE READ
 * snapshot, so the job's cursor and the rollups it committed with it are read together; rows not counted yet
 * are left out of the raw side. Any difference is drift.
 */
export async function verifyRollups(db: LogDb, range: { from: Date; to: Date }): Promise<VerifyResult> {
  return db.transaction(
    async (tx) => {
      const t = tx as unknown as LogDb;
      await ensureState(t);
      const counted = await countedRowsSql(t);
      const f = range.from.toISOString();
      const to = range.to.toISOString();
      const raw = sql`select date_trunc('hour', created_at, 'UTC') as h, count(*) as n from operation_logs where created_at >= ${f}::timestamptz and created_at < ${to}::timestamptz and ${counted} group by 1
        union all select date_trunc('hour', created_at, 'UTC'), count(*) from operation_logs_archive where created_at >= ${f}::timestamptz and created_at < ${to}::timestamptz and ${counted} group by 1`;
      const inRange = sql`bucket >= ${f}::timestamptz and bucket < ${to}::timestamptz`;
      const rows = decodeRows(
        { at: col.epochMs, kind: col.text, n: col.number },
        await t.execute(sql`
          select h as at, 'raw' as kind, sum(n) as n from (${raw}) r group by 1
          union all select bucket, 'hour', sum(n) from oplog_rollup_counts where grain = 'hour' and not (proxy = '*' and auth_type = '*') and ${inRange} group by 1
          union all select bucket, 'hour summed', sum(n) from oplog_rollup_counts where grain = 'hour' and proxy = '*' and auth_type = '*' and ${inRange} group by 1
          union all select date_trunc('hour', bucket, 'UTC'), 'minute', sum(n) from oplog_rollup_counts where grain = 'minute' and ${inRange} group by 1
          union all select date_trunc('hour', bucket, 'UTC'), 'alert minutes', sum(n) from oplog_rollup_minutes where ${inRange} group by 1`),
      );
      const dayRows = decodeRows(
        { at: col.epochMs, kind: col.text, n: col.number },
        await t.execute(sql`
          select date_trunc('day', h, 'UTC') as at, 'raw' as kind, sum(n) as n from (${raw}) r group by 1
          union all select bucket, 'day', sum(n) from oplog_rollup_counts where grain = 'day' and not (proxy = '*' and auth_type = '*') and ${inRange} group by 1
          union all select bucket, 'day summed', sum(n) from oplog_rollup_counts where grain = 'day' and proxy = '*' and auth_type = '*' and ${inRange} group by 1`),
      );
      const drift: VerifyResult['drift'] = [];
      const check = (
        list: { at: number; kind: string; n: number }[],
        kinds: string[],
        whole: (at: number) => boolean,
      ) => {
        const by = new Map<number, Record<string, number>>();
        for (const r of list) {
          const e = by.get(r.at) ?? {};
          e[r.kind] = (e[r.kind] ?? 0) + r.n;
          by.set(r.at, e);
        }
        for (const [at, e] of [...by].sort((a, b) => a[0] - b[0])) {
          if (!whole(at)) continue;
          const rawN = e.raw ?? 0;
          const rollups = Object.fromEntries(kinds.map((k) => [k, e[k] ?? 0]));
          if (Object.values(rollups).some((n) => n !== rawN)) drift.push({ hour: new Date(at), raw: rawN, rollups });
        }
        return by.size;
      };
      const hours = check(rows, ['hour', 'hour summed', 'minute', 'alert minutes'], () => true);
      // Day rows hold the whole day: compared only for days wholly inside the range.
      check(
        dayRows,
        ['day', 'day summed'],
        (at) => at >= range.from.getTime() && at + 86_400_000 <= range.to.getTime(),
      );
      const rawRows = rows.filter((r) => r.kind === 'raw').reduce((a, r) => a + r.n, 0);
      return { hours, rawRows, drift };
    },
    { isolationLevel: 'repeatable read' },
  );
}
