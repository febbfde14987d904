import type { StoredEntry } from './oplog-write';

/**
 * PostgreSQL binary COPY encoding of operation-log rows, the fastest way in on a PostgreSQL server. Writes into
 * one growing buffer per chunk (no per-field allocations). Column order matches COPY_COLUMNS.
 */
export const COPY_COLUMNS =
  'created_at, user_id, platform_account_id, operation_type, resource_id, status, error_code, error_type, error_message, execution_time_ms, retry_count, auth_type_detected, session_refreshed, proxy_used, user_agent, request_payload, response_summary';

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export function encodeCopyBinary(rows: readonly StoredEntry[], withHeader: boolean, withTrailer: boolean): Buffer {
  let buf = Buffer.allocUnsafe(Math.max(1024, rows.length * 400));
  let o = 0;
  const ensure = (n: number) => {
    if (o + n <= buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(buf.length * 2, o + n));
    buf.copy(next, 0, 0, o);
    buf = next;
  };
  const text = (v: string | null | undefined) => {
    if (v == null) {
      ensure(4);
      o = buf.writeInt32BE(-1, o);
      return;
    }
    const len = Buffer.byteLength(v);
    ensure(4 + len);
    o = buf.writeInt32BE(len, o);
    o += buf.write(v, o);
  };
  if (withHeader) {
    ensure(19);
    o += SIGNATURE.copy(buf, o);
    o = buf.writeInt32BE(0, o);
    o = buf.writeInt32BE(0, o);
  }
  for (const r of rows) {
    ensure(2 + 12);
    o = buf.writeInt16BE(17, o);
    o = buf.writeInt32BE(8, o);
    o = buf.writeBigInt64BE(
      BigInt((typeof r.createdAt === 'number' ? r.createdAt : r.createdAt.getTime()) - PG_EPOCH_MS) * 1000n,
      o,
    );
    text(r.userId);
    text(r.platformAccountId);
    text(r.operationType);
    text(r.resourceId);
    text(r.status);
    text(r.errorCode);
    text(r.errorType);
    text(r.errorMessage);
    ensure(16 + 5);
    o = buf.writeInt32BE(4, o);
    o = buf.writeInt32BE(r.executionTimeMs, o);
    o = buf.writeInt32BE(4, o);
    o = buf.writeInt32BE(r.retryCount ?? 0, o);
    text(r.authTypeDetected);
    o = buf.writeInt32BE(1, o);
    o = buf.writeUInt8(r.sessionRefreshed ? 1 : 0, o);
    text(r.proxyUsed);
    text(r.userAgent);
    for (const json of [r.requestPayload, r.responseSummary]) {
      if (json == null) {
        ensure(4);
        o = buf.writeInt32BE(-1, o);
      } else {
        const s = JSON.stringify(json);
        const len = Buffer.byteLength(s);
        ensure(5 + len);
        o = buf.writeInt32BE(len + 1, o);
        o = buf.writeUInt8(1, o); // jsonb binary format version
        o += buf.write(s, o);
      }
    }
  }
  if (withTrailer) {
    ensure(2);
    o = buf.writeInt16BE(-1, o);
  }
  return buf.subarray(0, o);
}
