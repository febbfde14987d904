import { asLogDb, getLogDb, logTransaction, type LogDb } from '@/db/client';
import { recordLoginResult } from '@/db/queries/oplog';
import { loginResultEntry, type LoginResult } from '@/lib/oplog/entry';
import { stabilityGrade } from '@/lib/oplog/rules';
import { idempotencyKeyOf, runIdempotent } from '@/lib/server/idempotency';
import { parseBatch } from '@/lib/server/ingest';
import { logOperation } from '@/lib/server/oplog';
import { apiKeyRoute } from '@/lib/server/route';

async function record(tx: LogDb, results: LoginResult[]) {
  const profiles = [];
  for (const r of results) profiles.push(await recordLoginResult(tx, r));
  return {
    status: 201,
    body: {
      accepted: results.length,
      profiles: profiles.map((p) => ({
        userId: p.userId,
        platformAccountId: p.platformAccountId,
        sessionStabilityScore: p.sessionStabilityScore,
        grade: stabilityGrade(p.sessionStabilityScore),
        totalLoginCount: p.totalLoginCount,
      })),
    },
  };
}

/** Each result is also appended to the operation log as a CHECK_LOGIN entry through the buffered logger. */
function logResults(results: LoginResult[]): void {
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
}

/**
 * Login outcomes: each updates its profile's counts, window and score atomically; the batch commits together.
 * With an Idempotency-Key the key and the answer commit with the profiles, and a replay logs nothing again.
 */
export const POST = apiKeyRoute('oplog:write', async (req, apiKey) => {
  const key = idempotencyKeyOf(req);
  if (key instanceof Response) return key;
  const batch = await parseBatch(req, 'results', loginResultEntry);
  if (batch instanceof Response) return batch;
  const results = batch.items;
  const db = await getLogDb();
  if (key !== null) {
    return runIdempotent(
      db,
      { apiKeyId: apiKey.id, key, route: '/api/v1/login-results', json: batch.json },
      (tx) => record(asLogDb(tx), results),
      () => logResults(results),
    );
  }
  const r = await logTransaction(db, (tx) => record(tx, results));
  logResults(results);
  return Response.json(r.body, { status: r.status });
});
