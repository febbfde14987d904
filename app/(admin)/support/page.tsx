import type { Metadata } from 'next';
import Link from 'next/link';
import { GradeBadge } from '@/components/oplog/grade-badge';
import { LoginWindow } from '@/components/oplog/login-window';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getLogReadDb } from '@/db/client';
import { listFailingUsers } from '@/db/queries/support';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { FailingUsersFilters } from './failing-users-filters';
import { parseFailingUsers, RANGE_LABELS, RANGES, toQuery, type FailingUsersSearch } from './search-params';

export const metadata: Metadata = { title: 'Failing users' };

const href = (s: FailingUsersSearch, patch: Partial<FailingUsersSearch> = {}) => {
  const m = { ...s, ...patch };
  return `/support${toQuery({ q: m.q, grade: m.grade, auth: m.auth, error: m.error, range: m.range === '7d' ? undefined : m.range, page: m.page === 1 ? undefined : m.page })}`;
};

export default async function FailingUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('support.read', '/support');
  const search = parseFailingUsers(await searchParams);
  const since = new Date(Date.now() - RANGES[search.range]);
  const { rows, total, page, pageSize } = await listFailingUsers(await getLogReadDb(), {
    q: search.q,
    grade: search.grade,
    authType: search.auth,
    errorType: search.error,
    since,
    page: search.page,
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(search.q || search.grade || search.auth || search.error);

  return (
    <>
      <PageHeader
        title="Failing users"
        description={`Platform users ranked by failed operations (${RANGE_LABELS[search.range].toLowerCase()}), then by session stability. Open one to see what failed, since when, where and why.`}
      />
      <FailingUsersFilters search={search} />
      {search.error && (
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Showing users with <Badge tone="red">{search.error}</Badge> failures in the range.{' '}
          <Link className="text-brand-600 hover:underline dark:text-brand-100" href={href(search, { error: undefined, page: 1 })}>
            Show all errors
          </Link>
        </p>
      )}
      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <div className="p-6">
            <EmptyState
              title={filtered ? 'No users match these filters' : 'No platform users yet'}
              action={
                filtered ? (
                  <Link className={buttonClass('secondary')} href="/support">
                    Clear filters
                  </Link>
                ) : undefined
              }
            >
              {filtered ? 'Try a wider time range or another grade.' : 'Profiles appear when the platform tooling reports login results (POST /api/v1/login-results).'}
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="failing-users">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-4 py-2.5 font-medium">User</th>
                  <th className="px-4 py-2.5 text-right font-medium">Failures</th>
                  <th className="px-4 py-2.5 font-medium">Main error</th>
                  <th className="px-4 py-2.5 font-medium">Stability</th>
                  <th className="px-4 py-2.5 font-medium">Last 10 logins</th>
                  <th className="px-4 py-2.5 font-medium">Last failure</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((r) => (
                  <tr key={`${r.userId}|${r.platformAccountId}`} data-testid={`failing-user-${r.userId}`} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <td className="px-4 py-3">
                      <Link
                        href={`/support/users/${encodeURIComponent(r.userId)}${toQuery({ account: r.platformAccountId, range: search.range === '7d' ? undefined : search.range })}`}
                        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {r.userId}
                      </Link>
                      <p className="text-xs text-zinc-500">
                        {r.platformAccountId} · {r.email ?? 'no email'} · {r.authType}
                      </p>
                    </td>
                    <td className="px-4 py-3 text-right font-semibold tabular-nums">{r.failures.toLocaleString('en')}</td>
                    <td className="px-4 py-3">{r.dominantErrorType ? <Badge tone="red">{r.dominantErrorType}</Badge> : <span className="text-zinc-500">—</span>}</td>
                    <td className="px-4 py-3">
                      <div className="flex items-center gap-2">
                        <GradeBadge score={r.score} />
                        <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{r.score.toFixed(2)}</span>
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <LoginWindow window={r.recentLoginWindow} />
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400" title={formatDateTime(r.lastFailureAt)}>
                      {r.lastFailureAt ? formatRelative(r.lastFailureAt) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex items-center justify-between border-t border-zinc-200 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">
          <p>
            {total.toLocaleString('en')} user account{total === 1 ? '' : 's'}
          </p>
          <Pager page={page} pages={pages} href={(p) => href(search, { page: p })} />
        </div>
      </Card>
    </>
  );
}
