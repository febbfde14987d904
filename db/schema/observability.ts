import { bigint, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Dashboard rollups of the operation log (DOMAIN.md §5), kept with the op-log tables (LOG_DATABASE_URL).
 * Three grains (minute, hour, day) so a range reads a few thousand rows whatever its length. Dimensions
 * without a value are '' (no error type, no proxy); '*' in the latency table means "all" (grouping sets).
 * Counts add up, so rows maintained incrementally and rows rebuilt from the raw log are the same numbers.
 */
export const ROLLUP_GRAINS = ['minute', 'hour', 'day'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** Operation counts and total execution time per bucket and dimension combination. */
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
  },
  // The key leads with (grain, bucket): every dashboard query is a bucket range of one grain.
  (t) => [primaryKey({ name: 'oplog_rollup_counts_pkey', columns: [t.grain, t.bucket, t.operationType, t.status, t.errorType, t.proxy, t.authType] })],
);

/**
 * The latency sketch (lib/observability/sketch.ts): count per log-scale bin, per bucket, operation type and
 * proxy, each also summed over '*' (all), so the overview reads ('*', '*') rows only. Kept keys per grain
 * (LATENCY_KEYS): minute ('*', '*') only; hour adds (type, '*') and ('*', proxy); day adds (type, proxy).
 * Count rows at minute grain have proxy = auth_type = '*': filtering by those reads hour rows instead.
 */
export const oplogRollupLatency = pgTable(
  'oplog_rollup_latency',
  {
    grain: text('grain').$type<RollupGrain>().notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    operationType: text('operation_type').notNull(),
    proxy: text('proxy').notNull(),
    bin: smallint('bin').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'oplog_rollup_latency_pkey', columns: [t.grain, t.operationType, t.proxy, t.bucket, t.bin] })],
);

export const LATENCY_KEYS: Record<RollupGrain, { typeAndProxy: boolean; type: boolean; proxy: boolean }> = {
  minute: { typeAndProxy: false, type: false, proxy: false },
  hour: { typeAndProxy: false, type: true, proxy: true },
  day: { typeAndProxy: true, type: true, proxy: true },
};

/** The incremental job's watermark: every op-log row with id ≤ watermark is counted in the rollups. */
export const oplogRollupState = pgTable('oplog_rollup_state', {
  name: text('name').primaryKey(),
  watermark: bigint('watermark', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
