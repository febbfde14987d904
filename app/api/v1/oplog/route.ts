import { getLogDbHandle } from '@/db/client';
import { toStoredEntry, writeOperationLogs } from '@/db/queries/oplog-write';
import { operationLogEntry } from '@/lib/oplog/entry';
import { parseBatch } from '@/lib/server/ingest';
import { apiKeyRoute } from '@/lib/server/route';

/** Batch ingest of operation-log entries from the platform tooling. All valid, or nothing written. */
export const POST = apiKeyRoute('oplog:write', async (req) => {
  const entries = await parseBatch(req, 'entries', operationLogEntry);
  if (entries instanceof Response) return entries;
  const written = await writeOperationLogs(await getLogDbHandle(), entries.map(toStoredEntry)); // one statement: atomic
  return Response.json({ accepted: written }, { status: 201 });
});
