import { getDb } from '@/db/client';
import { responseBatches, surveyDefinitions } from '@/db/queries/survey-responses';
import { csvResponse } from '@/lib/csv';
import { NotFound } from '@/lib/errors';
import { staffRoute } from '@/lib/server/route';
import { responseCsvShape } from '@/lib/surveys/csv';
import { parseResponses, responseFilterOf } from '@/lib/lists/surveys';
import { isUuid } from '@/lib/validation';

/**
 * CSV of a survey's responses under exactly the responses page's filter and sort (same parser, same query),
 * streamed in keyset batches: every matching response, however many.
 */
export const GET = staffRoute('surveys.manage', async (req, _user, ctx) => {
  const { id } = (await ctx.params) as { id: string };
  if (!isUuid(id)) throw new NotFound('The survey');
  const db = await getDb();
  const definitions = await surveyDefinitions(db, id);
  if (definitions.size === 0) throw new NotFound('A published version of the survey');
  const filter = responseFilterOf(parseResponses(new URL(req.url).searchParams));
  const shape = responseCsvShape(definitions);
  async function* rows() {
    for await (const batch of responseBatches(db, id, filter)) yield batch.map(shape.row);
  }
  return csvResponse(`survey-${id.slice(0, 8)}-responses.csv`, shape.fields, rows());
});
