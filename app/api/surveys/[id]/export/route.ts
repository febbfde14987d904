import { getDb } from '@/db/client';
import { EXPORT_MAX, listResponses, surveyDefinitions } from '@/db/queries/survey-responses';
import { NotFound } from '@/lib/errors';
import { staffRoute } from '@/lib/server/route';
import { responsesCsv } from '@/lib/surveys/csv';
import { parseResponses, responseFilterOf } from '@/lib/lists/surveys';
import { isUuid } from '@/lib/validation';

/** CSV of a survey's responses under exactly the responses page's filter and sort (same parser, same query). */
export const GET = staffRoute('surveys.manage', async (req, _user, ctx) => {
  const { id } = (await ctx.params) as { id: string };
  if (!isUuid(id)) throw new NotFound('The survey');
  const db = await getDb();
  const definitions = await surveyDefinitions(db, id);
  if (definitions.size === 0) throw new NotFound('A published version of the survey');
  const filter = responseFilterOf(parseResponses(new URL(req.url).searchParams));
  const { rows } = await listResponses(db, id, { ...filter, page: 1 }, EXPORT_MAX);
  return new Response(responsesCsv(rows, definitions), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="survey-${id.slice(0, 8)}-responses.csv"`,
      'cache-control': 'no-store',
    },
  });
});
