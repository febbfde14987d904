import { getDb } from '@/db/client';
import { findSku, listMovements } from '@/db/queries/inventory-read';
import { csvResponse } from '@/lib/csv';
import { movementList } from '@/lib/lists/inventory';
import { csvShape, movementCsvColumns } from '@/lib/server/lists/inventory-csv';
import { movementQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

const MAX_ROWS = 1_000_000;
const BATCH = 5000;

/** The filtered, sorted movement history as CSV: the page's own URL state and query, streamed in keyset batches. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = movementList.parse(new URL(req.url).searchParams);
  const shape = csvShape(movementCsvColumns, state.columns);
  const db = await getDb();
  const sku = state.filters.sku ? await findSku(db, state.filters.sku) : null;
  async function* batches() {
    if (state.filters.sku && !sku) return;
    let before: number | undefined;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const rows = await listMovements(db, { ...movementQueryOf(state), variantId: sku?.id, before, limit: BATCH });
      yield rows.map(shape.row);
      sent += rows.length;
      if (rows.length < BATCH) return;
      before = rows[rows.length - 1]!.id;
    }
  }
  return csvResponse('stock-movements.csv', shape.header, batches());
});
