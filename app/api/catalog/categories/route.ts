import { getDb } from '@/db/client';
import { listCategories } from '@/db/queries/catalog-categories';
import { csvResponse } from '@/lib/csv';
import { categoryList } from '@/lib/lists/catalog';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listCategories>>[number];

const columns: CsvColumns<Row> = {
  name: { header: ['name'], cells: (c) => [c.name] },
  attributes: { header: ['attributes'], cells: (c) => [c.attributeDefs.map((d) => d.key).join(' ')] },
  products: { header: ['products'], cells: (c) => [c.productCount] },
  changed: { header: ['updated_at'], cells: (c) => [c.updatedAt] },
};

/** The category list as CSV: the page's URL state and query (search, sort, visible columns). A small list: one read. */
export const GET = staffRoute('catalog.read', async (req) => {
  const state = categoryList.parse(new URL(req.url).searchParams);
  const rows = await listCategories(await getDb(), { q: state.filters.q, sort: state.sort });
  const shape = csvShape(columns, state.columns);
  return csvResponse(
    'categories.csv',
    shape.header,
    (async function* () {
      yield rows.map(shape.row);
    })(),
  );
});
