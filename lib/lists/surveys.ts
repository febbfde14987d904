import { SURVEY_STATUSES } from '../surveys/questions';
import { responseFields, withAnswered, type ResponseFilter } from '../surveys/filters';
import { defineList, field, type RawParams } from '../url-state';

/**
 * The survey list: tens of rows (capped at 500), sorted in SQL: changed by surveys_updated_idx; title (the draft's)
 * needs no index at this size.
 */
export const surveyList = defineList({
  path: '/surveys',
  permission: 'surveys.manage',
  fields: { status: field.oneOf(SURVEY_STATUSES) },
  sorts: ['changed', 'title'],
  defaultSort: { key: 'changed', dir: 'desc' },
  columns: ['title', 'status', 'version', 'responses', 'link', 'changed'],
  required: ['title'],
});

/**
 * A survey's responses (page, CSV export, views): the filter of lib/surveys/filters.ts plus sorting and columns.
 * One sort, submitted time both ways (survey_responses_survey_idx: survey_id, submitted_at desc); paged by page
 * number as before. `answers` is the group of question columns (the first six questions of the live version).
 */
export const responseList = defineList({
  path: '/surveys',
  permission: 'surveys.manage',
  fields: responseFields,
  paging: { page: field.page() },
  sorts: ['submitted'],
  defaultSort: { key: 'submitted', dir: 'desc' },
  columns: ['submitted', 'customer', 'version', 'answers'],
  required: ['submitted'],
});

export const responsesPath = (surveyId: string) => `/surveys/${surveyId}/responses`;

/** The responses list's state from a URL (the filter form's `qa` select included). */
export const parseResponses = (raw: RawParams) => responseList.parse(withAnswered(raw));

/** The query's filter from the list's state: the page and the CSV export run exactly this. */
export function responseFilterOf(state: ReturnType<typeof parseResponses>): ResponseFilter {
  return { ...state.filters, page: state.paging.page ?? 1, dir: state.sort.dir };
}
