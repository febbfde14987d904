import { getDb } from '@/db/client';
import { listPurchaseOrders } from '@/db/queries/inventory-purchase-orders';
import { csvResponse, type CsvValue } from '@/lib/csv';
import { purchaseOrderList } from '@/lib/lists/inventory';
import { purchaseOrderQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

const BATCH = 1000;
const MAX_ROWS = 500_000;

/** The purchase-order list as CSV: the page's URL state and query (filters, sort), every page, streamed. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = purchaseOrderList.parse(new URL(req.url).searchParams);
  const db = await getDb();
  async function* batches() {
    let before: number | undefined;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const rows = await listPurchaseOrders(db, { ...purchaseOrderQueryOf(state), before, limit: BATCH });
      yield rows.map((o): CsvValue[] => [
        `PO-${o.number}`,
        o.status,
        o.supplier,
        o.location,
        o.ordered,
        o.received,
        o.expectedAt,
        o.createdAt,
      ]);
      sent += rows.length;
      if (rows.length < BATCH) return;
      before = rows[rows.length - 1]!.number;
    }
  }
  const header = ['number', 'status', 'supplier', 'location', 'ordered', 'received', 'expected_at', 'created_at'];
  return csvResponse('purchase-orders.csv', header, batches());
});
