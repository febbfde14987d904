import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { xid8 } from './observability';

/**
 * The append-only operation log. NOT exported from db/schema/index.ts: drizzle-kit cannot declare a
 * partitioned table, so drizzle/0002_oplog_partitions.sql creates it (monthly RANGE partitions on created_at,
 * each LIST-partitioned by status so retention drops whole partitions). This definition types the queries.
 */
const columns = {
  id: bigint('id', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  userId: text('user_id').notNull(),
  platformAccountId: text('platform_account_id').notNull(),
  operationType: text('operation_type').notNull(),
  resourceId: text('resource_id'),
  status: text('status').notNull(),
  errorCode: text('error_code'),
  errorType: text('error_type'),
  errorMessage: text('error_message'),
  executionTimeMs: integer('execution_time_ms').notNull(),
  retryCount: integer('retry_count').notNull(),
  authTypeDetected: text('auth_type_detected'),
  sessionRefreshed: boolean('session_refreshed').notNull(),
  proxyUsed: text('proxy_used'),
  userAgent: text('user_agent'),
  requestPayload: jsonb('request_payload'),
  responseSummary: jsonb('response_summary'),
  /** The inserting transaction (default pg_current_xact_id(), drizzle/0018_oplog_xid.sql); null on rows older than that. The rollup job's horizon reads it. */
  xid: xid8('xid'),
};

export const operationLogs = pgTable('operation_logs', columns);
export const operationLogsArchive = pgTable('operation_logs_archive', columns);
export type OperationLog = typeof operationLogs.$inferSelect;
