import { copyOn, getLogDbHandle, queryOn } from '@/db/client';
import { toStoredEntry, writeOperationLogs } from '@/db/queries/oplog-write';
import { fastOperationLogEntry, operationLogEntry } from '@/lib/oplog/entry';
import { bodyHash, idempotencyKeyOf, keyConflict, runIdempotent } from '@/lib/server/idempotency';
import { parseBatch } from '@/lib/server/ingest';
import { batchMessageId, claimStreamKey, publishBatch, streamConfigFromEnv } from '@/lib/server/oplog-stream';
import { apiKeyRoute } from '@/lib/server/route';

/**
 * Batch ingest of operation-log entries from the platform tooling: JSON or NDJSON, optionally gzip. All valid,
 * or nothing written. Written through the logger's writer (binary COPY on node-postgres, the unnest insert
 * elsewhere); with an Idempotency-Key the rows, the key and the answer commit together in one transaction
 * (lib/server/idempotency.ts), the COPY running on that transaction's connection. With OPLOG_STREAM_URL the
 * batch goes to JetStream instead (lib/server/oplog-stream.ts) and 201 means JetStream has stored it.
 */
export const POST = apiKeyRoute('oplog:write', async (req, apiKey) => {
  const key = idempotencyKeyOf(req);
  if (key instanceof Response) return key;
  const batch = await parseBatch(req, 'entries', operationLogEntry, fastOperationLogEntry);
  if (batch instanceof Response) return batch;
  const entries = batch.items.map(toStoredEntry);
  const stream = streamConfigFromEnv();
  if (stream) {
    // The database may be down, so a JetStream KV bucket holds the keys (claimStreamKey) and the stream's dedupe
    // window stores a retry once: a retry is answered as replayed, a reused key with another body is a 409.
    const hash = bodyHash(batch.json);
    if (key !== null && (await claimStreamKey(stream, apiKey.id, key, hash)) === 'conflict') return keyConflict(key);
    const { duplicate } = await publishBatch(stream, entries, batchMessageId(apiKey.id, key, hash));
    return Response.json(
      { accepted: entries.length },
      { status: 201, headers: duplicate ? { 'Idempotency-Replayed': 'true' } : {} },
    );
  }
  const handle = await getLogDbHandle();
  if (key === null) {
    const written = await writeOperationLogs(handle, entries); // one statement: atomic
    return Response.json({ accepted: written }, { status: 201 });
  }
  return runIdempotent(
    handle.db,
    { apiKeyId: apiKey.id, key, route: '/api/v1/oplog', json: batch.json },
    async (tx) => ({
      status: 201,
      body: {
        accepted: await writeOperationLogs({ query: queryOn(tx), copyFrom: copyOn(tx, handle.driver) }, entries),
      },
    }),
  );
});
