import { getDb } from '@/db/client';
import { listSurveys } from '@/db/queries/surveys';
import { csvResponse } from '@/lib/csv';
import { surveyList } from '@/lib/lists/surveys';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listSurveys>>[number];

const columns: CsvColumns<Row> = {
  title: { header: ['title'], cells: (s) => [s.title] },
  status: { header: ['status'], cells: (s) => [s.status] },
  version: { header: ['version'], cells: (s) => [s.versionNumber] },
  responses: { header: ['responses'], cells: (s) => [s.responses] },
  link: { header: ['public_link'], cells: (s) => [s.status === 'draft' ? '' : `/s/${s.slug}`] },
  changed: { header: ['updated_at'], cells: (s) => [s.updatedAt] },
};

/** The survey list as CSV: the page's URL state and query (status, sort, visible columns). A small list: one read. */
export const GET = staffRoute('surveys.manage', async (req) => {
  const state = surveyList.parse(new URL(req.url).searchParams);
  const rows = await listSurveys(await getDb(), { status: state.filters.status, sort: state.sort });
  const shape = csvShape(columns, state.columns);
  return csvResponse(
    'surveys.csv',
    shape.header,
    (async function* () {
      yield rows.map(shape.row);
    })(),
  );
});
