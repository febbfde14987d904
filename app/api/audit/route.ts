import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { actionLabel } from '@/lib/audit/actions';
import { csvResponse, type CsvValue } from '@/lib/csv';
import { auditList } from '@/lib/lists/audit';
import { auditQueryOf } from '@/lib/server/lists/audit-query';
import { staffRoute } from '@/lib/server/route';

const BATCH = 200; // listAudit's own cap
const MAX_ROWS = 500_000;

/** The audit log as CSV: the page's URL state and query (filters, sort), every page, streamed in keyset batches. */
export const GET = staffRoute('audit.read', async (req) => {
  const state = auditList.parse(new URL(req.url).searchParams);
  const db = await getDb();
  async function* batches() {
    let before: number | undefined;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const rows = await listAudit(db, {
        ...auditQueryOf({ ...state, paging: { before } }),
        limit: BATCH,
      });
      yield rows.map((r): CsvValue[] => [
        r.id,
        r.createdAt,
        r.actorName ?? r.actorLabel,
        actionLabel(r.action),
        r.entityType,
        r.entityId,
        r.subjectName,
        JSON.stringify(r.changes),
      ]);
      sent += rows.length;
      if (rows.length < BATCH) return;
      before = rows[rows.length - 1]!.id;
    }
  }
  const header = ['id', 'time', 'actor', 'action', 'entity_type', 'entity_id', 'subject', 'changes'];
  return csvResponse('audit-log.csv', header, batches());
});
