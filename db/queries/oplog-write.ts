import type { DbHandle } from '../client';
import { redactNullableText, redactSecrets } from '../../lib/oplog/redact';
import type { OperationLogEntry, StoredEntry } from '../../lib/oplog/entry';

/** The columns the bulk path writes, in order, with their array types. */
const COLUMNS: [string, string][] = [
  ['created_at', 'timestamptz'],
  ['user_id', 'text'],
  ['platform_account_id', 'text'],
  ['operation_type', 'text'],
  ['resource_id', 'text'],
  ['status', 'text'],
  ['error_code', 'text'],
  ['error_type', 'text'],
  ['error_message', 'text'],
  ['execution_time_ms', 'int4'],
  ['retry_count', 'int4'],
  ['auth_type_detected', 'text'],
  ['session_refreshed', 'bool'],
  ['proxy_used', 'text'],
  ['user_agent', 'text'],
  ['request_payload', 'jsonb'],
  ['response_summary', 'jsonb'],
];

const INSERT_SQL =
  `insert into operation_logs (${COLUMNS.map(([c]) => c).join(', ')}) ` +
  `select * from unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;

export type { StoredEntry };

export function toStoredEntry(entry: OperationLogEntry): StoredEntry {
  return {
    ...entry,
    createdAt: entry.createdAt ?? new Date(),
    resourceId: redactNullableText(entry.resourceId), // may be a URL
    errorMessage: redactNullableText(entry.errorMessage),
    proxyUsed: redactNullableText(entry.proxyUsed),
    userAgent: redactNullableText(entry.userAgent),
    requestPayload: entry.requestPayload ? (redactSecrets(entry.requestPayload) as Record<string, unknown>) : null,
    responseSummary: entry.responseSummary ? (redactSecrets(entry.responseSummary) as Record<string, unknown>) : null,
  };
}

/**
 * Appends entries in one statement: one array parameter per column, `unnest` turns them into rows. About 6×
 * faster than drizzle's row-by-row builder (docs/adr/0005-drivers.md) and atomic: the batch is written whole or not at all.
 */
export async function insertOperationLogs(query: DbHandle['query'], entries: readonly StoredEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const cols: unknown[][] = COLUMNS.map(() => new Array(entries.length));
  entries.forEach((e, i) => {
    cols[0]![i] = (typeof e.createdAt === 'number' ? new Date(e.createdAt) : e.createdAt).toISOString();
    cols[1]![i] = e.userId;
    cols[2]![i] = e.platformAccountId;
    cols[3]![i] = e.operationType;
    cols[4]![i] = e.resourceId ?? null;
    cols[5]![i] = e.status;
    cols[6]![i] = e.errorCode ?? null;
    cols[7]![i] = e.errorType ?? null;
    cols[8]![i] = e.errorMessage ?? null;
    cols[9]![i] = e.executionTimeMs;
    cols[10]![i] = e.retryCount ?? 0;
    cols[11]![i] = e.authTypeDetected ?? null;
    cols[12]![i] = e.sessionRefreshed ?? false;
    cols[13]![i] = e.proxyUsed ?? null;
    cols[14]![i] = e.userAgent ?? null;
    cols[15]![i] = e.requestPayload ? JSON.stringify(e.requestPayload) : null;
    cols[16]![i] = e.responseSummary ? JSON.stringify(e.responseSummary) : null;
  });
  await query(INSERT_SQL, cols);
  return entries.length;
}

/**
 * Appends entries by the fastest path the driver offers: binary COPY on node-postgres (atomic, like one
 * INSERT), the unnest insert on PGlite and Neon.
 */
export async function writeOperationLogs(handle: Pick<DbHandle, 'query' | 'copyFrom'>, entries: readonly StoredEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  if (!handle.copyFrom) return insertOperationLogs(handle.query, entries);
  const { COPY_COLUMNS, encodeCopyBinary } = await import('./oplog-copy');
  await handle.copyFrom(`copy operation_logs (${COPY_COLUMNS}) from stdin with (format binary)`, [encodeCopyBinary(entries, true, true)]);
  return entries.length;
}
