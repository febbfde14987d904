import { copyOn, queryOn, type Db, type DbHandle } from '../client';
import { col, decodeRows } from '../codec';
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
  // Field by field, not `{ ...entry }`: on the ingest hot path an object spread costs several times more.
  return {
    createdAt: entry.createdAt ?? new Date(),
    userId: entry.userId,
    platformAccountId: entry.platformAccountId,
    operationType: entry.operationType,
    resourceId: redactNullableText(entry.resourceId), // may be a URL
    status: entry.status,
    errorCode: entry.errorCode,
    errorType: entry.errorType,
    errorMessage: redactNullableText(entry.errorMessage),
    executionTimeMs: entry.executionTimeMs,
    retryCount: entry.retryCount,
    authTypeDetected: entry.authTypeDetected,
    sessionRefreshed: entry.sessionRefreshed,
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
export async function writeOperationLogs(
  handle: Pick<DbHandle, 'query' | 'copyFrom'>,
  entries: readonly StoredEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  if (!handle.copyFrom) return insertOperationLogs(handle.query, entries);
  const { COPY_COLUMNS, encodeCopyBinary } = await import('./oplog-copy');
  await handle.copyFrom(`copy operation_logs (${COPY_COLUMNS}) from stdin with (format binary)`, [
    encodeCopyBinary(entries, true, true),
  ]);
  return entries.length;
}

/**
 * Writes JetStream batches (stream consumers, lib/server/oplog-stream.ts) in one transaction: each message's
 * stream sequence is recorded in `oplog_stream_applied` with its rows, so a message delivered again (a consumer
 * died between commit and ack) is skipped. Returns the rows written (0 for replays).
 */
export async function applyStreamBatches(
  handle: Pick<DbHandle, 'db' | 'driver'>,
  stream: string,
  messages: readonly { seq: number; entries: readonly StoredEntry[] }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  return handle.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const fresh = new Set(
      decodeRows(
        { seq: col.number },
        await queryOn(tx)(
          'insert into oplog_stream_applied (stream, seq) select $1, unnest($2::bigint[]) on conflict do nothing returning seq',
          [stream, messages.map((m) => m.seq)],
        ),
      ).map((r) => r.seq),
    );
    const rows = messages.filter((m) => fresh.has(m.seq)).flatMap((m) => m.entries);
    return writeOperationLogs({ query: queryOn(tx), copyFrom: copyOn(tx, handle.driver) }, rows);
  });
}

/**
 * Forgets applied stream sequences older than `days`: a batch is redelivered only while unacknowledged (ack wait
 * 30 s), so after a week its sequence can no longer come back. Op-log maintenance runs it hourly.
 */
export async function expireStreamApplied(db: Db, days = 7): Promise<number> {
  const rows = await queryOn(db)(
    'delete from oplog_stream_applied where applied_at < now() - make_interval(days => $1::int) returning 1',
    [days],
  );
  return rows.length;
}
