import { SURVEY_STATUSES } from '../surveys/questions';
import { defineList, field } from '../url-state';

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
