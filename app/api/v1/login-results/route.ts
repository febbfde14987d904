import { getLogDb } from '@/db/client';
import { recordLoginResult } from '@/db/queries/oplog';
import { loginResultEntry } from '@/lib/oplog/entry';
import { stabilityGrade } from '@/lib/oplog/rules';
import { parseBatch } from '@/lib/server/ingest';
import { logOperation } from '@/lib/server/oplog';
import { apiKeyRoute } from '@/lib/server/route';

/**
 * Login outcomes: each updates its profile's counts, window and score atomically; the batch commits together.
 * Each is also appended to the operation log as a CHECK_LOGIN entry through the buffered logger.
 */
export const POST = apiKeyRoute('oplog:write', async (req) => {
  const results = await parseBatch(req, 'results', loginResultEntry);
  if (results instanceof Response) return results;
  const db = await getLogDb();
  const profiles = await db.transaction(async (tx) => {
    const out = [];
    for (const r of results) out.push(await recordLoginResult(tx, r));
    return out;
  });
  for (const r of results) {
    logOperation({
      createdAt: r.createdAt,
      userId: r.userId,
      platformAccountId: r.platformAccountId,
      operationType: 'CHECK_LOGIN',
      status: r.status,
      errorType: r.status === 'FAILED' ? (r.errorType ?? 'UNKNOWN') : null,
      executionTimeMs: r.executionTimeMs ?? 0,
      authTypeDetected: r.authType ?? null,
    });
  }
  return Response.json(
    {
      accepted: results.length,
      profiles: profiles.map((p) => ({
        userId: p.userId,
        platformAccountId: p.platformAccountId,
        sessionStabilityScore: p.sessionStabilityScore,
        grade: stabilityGrade(p.sessionStabilityScore),
        totalLoginCount: p.totalLoginCount,
      })),
    },
    { status: 201 },
  );
});
