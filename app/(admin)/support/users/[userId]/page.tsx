import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { GradeBadge } from '@/components/oplog/grade-badge';
import { LoginWindow } from '@/components/oplog/login-window';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getLogReadDb } from '@/db/client';
import { getProfiles } from '@/db/queries/oplog';
import {
  listTimeline,
  userErrorBreakdown,
  userFilterOptions,
  userOperationStats,
  userProxyStats,
} from '@/db/queries/support';
import { formatDateTime, formatRelative } from '@/lib/format';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { decodeSegment } from '@/lib/validation';
import { DEFAULT_RANGE, RANGE_LABELS, RANGES, timelineList, timelinePath } from '@/lib/lists/support';
import { timelineQueryOf } from '@/lib/server/lists/support-query';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { DataTable, toSearchParams } from '@/components/data-table/data-table';
import { buttonClass } from '@/components/ui/button';
import { ListViewsMenu } from '../../../views/list-views';
import { timelineColumns } from './timeline';
import { TimelineFilters } from './timeline-filters';

/** One read per request for the page and its title. */
const loadProfiles = cache(async (userId: string | null) =>
  userId === null ? [] : getProfiles(await getLogReadDb(), userId),
);

export async function generateMetadata({ params }: { params: Promise<{ userId: string }> }): Promise<Metadata> {
  const userId = decodeSegment((await params).userId);
  return recordMetadata('support.read', 'Platform user', async () =>
    (await loadProfiles(userId)).length ? `User ${userId}` : null,
  );
}

