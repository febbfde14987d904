import type { Metadata } from 'next';
import Link from 'next/link';
import { GradeBadge } from '@/components/oplog/grade-badge';
import { LoginWindow } from '@/components/oplog/login-window';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { getLogReadDb } from '@/db/client';
import { listFailingUsers } from '@/db/queries/support';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { FailingUsersFilters } from './failing-users-filters';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { DEFAULT_RANGE, failingUsersList, RANGE_LABELS, userQuery, type RangeKey } from '@/lib/lists/support';
import { failingUsersQueryOf } from '@/lib/server/lists/support-query';
import { keepFields } from '@/lib/url-state';
import { loadListViews } from '@/lib/server/views';
import { ListViewsMenu } from '../views/list-views';

export const metadata: Metadata = { title: 'Failing users' };

type Row = Awaited<ReturnType<typeof listFailingUsers>>['rows'][number];

function columnsFor(range: RangeKey): Column<Row>[] {
  return [
    {
      key: 'user',
      label: 'User',
      cell: (r) => (
        <>
          <Link
            href={`/support/users/${encodeURIComponent(r.userId)}${userQuery({ account: r.platformAccountId, range })}`}
            className="font-medium text-brand-700 hover:underline dark:text-brand-100"
          >
            {r.userId}
          </Link>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {r.platformAccountId} · {r.email ?? 'no email'} · {r.authType}
          </p>
        </>
      ),
    },
    {
      key: 'failures',
      label: 'Failures',
      align: 'right',
      sortable: true,
      className: 'font-semibold',
      cell: (r) => r.failures.toLocaleString('en'),
    },
    {
      key: 'error',
      label: 'Main error',
      cell: (r) =>
        r.dominantErrorType ? (
          <Badge tone="red">{r.dominantErrorType}</Badge>
        ) : (
          <span className="text-zinc-500">—</span>
        ),
    },
    {
      key: 'stability',
      label: 'Stability',
      sortable: true,
      cell: (r) => (
        <div className="flex items-center gap-2">
          <GradeBadge score={r.score} />
          <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{r.score.toFixed(2)}</span>
        </div>
      ),
    },
    { key: 'logins', label: 'Last 10 logins', cell: (r) => <LoginWindow window={r.recentLoginWindow} /> },
    {
      key: 'lastFailure',
      label: 'Last failure',
      className: 'text-zinc-600 dark:text-zinc-400',
      cell: (r) => (
        <span title={formatDateTime(r.lastFailureAt)}>{r.lastFailureAt ? formatRelative(r.lastFailureAt) : '—'}</span>
      ),
    },
  ];
}

export default async function FailingUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('support.read', '/support');
  const raw = await searchParams;
  const state = failingUsersList.parse(raw);
  const views = await loadListViews('support.failing-users', me, raw, state);
  const search = state.filters;
  const range = search.range ?? DEFAULT_RANGE;
  const { rows, total, page, pageSize } = await listFailingUsers(
    await getLogReadDb(),
    failingUsersQueryOf(state, new Date()),
  );
  const columns = columnsFor(range);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.grade || search.auth || search.error);

  return (
    <>
      <PageHeader
        title="Failing users"
        actions={
          <a
            href={`/api/support/failing-users${failingUsersList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="failing-users-csv"
          >
            Export CSV
          </a>
        }
        description={`Platform users ranked by failed operations (${RANGE_LABELS[range].toLowerCase()}), then by session stability. Open one to see what failed, since when, where and why.`}
      />
      <ListViewsMenu views={views} />
      <FailingUsersFilters search={search} keep={keepFields(failingUsersList, state)} />
      {search.error && (
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Showing users with <Badge tone="red">{search.error}</Badge> failures in the range.{' '}
          <Link
            className="text-brand-600 hover:underline dark:text-brand-100"
            href={failingUsersList.href(state, { filters: { ...search, error: undefined } })}
          >
            Show all errors
          </Link>
        </p>
      )}
      <DataTable
        label="Failing users"
        testId="failing-users"
        columns={columns}
        visible={state.columns}
        required={failingUsersList.required}
        rows={rows}
        rowKey={(r) => `${r.userId}|${r.platformAccountId}`}
        rowTestId={(r) => `failing-user-${r.userId}`}
        sort={state.sort}
        sortHref={(sort) => failingUsersList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={`${total.toLocaleString('en')} user account${total === 1 ? '' : 's'}`}
        empty={{
          title: filtered ? 'No users match these filters' : 'No platform users yet',
          body: filtered
            ? 'Try a wider time range or another grade.'
            : 'Profiles appear when the platform tooling reports login results (POST /api/v1/login-results).',
          action: filtered ? (
            <Link className={buttonClass('secondary')} href="/support">
              Clear filters
            </Link>
          ) : undefined,
        }}
      />
      <div className="mt-3 flex justify-end text-sm">
        <Pager page={page} pages={pages} href={(p) => failingUsersList.href(state, {}, { page: p })} />
      </div>
    </>
  );
}
