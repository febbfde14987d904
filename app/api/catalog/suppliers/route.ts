import { getDb } from '@/db/client';
import { listSuppliers } from '@/db/queries/catalog-suppliers';
import { csvResponse } from '@/lib/csv';
import { supplierList } from '@/lib/lists/catalog';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listSuppliers>>[number];

const columns: CsvColumns<Row> = {
  name: { header: ['name'], cells: (s) => [s.name] },
  contact: { header: ['contact'], cells: (s) => [s.contact] },
  leadTime: { header: ['lead_time_days'], cells: (s) => [s.leadTimeDays] },
  products: { header: ['products'], cells: (s) => [s.productCount] },
  notes: { header: ['notes'], cells: (s) => [s.notes] },
};

/** The supplier list as CSV: the page's URL state and query (search, sort, visible columns). A small list: one read. */
export const GET = staffRoute('catalog.read', async (req) => {
  const state = supplierList.parse(new URL(req.url).searchParams);
  const rows = await listSuppliers(await getDb(), { q: state.filters.q, sort: state.sort });
  const shape = csvShape(columns, state.columns);
  return csvResponse(
    'suppliers.csv',
    shape.header,
    (async function* () {
      yield rows.map(shape.row);
    })(),
  );
});
