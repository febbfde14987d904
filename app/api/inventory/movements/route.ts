import { getDb } from '@/db/client';
import { findSku, listMovements } from '@/db/queries/inventory-read';
import { movementsCsv } from '@/lib/inventory/csv';
import { staffRoute } from '@/lib/server/route';
import { parseMovementParams } from '@/app/(admin)/inventory/search-params';

const MAX_ROWS = 100_000;

/** The filtered movement history as CSV (newest first, at most 100,000 rows), read in keyset batches. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const params = parseMovementParams(Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  const sku = params.sku ? await findSku(db, params.sku) : null;
  const rows = [];
  if (!params.sku || sku) {
    let before: number | undefined;
    while (rows.length < MAX_ROWS) {
      const batch = await listMovements(db, { variantId: sku?.id, locationId: params.locationId, kind: params.kind, before, limit: 5000 });
      rows.push(...batch);
      if (batch.length < 5000) break;
      before = batch[batch.length - 1]!.id;
    }
  }
  return new Response(movementsCsv(rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="stock-movements.csv"` },
  });
});
