import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { csvResponse } from '@/lib/csv';
import { locationList } from '@/lib/lists/inventory';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { locationQueryOf } from '@/lib/server/lists/inventory-query';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listLocations>>[number];

const columns: CsvColumns<Row> = {
  code: { header: ['code'], cells: (l) => [l.code] },
  name: { header: ['name'], cells: (l) => [l.name] },
  address: { header: ['address'], cells: (l) => [l.address] },
  status: { header: ['active'], cells: (l) => [l.active] },
};

/** The location list as CSV: the page's URL state and query (status, sort, visible columns). A small list: one read. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const state = locationList.parse(new URL(req.url).searchParams);
  const rows = await listLocations(await getDb(), locationQueryOf(state));
  const shape = csvShape(columns, state.columns);
  return csvResponse(
    'locations.csv',
    shape.header,
    (async function* () {
      yield rows.map(shape.row);
    })(),
  );
});
