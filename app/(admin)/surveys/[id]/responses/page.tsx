import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CategoryBarChart } from '@/components/charts/category-bar-chart';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { getDb } from '@/db/client';
import { listResponses, surveyAnalytics, surveyDefinitions } from '@/db/queries/survey-responses';
import { getSurvey } from '@/db/queries/surveys';
import { formatDateTime } from '@/lib/format';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { answerText } from '@/lib/surveys/answers';
import { filterQuery, parseResponseFilter } from '@/lib/surveys/filters';
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
  await requirePermission('surveys.manage', '/surveys');
  const { id } = await params;
  const data = await loadSurvey(id);
  if (!data) notFound();
  const db = await getDb();
  const filter = parseResponseFilter(await searchParams);
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
  const columns = latest.questions.slice(0, 6);
  const filtered = filterQuery(filter) !== '';
  return (
    <>
      <PageHeader
        title={data.survey.draft.title}
        description="Responses under the filter below: the tiles, charts, table and CSV export all use it."
        actions={
          <a
            className={buttonClass('secondary')}
            href={`/api/surveys/${id}/export${filterQuery(filter)}`}
            data-testid="export-csv"
            download
          >
            Export CSV
          </a>
        }
      />
      <SurveyTabs id={id} active="responses" responses={data.responses} />
      {/* Keyed by the filter: a drill-down link is a soft navigation, and uncontrolled fields keep old values otherwise. */}
      <form
        key={filterQuery(filter)}
        className="mb-6 flex flex-wrap items-end gap-3"
        role="search"
        aria-label="Filter responses"
      >
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
          <Link href={`/surveys/${id}/responses`} className={buttonClass('ghost')}>
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
            filterHref={(question, answer) => `/surveys/${id}/responses${filterQuery({ ...filter, question, answer })}`}
          />
          <Card className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="responses-table">
              <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
                <tr>
                  <th className="px-3 py-2">Submitted</th>
                  <th className="px-3 py-2">Customer</th>
                  <th className="px-3 py-2">Version</th>
                  {columns.map((q) => (
                    <th key={q.id} className="min-w-36 px-3 py-2 align-bottom normal-case">
                      {q.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {table.rows.map((r) => {
                  const def = definitions.get(r.versionNumber);
                  return (
                    <tr key={r.id} data-testid="response-row">
                      <td className="whitespace-nowrap px-3 py-2 text-zinc-500">{formatDateTime(r.submittedAt)}</td>
                      <td className="px-3 py-2">
                        {r.customerId ? (
                          <Link
                            href={`/customers/${r.customerId}`}
                            className="text-brand-700 hover:underline dark:text-brand-100"
                          >
                            {r.email ?? 'personal link'}
                          </Link>
                        ) : (
                          <span className="text-zinc-500">anonymous</span>
                        )}
                      </td>
                      <td className="px-3 py-2 tabular-nums">v{r.versionNumber}</td>
                      {columns.map((q) => {
                        const vq = def?.questions.find((x) => x.id === q.id);
                        return (
                          <td key={q.id} className="max-w-56 truncate px-3 py-2">
                            {vq ? (
                              answerText(vq, r.answers[q.id]) || <span className="text-zinc-500">—</span>
                            ) : (
                              <span className="text-zinc-500">not asked</span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="flex justify-end border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
              <Pager
                page={filter.page}
                hasNext={table.hasNext}
                href={(p) => `/surveys/${id}/responses${filterQuery({ ...filter, page: p }, true)}`}
              />
            </div>
          </Card>
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
