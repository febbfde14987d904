import { getLogReadDb } from '@/db/client';
import { getProfiles } from '@/db/queries/oplog';
import { listTimeline, type TimelineRow } from '@/db/queries/support';
import { csvResponse } from '@/lib/csv';
import { NotFound } from '@/lib/errors';
import { timelineList } from '@/lib/lists/support';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { timelineQueryOf } from '@/lib/server/lists/support-query';
import { staffRoute } from '@/lib/server/route';
import { decodeSegment } from '@/lib/validation';

const BATCH = 200;
const MAX_BATCHES = 2500;

// Payloads stay on the page (they are redacted there, but a spreadsheet is no place for them).
const columns: CsvColumns<TimelineRow> = {
  time: { header: ['id', 'created_at'], cells: (r) => [r.id, r.createdAt] },
  operation: { header: ['operation_type', 'resource_id'], cells: (r) => [r.operationType, r.resourceId ?? ''] },
  status: {
    header: ['status', 'error_type', 'error_code', 'error_message'],
    cells: (r) => [r.status, r.errorType ?? '', r.errorCode ?? '', r.errorMessage ?? ''],
  },
  latency: { header: ['execution_time_ms', 'retry_count'], cells: (r) => [r.executionTimeMs, r.retryCount] },
  proxy: { header: ['proxy_used'], cells: (r) => [r.proxyUsed ?? 'direct'] },
  account: { header: ['platform_account_id'], cells: (r) => [r.platformAccountId] },
};

/**
 * A user's operation timeline as CSV: the page's URL state and query (filters, range, sort, visible columns), from
 * the first page on (a cursor in the URL is ignored), streamed in keyset batches.
 */
export const GET = staffRoute('support.read', async (req, _user, ctx) => {
  const userId = decodeSegment(((await ctx.params) as { userId: string }).userId);
  const db = await getLogReadDb();
  const profiles = userId === null ? [] : await getProfiles(db, userId);
  if (userId === null || profiles.length === 0) throw new NotFound('The platform user');
  const state = timelineList.parse(new URL(req.url).searchParams);
  const query = timelineQueryOf(
    state,
    userId,
    profiles.map((p) => p.platformAccountId),
    new Date(),
  );
  const shape = csvShape(columns, state.columns);
  async function* batches() {
    let before: typeof query.before;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const { rows, next } = await listTimeline(db, { ...query, before, limit: BATCH });
      yield rows.map(shape.row);
      if (!next) return;
      before = next;
    }
  }
  return csvResponse(`timeline-${userId.slice(0, 40).replace(/[^\w.-]/g, '_')}.csv`, shape.header, batches());
});
