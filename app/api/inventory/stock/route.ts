import { getDb } from '@/db/client';
import { listStock } from '@/db/queries/inventory-read';
import { csvResponse } from '@/lib/csv';
import { stockList } from '@/lib/lists/inventory';
import { csvShape, stockCsvColumns } from '@/lib/server/lists/inventory-csv';
import { stockQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

const MAX_ROWS = 500_000;
const BATCH = 1000;

/**
 * The stock list as CSV: the list's own URL state and query (filters, sort, visible columns), every page from the
 * first, read in keyset batches and streamed as they come.
 */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = stockList.parse(new URL(req.url).searchParams);
  const query = { ...stockQueryOf(state), page: 1, after: undefined, before: undefined, pageSize: BATCH };
  const shape = csvShape(stockCsvColumns, state.columns);
  const db = await getDb();
  async function* batches() {
    let after: number | undefined;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const page = await listStock(db, { ...query, after });
      yield page.rows.map(shape.row);
      sent += page.rows.length;
      if (page.next === null) return;
      after = page.next;
    }
  }
  return csvResponse('stock-levels.csv', shape.header, batches());
});
