'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { fmtCount, fmtPct } from '@/components/charts/chart-format';
import { StackedBarChart } from '@/components/charts/stacked-bar-chart';
import { Card } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import type { ErrorsView as Errors } from '@/lib/server/dashboard-data';
import { failingUsersHref } from '@/lib/observability/range';
import type { UrlState } from './dashboard-toolbar';

/** Error types over time (stacked) and the top errors; an error type opens the failing users behind it. */
export function ErrorsView({ errors, stepMs, state }: { errors: Errors; stepMs: number; state: UrlState }) {
  const router = useRouter();
  if (!errors.top.length)
    return (
      <Card className="p-6">
        <EmptyState title="No failed operations in this range" />
      </Card>
    );
  return (
    <div className="space-y-6">
      <Card className="p-4">
        <h2 className="mb-2 text-sm font-semibold">
          Failures by error type (click a bar or legend entry to see the users)
        </h2>
        <StackedBarChart
          data={errors.series}
          keys={errors.types}
          stepMs={stepMs}
          onSelect={(e) => router.push(failingUsersHref(e, state))}
        />
      </Card>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="errors-table">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="px-4 py-2">Error type</th>
              <th className="px-4 py-2">Failures</th>
              <th className="px-4 py-2">Share</th>
              <th className="px-4 py-2">Affected users</th>
            </tr>
          </thead>
          <tbody>
            {errors.top.map((e) => (
              <tr key={e.errorType} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                <td className="px-4 py-2">
                  <Link
                    className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                    href={failingUsersHref(e.errorType, state)}
                  >
                    {e.errorType}
                  </Link>
                </td>
                <td className="px-4 py-2 tabular-nums">{fmtCount(e.count)}</td>
                <td className="px-4 py-2 tabular-nums">{fmtPct(e.share)}</td>
                <td className="px-4 py-2 tabular-nums">{fmtCount(e.affectedUsers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