export default async function SupportUserPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('support.read', '/support');
  const userId = decodeSegment((await params).userId);
  const raw = await searchParams;
  const state = timelineList.parse(raw);
  const profiles = await loadProfiles(userId);
  if (userId === null || profiles.length === 0) notFound();
  const base = timelinePath(userId);
  const views = await loadListViews('support.timeline', me, raw, state, base);
  const db = await getLogReadDb();
  const query = timelineQueryOf(
    state,
    userId,
    profiles.map((p) => p.platformAccountId),
    new Date(),
  );
  const account = query.platformAccountId;
  const range = state.filters.range ?? DEFAULT_RANGE;
  const { from, to } = query;
  const scope = { userId, platformAccountId: account, from, to };
  const [errors, ops, proxies, options, timeline] = await Promise.all([
    userErrorBreakdown(db, scope),
    userOperationStats(db, scope),
    userProxyStats(db, scope),
    userFilterOptions(db, { userId, from, to }),
    listTimeline(db, query),
  ]);
  // Links keep the sort and columns and start the timeline from the top (no cursor).
  const link = (patch: Partial<typeof state.filters>) =>
    `${base}${timelineList.query({ ...state, filters: { ...state.filters, ...patch, range: rangeParam(patch.range ?? range) } })}`;
  const filtered = Boolean(state.filters.op || state.filters.status || state.filters.error || state.filters.proxy);
  const shown = account ? profiles.filter((p) => p.platformAccountId === account) : profiles;
  const failedTotal = ops.reduce((n, o) => n + o.failed, 0);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/support" className="text-brand-600 hover:underline dark:text-brand-100">
          ← Failing users
        </Link>
      </p>
      <PageHeader
        title={`User ${userId}`}
        description={`${shown[0]?.email ?? 'no email on file'} · ${RANGE_LABELS[range]} · ${failedTotal.toLocaleString('en')} failed operation${failedTotal === 1 ? '' : 's'} in range`}
        actions={
          <nav className="flex gap-1 text-sm" aria-label="Time range">
            {(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((r) => (
              <Link
                key={r}
                href={link({ range: r })}
                aria-current={r === range ? 'true' : undefined}
                className={`rounded-md px-2.5 py-1 ${r === range ? 'bg-brand-600 text-white' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
              >
                {r}
              </Link>
            ))}
          </nav>
        }
      />
      {profiles.length > 1 && (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          Platform accounts:
          <Link
            href={link({ account: undefined })}
            className={`rounded px-2 py-0.5 ${!account ? 'bg-zinc-200 dark:bg-zinc-700' : 'hover:underline'}`}
          >
            all
          </Link>
          {profiles.map((p) => (
            <Link
              key={p.platformAccountId}
              href={link({ account: p.platformAccountId })}
              className={`rounded px-2 py-0.5 ${account === p.platformAccountId ? 'bg-zinc-200 dark:bg-zinc-700' : 'hover:underline'}`}
            >
              {p.platformAccountId}
            </Link>
          ))}
        </p>
      )}

      <div className="mb-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        {shown.map((p) => (
          <Card key={p.platformAccountId} className="min-w-0 p-5">
            <div data-testid="profile-card">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="break-words text-xs uppercase tracking-wide text-zinc-500">
                    Session stability · {p.platformAccountId}
                  </p>
                  <p className="mt-1 flex items-center gap-3 text-3xl font-semibold tabular-nums">
                    {p.sessionStabilityScore.toFixed(2)}
                    <GradeBadge score={p.sessionStabilityScore} />
                  </p>
                </div>
                <Badge tone={p.authType === '2FA' ? 'violet' : 'neutral'}>{p.authType}</Badge>
              </div>
              <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
                <div>
                  <dt className="text-xs text-zinc-500">Logins</dt>
                  <dd className="font-medium tabular-nums">{p.totalLoginCount.toLocaleString('en')}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Succeeded</dt>
                  <dd className="font-medium tabular-nums text-emerald-700 dark:text-emerald-400">
                    {p.successLoginCount.toLocaleString('en')}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Failed</dt>
                  <dd className="font-medium tabular-nums text-red-700 dark:text-red-400">
                    {p.failedLoginCount.toLocaleString('en')}
                  </dd>
                </div>
              </dl>
              <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
                Last login{' '}
                {p.lastLoginAt ? (
                  <span title={formatDateTime(p.lastLoginAt)}>{formatRelative(p.lastLoginAt)}</span>
                ) : (
                  'never'
                )}
                {p.lastLoginStatus && (
                  <>
                    {' '}
                    ·{' '}
                    <span
                      className={p.lastLoginStatus === 'FAILED' ? 'font-medium text-red-700 dark:text-red-400' : ''}
                    >
                      {p.lastLoginStatus.toLowerCase()}
                    </span>
                  </>
                )}
              </p>
              <div className="mt-4">
                <p className="mb-1.5 text-xs font-medium text-zinc-500">
                  Last {p.recentLoginWindow.length} logins, newest first
                </p>
                <LoginWindow window={p.recentLoginWindow} size="lg" showCallout />
              </div>
            </div>
          </Card>
        ))}
      </div>

      <div className="mb-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card className="min-w-0 p-5">
          <h2 className="mb-3 text-base font-semibold">What failed</h2>
          {errors.length === 0 ? (
            <p className="text-sm text-zinc-500">No failures in this range.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="error-breakdown">
                <thead className="text-left text-xs text-zinc-500">
                  <tr>
                    <th className="pb-1 font-medium">Error</th>
                    <th className="pb-1 text-right font-medium">Count</th>
                    <th className="pb-1 pl-3 font-medium">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.map((e) => (
                    <tr key={e.errorType}>
                      <td className="py-1">
                        <Link
                          className="hover:underline"
                          href={link({
                            status: 'FAILED',
                            error: e.errorType === 'UNSPECIFIED' ? undefined : e.errorType,
                          })}
                        >
                          <Badge tone="red">{e.errorType}</Badge>
                        </Link>
                      </td>
                      <td className="py-1 text-right tabular-nums">{e.count.toLocaleString('en')}</td>
                      <td
                        className="py-1 pl-3 text-xs text-zinc-500"
                        title={`first ${formatDateTime(e.firstSeen)}, last ${formatDateTime(e.lastSeen)}`}
                      >
                        {formatRelative(e.firstSeen)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card className="min-w-0 p-5">
          <h2 className="mb-3 text-base font-semibold">By proxy</h2>
          {proxies.length === 0 ? (
            <p className="text-sm text-zinc-500">No operations in this range.</p>
          ) : (
            <ul className="space-y-2 text-sm" data-testid="proxy-breakdown">
              {proxies.map((p) => {
                const rate = p.count ? p.failed / p.count : 0;
                return (
                  <li key={p.proxy}>
                    <div className="flex justify-between gap-3">
                      <Link
                        className="min-w-0 break-all font-mono text-xs hover:underline"
                        href={link({ proxy: p.proxy === 'direct' ? undefined : p.proxy })}
                      >
                        {p.proxy}
                      </Link>
                      <span className="shrink-0 tabular-nums text-xs text-zinc-500">
                        {p.failed}/{p.count} failed
                      </span>
                    </div>
                    <div className="mt-1 h-1.5 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                      <div
                        className={`h-1.5 rounded ${rate > 0.3 ? 'bg-red-500' : rate > 0.1 ? 'bg-amber-500' : 'bg-emerald-500'}`}
                        style={{ width: `${Math.max(2, rate * 100)}%` }}
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card className="min-w-0 p-5 lg:col-span-2">
          <h2 className="mb-3 text-base font-semibold">By operation</h2>
          {ops.length === 0 ? (
            <p className="text-sm text-zinc-500">No operations in this range.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-xs text-zinc-500">
                  <tr>
                    <th className="pb-1 font-medium">Operation</th>
                    <th className="pb-1 text-right font-medium">Operations</th>
                    <th className="pb-1 text-right font-medium">Failed</th>
                    <th className="pb-1 text-right font-medium">Failure rate</th>
                    <th className="pb-1 text-right font-medium" title="Median latency">
                      P50
                    </th>
                    <th className="pb-1 text-right font-medium" title="95th percentile latency">
                      P95
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ops.map((o) => (
                    <tr key={o.operationType}>
                      <td className="py-1 font-mono text-xs">{o.operationType}</td>
                      <td className="py-1 text-right tabular-nums">{o.count.toLocaleString('en')}</td>
                      <td className="py-1 text-right tabular-nums">{o.failed.toLocaleString('en')}</td>
                      <td
                        className={`py-1 text-right tabular-nums ${o.failed / o.count > 0.3 ? 'font-medium text-red-700 dark:text-red-400' : ''}`}
                      >
                        {Math.round((o.failed / o.count) * 100)}%
                      </td>
                      <td className="py-1 text-right tabular-nums whitespace-nowrap">
                        {o.p50.toLocaleString('en')} ms
                      </td>
                      <td className="py-1 text-right tabular-nums whitespace-nowrap">
                        {o.p95.toLocaleString('en')} ms
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>

      <h2 className="mb-3 text-base font-semibold">Operation timeline</h2>
      <ListViewsMenu views={views} />
      <TimelineFilters
        action={base}
        search={{ ...state.filters, range }}
        options={options}
        keep={keepFields(timelineList, state)}
      />
      <DataTable
        label="Operation timeline"
        testId="timeline"
        columns={timelineColumns()}
        visible={state.columns}
        required={timelineList.required}
        rows={timeline.rows}
        rowKey={(r) => r.id}
        rowTestId={() => 'timeline-row'}
        rowData={(r) => ({ status: r.status, error: r.errorType ?? '' })}
        sort={state.sort}
        sortHref={(sort) => `${base}${timelineList.query({ ...state, sort })}`}
        params={toSearchParams(raw)}
        empty={{
          title: filtered ? 'No operations match these filters' : 'No operations in this range',
          body: 'Widen the time range or clear a filter.',
        }}
        toolbar={
          <span className="flex flex-wrap items-center gap-3">
            {state.sort.dir === 'desc' ? 'Newest first' : 'Oldest first'}
            <a
              href={`/api/support/users/${encodeURIComponent(userId)}/timeline${timelineList.query(state)}`}
              className={buttonClass('secondary', 'py-1')}
              data-testid="timeline-csv"
            >
              Export CSV
            </a>
          </span>
        }
        pager={{
          label: state.paging.before ? (
            <Link
              className="text-brand-600 hover:underline dark:text-brand-100"
              href={`${base}${timelineList.query(state)}`}
            >
              Back to the start
            </Link>
          ) : undefined,
          next: timeline.next
            ? `${base}${timelineList.query(state, { before: `${timeline.next.at.toISOString()}_${timeline.next.id}` })}`
            : null,
        }}
      />
    </>
  );
}

/** The default range is left out of links. */
const rangeParam = (r: keyof typeof RANGES) => (r === DEFAULT_RANGE ? undefined : r);
