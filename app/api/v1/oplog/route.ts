import { getLogDbHandle, queryOn } from '@/db/client';
import { insertOperationLogs, toStoredEntry, writeOperationLogs } from '@/db/queries/oplog-write';
import { operationLogEntry } from '@/lib/oplog/entry';
import { idempotencyKeyOf, runIdempotent } from '@/lib/server/idempotency';
import { parseBatch } from '@/lib/server/ingest';
import { apiKeyRoute } from '@/lib/server/route';

/**
 * Batch ingest of operation-log entries from the platform tooling. All valid, or nothing written. With an
 * Idempotency-Key the batch, the key and the answer commit together (lib/server/idempotency.ts).
 */
export const POST = apiKeyRoute('oplog:write', async (req, apiKey) => {
  const key = idempotencyKeyOf(req);
  if (key instanceof Response) return key;
  const batch = await parseBatch(req, 'entries', operationLogEntry);
  if (batch instanceof Response) return batch;
  const entries = batch.items.map(toStoredEntry);
  const handle = await getLogDbHandle();
  if (key === null) {
    const written = await writeOperationLogs(handle, entries); // one statement: atomic
    return Response.json({ accepted: written }, { status: 201 });
  }
  // The unnest insert inside the key's transaction (COPY runs on a connection of its own).
  return runIdempotent(handle.db, { apiKeyId: apiKey.id, key, route: '/api/v1/oplog', json: batch.json }, async (tx) => ({
    status: 201,
    body: { accepted: await insertOperationLogs(queryOn(tx), entries) },
  }));
});
