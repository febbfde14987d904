import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CategoryBarChart } from '@/components/charts/category-bar-chart';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { DataTable, type Column } from '@/components/data-table/data-table';
import { getDb } from '@/db/client';
import { listResponses, surveyAnalytics, surveyDefinitions, type ResponseRow } from '@/db/queries/survey-responses';
import { getSurvey } from '@/db/queries/surveys';
import { formatDateTime } from '@/lib/format';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { answerText } from '@/lib/surveys/answers';
import { parseResponses, responseFilterOf, responseList, responsesPath } from '@/lib/lists/surveys';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { withAnswered } from '@/lib/surveys/filters';
import { ListViewsMenu } from '../../../views/list-views';
import { SurveyTabs } from '../survey-tabs';
import { answerChoices, chartable, QuestionCharts } from './question-charts';

/** One read per request for the page and its title. */
const loadSurvey = cache(async (id: string) => (isUuid(id) ? getSurvey(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('surveys.manage', 'Survey responses', async () => {
    const data = await loadSurvey(id);
    return data && `${data.survey.draft.title} · Responses`;
  });
}

const label = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';

export default async function SurveyResponsesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('surveys.manage', '/surveys');
  const { id } = await params;
  const data = await loadSurvey(id);
  if (!data) notFound();
  const db = await getDb();
  const raw = withAnswered(await searchParams);
  const state = parseResponses(raw);
  const path = responsesPath(id);
  const views = await loadListViews('surveys.responses', me, raw, state, path);
  const filter = responseFilterOf(state);
  const href = (patch: Partial<typeof state.filters>) =>
    `${path}${responseList.query({ ...state, filters: { ...state.filters, ...patch } })}`;
  const definitions = await surveyDefinitions(db, id);
  const latest = data.current?.definition ?? data.survey.draft;
  const charted = latest.questions.filter(chartable);
  const [stats, table] = await Promise.all([
    surveyAnalytics(
      db,
      id,
      filter,
      charted.map((q) => q.id),
    ),
    listResponses(db, id, filter),
  ]);
  const questions = latest.questions.slice(0, 6);
  const filtered = Object.values(state.filters).some((v) => v !== undefined);
  const columns: Column<ResponseRow>[] = [
    {
      key: 'submitted',
      label: 'Submitted',
      sortable: true,
      className: 'whitespace-nowrap text-zinc-600 dark:text-zinc-400',
      cell: (r) => formatDateTime(r.submittedAt),
    },
    {
      key: 'customer',
      label: 'Customer',
      cell: (r) =>
        r.customerId ? (
          <Link href={`/customers/${r.customerId}`} className="text-brand-700 hover:underline dark:text-brand-100">
            {r.email ?? 'personal link'}
          </Link>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">anonymous</span>
        ),
    },
    { key: 'version', label: 'Version', align: 'right', cell: (r) => `v${r.versionNumber}` },
    ...questions.map(
      (q): Column<ResponseRow> => ({
        key: `q:${q.id}`,
        label: q.label,
        className: 'max-w-56 truncate normal-case',
        cell: (r) => {
          const vq = definitions.get(r.versionNumber)?.questions.find((x) => x.id === q.id);
          return vq ? (
            answerText(vq, r.answers[q.id]) || <span className="text-zinc-600 dark:text-zinc-400">—</span>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">not asked</span>
          );
        },
      }),
    ),
  ];
  // The question columns show and hide together, as the "answers" column of the list's state.
  const visible = [...state.columns, ...(state.columns.includes('answers') ? questions.map((q) => `q:${q.id}`) : [])];
  return (
    <>
      <PageHeader
        title={data.survey.draft.title}
        description="Responses under the filter below: the tiles, charts, table and CSV export all use it."
        actions={
          <a
            className={buttonClass('secondary')}
            href={`/api/surveys/${id}/export${responseList.query(state)}`}
            data-testid="export-csv"
            download
          >
            Export CSV
          </a>
        }
      />
      <SurveyTabs id={id} active="responses" responses={data.responses} />
      <ListViewsMenu views={views} />
      {/* Keyed by the filter: a drill-down link is a soft navigation, and uncontrolled fields keep old values otherwise. */}
      <form
        key={responseList.query(state)}
        className="mb-6 flex flex-wrap items-end gap-3"
        role="search"
        aria-label="Filter responses"
      >
        {Object.entries(keepFields(responseList, state)).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <label>
          <span className={label}>From</span>
          <input type="date" name="from" defaultValue={filter.from} className={inputClass} />
        </label>
        <label>
          <span className={label}>To</span>
          <input type="date" name="to" defaultValue={filter.to} className={inputClass} />
        </label>
        <label>
          <span className={label}>Version</span>
          <select name="version" defaultValue={filter.version ?? ''} className={inputClass}>
            <option value="">All</option>
            {[...definitions.keys()].map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className={label}>Answered</span>
          <select
            name="qa"
            defaultValue={filter.question && filter.answer ? `${filter.question}:${filter.answer}` : ''}
            className={`${inputClass} max-w-xs`}
          >
            <option value="">Any answer</option>
            {charted.map((q) => (
              <optgroup key={q.id} label={q.label}>
                {answerChoices(q).map((c) => (
                  <option key={c.value} value={`${q.id}:${c.value}`}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          <span className={label}>Email contains</span>
          <input name="email" defaultValue={filter.email} className={inputClass} />
        </label>
        <button className={buttonClass('secondary')}>Apply</button>
        {filtered && (
          <Link
            href={`${path}${responseList.query({ sort: state.sort, columns: state.columns })}`}
            className={buttonClass('ghost')}
          >
            Clear
          </Link>
        )}
      </form>
      {stats.total === 0 ? (
        <EmptyState title={filtered ? 'No responses match' : 'No responses yet'}>
          {filtered
            ? 'Loosen the filter to see more.'
            : data.survey.status === 'draft'
              ? 'Publish the survey and share its public link.'
              : `Share the public link /s/${data.survey.slug}.`}
        </EmptyState>
      ) : (
        <div className="grid gap-6">
          <div className="grid gap-4 sm:grid-cols-3">
            <Tile label="Responses" value={String(stats.total)} testId="stat-responses" />
            <Tile
              label="Completion rate"
              value={`${Math.round((stats.completed / stats.total) * 100)}%`}
              hint="answered every question shown"
              testId="stat-completion"
            />
            <Tile
              label="Live version"
              value={data.current ? `v${data.current.number}` : '—'}
              hint={data.survey.status}
            />
          </div>
          <Card className="p-4">
            <h2 className="mb-2 font-medium">Responses over time</h2>
            <CategoryBarChart data={stats.perDay.map((d) => ({ label: d.day.slice(5), value: d.n }))} height={180} />
          </Card>
          <QuestionCharts
            questions={charted}
            counts={stats.counts}
            total={stats.total}
            filterHref={(question, answer) => href({ question, answer })}
          />
          {/* min-w-0: a grid item grows to its content; this keeps the wide table scrolling in its own region. */}
          <div className="min-w-0">
            <DataTable
              label="Responses"
              testId="responses-table"
              columns={columns}
              visible={visible}
              required={responseList.required}
              chooser={{
                columns: [
                  { key: 'submitted', label: 'Submitted' },
                  { key: 'customer', label: 'Customer' },
                  { key: 'version', label: 'Version' },
                  { key: 'answers', label: `Answers (first ${questions.length} questions)` },
                ],
                visible: state.columns,
              }}
              rows={table.rows}
              rowKey={(r) => r.id}
              rowTestId={() => 'response-row'}
              sort={state.sort}
              sortHref={(sort) => `${path}${responseList.query({ ...state, sort })}`}
              params={raw}
              empty={{ title: 'No responses on this page', body: 'Go back to the first page.' }}
              toolbar={state.sort.dir === 'desc' ? 'Newest first' : 'Oldest first'}
              pager={{
                label: `Page ${filter.page}`,
                prev:
                  filter.page > 1
                    ? `${path}${responseList.query(state, { page: filter.page > 2 ? filter.page - 1 : undefined })}`
                    : null,
                next: table.hasNext ? `${path}${responseList.query(state, { page: filter.page + 1 })}` : null,
              }}
            />
          </div>
        </div>
      )}
    </>
  );
}

function Tile({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div
      className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={testId}
    >
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </div>
      {hint && <div className="mt-1 text-xs text-zinc-500">{hint}</div>}
    </div>
  );
}
