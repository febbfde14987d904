import Link from 'next/link';
import { GradeBadge } from '@/components/oplog/grade-badge';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Card } from '@/components/ui/page-header';
import type { FailingUserRow } from '@/db/queries/support';
import { formatDateTime, formatRelative } from '@/lib/format';

/**
 * Support's start: the users failing most in the last 7 days, first thing on Home, each a link to its
 * timeline, and the way into the full list with its filters.
 */
export function FailingUsersCard({ rows, total }: { rows: FailingUserRow[]; total: number }) {
  return (
    <Card className="mb-6 overflow-hidden">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-5 pt-5 pb-3">
        <h2 className="text-base font-semibold">Failing users, last 7 days</h2>
        <Link href="/support" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
          Open the full list ({total.toLocaleString('en')})
        </Link>
      </div>
      {rows.length === 0 ? (
        <div className="px-5 pb-5">
          <EmptyState title="No failing users">Nobody failed an operation in the last 7 days.</EmptyState>
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="home-failing-users">
            <caption className="sr-only">The users with the most failed operations in the last 7 days</caption>
            <thead className="border-y border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">
                  User
                </th>
                <th scope="col" className="px-5 py-2 text-right font-medium">
                  Failures
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Main error
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Stability
                </th>
                <th scope="col" className="px-5 py-2 font-medium">
                  Last failure
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {rows.map((r) => (
                <tr key={`${r.userId}|${r.platformAccountId}`}>
                  <td className="px-5 py-2.5">
                    <Link
                      href={`/support/users/${encodeURIComponent(r.userId)}?account=${encodeURIComponent(r.platformAccountId)}`}
                      className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                    >
                      {r.userId}
                    </Link>
                  </td>
                  <td className="px-5 py-2.5 text-right font-semibold tabular-nums">
                    {r.failures.toLocaleString('en')}
                  </td>
                  <td className="px-5 py-2.5">
                    {r.dominantErrorType ? <Badge tone="red">{r.dominantErrorType}</Badge> : '—'}
                  </td>
                  <td className="px-5 py-2.5">
                    <GradeBadge score={r.score} />
                  </td>
                  <td className="px-5 py-2.5 text-zinc-600 dark:text-zinc-400" title={formatDateTime(r.lastFailureAt)}>
                    {r.lastFailureAt ? formatRelative(r.lastFailureAt) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
