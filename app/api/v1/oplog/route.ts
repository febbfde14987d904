import { copyOn, getLogDbHandle, queryOn } from '@/db/client';
import { toStoredEntry, writeOperationLogs } from '@/db/queries/oplog-write';
import { fastOperationLogEntry, operationLogEntry } from '@/lib/oplog/entry';
import { idempotencyKeyOf, runIdempotent } from '@/lib/server/idempotency';
import { parseBatch } from '@/lib/server/ingest';
import { apiKeyRoute } from '@/lib/server/route';

/**
 * Batch ingest of operation-log entries from the platform tooling: JSON or NDJSON, optionally gzip. All valid,
 * or nothing written. Written through the logger's writer (binary COPY on node-postgres, the unnest insert
 * elsewhere); with an Idempotency-Key the rows, the key and the answer commit together in one transaction
 * (lib/server/idempotency.ts), the COPY running on that transaction's connection.
 */
export const POST = apiKeyRoute('oplog:write', async (req, apiKey) => {
  const key = idempotencyKeyOf(req);
  if (key instanceof Response) return key;
  const batch = await parseBatch(req, 'entries', operationLogEntry, fastOperationLogEntry);
  if (batch instanceof Response) return batch;
  const entries = batch.items.map(toStoredEntry);
  const handle = await getLogDbHandle();
  if (key === null) {
    const written = await writeOperationLogs(handle, entries); // one statement: atomic
    return Response.json({ accepted: written }, { status: 201 });
  }
  return runIdempotent(handle.db, { apiKeyId: apiKey.id, key, route: '/api/v1/oplog', json: batch.json }, async (tx) => ({
    status: 201,
    body: { accepted: await writeOperationLogs({ query: queryOn(tx), copyFrom: copyOn(tx, handle.driver) }, entries) },
  }));
});
