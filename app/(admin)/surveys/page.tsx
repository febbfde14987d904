import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, SelectFilter } from '@/components/data-table/filter-bar';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listSurveys } from '@/db/queries/surveys';
import { formatDateTime } from '@/lib/format';
import { surveyList } from '@/lib/lists/surveys';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { SURVEY_STATUSES } from '@/lib/surveys/questions';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../views/list-views';
import { CreateSurveyForm } from './create-survey-form';
import { SurveyStatusBadge } from './status-badge';

export const metadata: Metadata = { title: 'Surveys' };

type Row = Awaited<ReturnType<typeof listSurveys>>[number];

const columns: Column<Row>[] = [
  {
    key: 'title',
    label: 'Title',
    sortable: true,
    cell: (s) => (
      <Link href={`/surveys/${s.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
        {s.title}
      </Link>
    ),
  },
  { key: 'status', label: 'Status', cell: (s) => <SurveyStatusBadge status={s.status} /> },
  { key: 'version', label: 'Version', align: 'right', cell: (s) => s.versionNumber ?? '—' },
  {
    key: 'responses',
    label: 'Responses',
    align: 'right',
    cell: (s) => (
      <Link href={`/surveys/${s.id}/responses`} className="hover:underline">
        {s.responses}
      </Link>
    ),
  },
  {
    key: 'link',
    label: 'Public link',
    hideBelow: 'md',
    className: 'font-mono text-xs',
    cell: (s) => (s.status === 'draft' ? '—' : `/s/${s.slug}`),
  },
  {
    key: 'changed',
    label: 'Changed',
    sortable: true,
    className: 'text-zinc-600 dark:text-zinc-400',
    cell: (s) => formatDateTime(s.updatedAt),
  },
];

export default async function SurveysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('surveys.manage', '/surveys');
  const raw = await searchParams;
  const state = surveyList.parse(raw);
  const views = await loadListViews('surveys', me, raw, state);
  const surveys = await listSurveys(await getDb(), { status: state.filters.status, sort: state.sort });
  return (
    <>
      <PageHeader
        title="Surveys"
        description="Preference surveys customers answer at a public link; their answers build the customer profiles and the size demand view."
        actions={
          <a
            href={`/api/surveys${surveyList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="surveys-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <Card className="mb-6 p-4">
        <CreateSurveyForm />
      </Card>
      <FilterBar label="Filter surveys" keep={keepFields(surveyList, state)}>
        <SelectFilter
          label="Status"
          name="status"
          value={state.filters.status}
          options={SURVEY_STATUSES}
          anyLabel="Any status"
        />
      </FilterBar>
      <DataTable
        label="Surveys"
        testId="survey-table"
        columns={columns}
        visible={state.columns}
        required={surveyList.required}
        rows={surveys}
        rowKey={(s) => s.id}
        sort={state.sort}
        sortHref={(sort) => surveyList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={`${surveys.length} survey${surveys.length === 1 ? '' : 's'}`}
        empty={
          state.filters.status
            ? { title: `No ${state.filters.status} surveys`, body: 'Choose another status.' }
            : {
                title: 'No surveys yet',
                body: 'Create one above: it starts as a draft with a size question you can change.',
              }
        }
      />
    </>
  );
}
