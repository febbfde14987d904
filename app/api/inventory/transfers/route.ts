import { getDb } from '@/db/client';
import { listTransfers } from '@/db/queries/inventory-read';
import { csvResponse, type CsvValue } from '@/lib/csv';
import { transferList } from '@/lib/lists/inventory';
import { transferQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

const BATCH = 1000;
const MAX_ROWS = 500_000;

/** The transfer list as CSV: the page's URL state and query (filters, sort), every page, streamed. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = transferList.parse(new URL(req.url).searchParams);
  const db = await getDb();
  async function* batches() {
    let before: number | undefined;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const rows = await listTransfers(db, { ...transferQueryOf(state), before, limit: BATCH });
      yield rows.map((t): CsvValue[] => [
        `T-${t.number}`,
        t.status,
        t.from_name,
        t.to_name,
        t.lines,
        t.units,
        t.created_by,
        t.created_at,
        t.received_at,
      ]);
      sent += rows.length;
      if (rows.length < BATCH) return;
      before = rows[rows.length - 1]!.number;
    }
  }
  const header = ['number', 'status', 'from', 'to', 'lines', 'units', 'created_by', 'created_at', 'received_at'];
  return csvResponse('transfers.csv', header, batches());
});
