import { getDb } from '@/db/client';
import { listLowStock } from '@/db/queries/inventory-read';
import { csvResponse } from '@/lib/csv';
import { lowStockList } from '@/lib/lists/inventory';
import { csvShape, stockCsvColumns } from '@/lib/server/lists/inventory-csv';
import { lowStockQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

const MAX_ROWS = 500_000;
const BATCH = 1000;

/** The low-stock list as CSV: its own URL state and query, every page, streamed in keyset batches. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = lowStockList.parse(new URL(req.url).searchParams);
  const query = { ...lowStockQueryOf(state), page: 1, after: undefined, before: undefined, pageSize: BATCH };
  const shape = csvShape(stockCsvColumns, state.columns);
  const db = await getDb();
  async function* batches() {
    // Days of cover has no keyset (no index): that sort pages by number.
    const byNumber = state.sort.key === 'cover';
    let after: number | undefined;
    for (let sent = 0, n = 1; sent < MAX_ROWS; n++) {
      const page = await listLowStock(db, byNumber ? { ...query, page: n } : { ...query, after });
      yield page.rows.map(shape.row);
      sent += page.rows.length;
      if (page.next === null) return;
      after = page.next;
    }
  }
  return csvResponse('low-stock.csv', shape.header, batches());
});
