import { getDb } from '@/db/client';
import { valuationRowsAsOf } from '@/db/queries/inventory-valuation';
import { csvResponse } from '@/lib/csv';
import { formatMoneyPlain } from '@/lib/catalog/constants';
import { valuationCutoff } from '@/lib/inventory/valuation';
import { InvalidInput } from '@/lib/errors';
import { staffRoute } from '@/lib/server/route';

const BATCH = 1000;
const MAX_ROWS = 2_000_000;

/**
 * The valuation as of a day as CSV, from the ledger: every level with stock then, in level-id batches streamed as
 * they come, through the one formula-safe CSV writer. A bad `at` is a 400 with a field error.
 */
export const GET = staffRoute('inventory.manage', async (req) => {
  const at = new URL(req.url).searchParams.get('at') ?? undefined;
  const cut = valuationCutoff(at);
  if (cut.error) throw new InvalidInput(cut.error, { at: [cut.error] });
  const db = await getDb();
  async function* batches() {
    let after = 0;
    for (let sent = 0; sent < MAX_ROWS; ) {
      const rows = await valuationRowsAsOf(db, cut.before, { after, limit: BATCH });
      yield rows.map((r) => [
        cut.date,
        r.sku,
        r.product,
        r.location,
        r.onHand,
        r.avgCost === null ? '' : (r.avgCost / 100).toFixed(4),
        formatMoneyPlain(r.value),
      ]);
      sent += rows.length;
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.levelId;
    }
  }
  return csvResponse(
    `stock-valuation-${cut.date}.csv`,
    ['as_of', 'sku', 'product', 'location', 'on_hand', 'average_cost', 'value'],
    batches(),
  );
});
