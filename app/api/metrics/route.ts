import { getLogReadDb } from '@/db/client';
import { gradeStats, metricsTotals } from '@/db/queries/observability';
import { getWatermark } from '@/db/queries/observability-rollup';
import { renderMetrics } from '@/lib/observability/prometheus';
import { getOperationLogger } from '@/lib/server/oplog';
import { currentStreamLag } from '@/lib/server/oplog-stream';
import { apiKeyRoute } from '@/lib/server/route';

/**
 * Prometheus scrape endpoint. Protected by an API key with the `metrics:read` scope (Admin → API keys), sent
 * as `Authorization: Bearer bob_…` (Prometheus: `authorization: { credentials: bob_… }`).
 */
export const GET = apiKeyRoute('metrics:read', async () => {
  const db = await getLogReadDb();
  const [totals, grades, watermark, streamLag] = await Promise.all([
    metricsTotals(db),
    gradeStats(db),
    getWatermark(db),
    currentStreamLag(),
  ]);
  const { ...logger } = getOperationLogger().counters();
  const body = renderMetrics({
    ...totals,
    logger: logger as unknown as Record<string, number>,
    grades: grades.grades,
    watermark,
    streamLag,
  });
  return new Response(body, {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  });
});
