import type { RollupGrain } from '../../lib/observability/range';
import {
  customType,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  bigint,
} from 'drizzle-orm/pg-core';

/** A 64-bit transaction id (PostgreSQL's xid8), as the decimal string the drivers return. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * Dashboard rollups of the operation log (docs/domain.md §5), kept with the op-log tables (LOG_DATABASE_URL).
 * Three grains (minute, hour, day) so a range reads a few hundred to a few thousand rows whatever its length.
 * Dimensions without a value are '' (no error type, no proxy); '*' means "all" (summed over that dimension).
 * Counts add up, so rows maintained incrementally and rows rebuilt from the raw log are the same numbers.
 */

/**
 * Operation counts and total execution time per bucket and dimension combination. Minute rows keep only
 * status × error type (operation type, proxy and auth type are '*'): minute buckets serve the unfiltered
 * short-range charts and the alerts; any filter or per-dimension view reads hour rows (filterOf). Hour and
 * day rows come twice: with every dimension, and summed over proxy and auth type (both '*') for the views
 * without those filters, which then read ~9x fewer rows.
 */
export const oplogRollupCounts = pgTable(
  'oplog_rollup_counts',
  {
    grain: text('grain').$type<RollupGrain>().notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    operationType: text('operation_type').notNull(),
    status: text('status').notNull(),
    errorType: text('error_type').notNull(),
    proxy: text('proxy').notNull(),
    authType: text('auth_type').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    sumMs: bigint('sum_ms', { mode: 'number' }).notNull(),
    /** Operations slower than the P99 alert's 5 s (ALERT_SLOW_MS): the alert reads these counts, not sketches. */
    slow: bigint('slow', { mode: 'number' }).notNull().default(0),
  },
  // The key leads with (grain, bucket): every dashboard query is a bucket range of one grain.
  (t) => [
    primaryKey({
      name: 'oplog_rollup_counts_pkey',
      columns: [t.grain, t.bucket, t.operationType, t.status, t.errorType, t.proxy, t.authType],
    }),
  ],
);

/**
 * The latency sketch (lib/observability/sketch.ts) of one bucket × operation type × proxy, as ONE row: the
 * non-empty bins ascending and their counts, two parallel arrays. Each key is also summed over '*' (all), so
 * the overview reads one ('*', '*') row per bucket. Kept keys per grain (SKETCH_KEYS): minute ('*', '*')
 * only; hour adds (type, '*') and ('*', proxy); day adds (type, proxy).
 */
export const oplogRollupSketches = pgTable(
  'oplog_rollup_sketches',
  {
    grain: text('grain').$type<RollupGrain>().notNull(),
    operationType: text('operation_type').notNull(),
    proxy: text('proxy').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    bins: smallint('bins').array().notNull(),
    counts: integer('counts').array().notNull(),
  },
  // (grain, type, proxy) first: every read is "these keys over a bucket range".
  (t) => [primaryKey({ name: 'oplog_rollup_sketches_pkey', columns: [t.grain, t.operationType, t.proxy, t.bucket] })],
);

/**
 * One row per minute with what the alert rules read (all operations): the overview evaluates them over 7 days,
 * 10,080 rows by primary key instead of ~70k status × error-type count rows.
 */
export const oplogRollupMinutes = pgTable('oplog_rollup_minutes', {
  bucket: timestamp('bucket', { withTimezone: true }).primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull(),
  success: bigint('success', { mode: 'number' }).notNull(),
  authRequired: bigint('auth_required', { mode: 'number' }).notNull(),
  slow: bigint('slow', { mode: 'number' }).notNull(),
});

export const SKETCH_KEYS: Record<RollupGrain, { typeAndProxy: boolean; type: boolean; proxy: boolean }> = {
  minute: { typeAndProxy: false, type: false, proxy: false },
  hour: { typeAndProxy: false, type: true, proxy: true },
  day: { typeAndProxy: true, type: true, proxy: true },
};

/**
 * Where the incremental job stands (db/queries/observability-rollup.ts explains the proof). Counted rows: those
 * with id <= legacy_floor (the previous, id-based job counted them), those with a null xid (rows written before
 * the xid column existed; while the one-off legacy pass runs, only up to id legacy_at), and those with
 * (xid, id) <= (cursor_xid, cursor_id). target_xid is the snapshot horizon the job is working towards: every
 * transaction of this database with a lower id had finished when it was taken.
 * `watermark` is the previous job's id watermark: kept (expand/contract) for the switch; once switched it holds
 * LEGACY_DONE, which makes an old process's job find nothing to do.
 */
export const oplogRollupState = pgTable('oplog_rollup_state', {
  name: text('name').primaryKey(),
  watermark: bigint('watermark', { mode: 'number' }).notNull(),
  legacyFloor: bigint('legacy_floor', { mode: 'number' }),
  legacyAt: bigint('legacy_at', { mode: 'number' }),
  targetXid: xid8('target_xid'),
  cursorXid: xid8('cursor_xid'),
  cursorId: bigint('cursor_id', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The session-stability grade distribution over time: profiles hold only the current state, so the rollup job
 * records it once per hour (the hour's row is overwritten each run until the hour ends, so it ends up holding
 * the distribution at the end of that hour). Average scores per auth type are over that type's profiles.
 */
export const sessionGradeSnapshots = pgTable('session_grade_snapshots', {
  bucket: timestamp('bucket', { withTimezone: true }).primaryKey(),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
  stable: integer('stable').notNull(),
  unstable: integer('unstable').notNull(),
  critical: integer('critical').notNull(),
  users2fa: integer('users_2fa').notNull(),
  avgScore2fa: numeric('avg_score_2fa', { precision: 5, scale: 2, mode: 'number' }),
  usersNormal: integer('users_normal').notNull(),
  avgScoreNormal: numeric('avg_score_normal', { precision: 5, scale: 2, mode: 'number' }),
});
