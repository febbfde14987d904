import { PageHeader } from '@/components/ui/page-header';
import { getDb, getLogReadDb } from '@/db/client';
import { parseDashboardParams } from '@/lib/observability/range';
import { getDashboardView, type DashboardView } from '@/lib/server/dashboard-views';
import { Dashboard } from './dashboard-client';

const TITLES: Record<DashboardView, [string, string]> = {
  overview: [
    'Dashboards',
    'Success rate, volume and latency percentiles of the platform operations, with the alert rules.',
  ],
  operations: ['Operations', 'The same figures per operation type.'],
  errors: ['Errors', 'Which errors, when, and how many users they hit; open an error type to see the users.'],
  proxies: ['Proxies', 'Success rate and P95 latency per proxy, worst first.'],
  sessions: ['Sessions', 'Session-stability grades of the platform users, and 2FA vs NORMAL.'],
};

/** Server part of every dashboard page (after its role check): parse the URL, read the rollups, render. */
export async function DashboardPage({
  view,
  searchParams,
}: {
  view: DashboardView;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const p = parseDashboardParams(searchParams);
  const initial = await getDashboardView(await getLogReadDb(), view, p, await getDb());
  const [title, description] = TITLES[view];
  return (
    <>
      <PageHeader title={title} description={description} />
      <Dashboard
        view={view}
        initial={initial}
        state={{
          range: p.range,
          from: p.from.getTime(),
          to: p.to.getTime(),
          operationType: p.operationType,
          authType: p.authType,
          proxy: p.proxy,
          refresh: p.refresh,
        }}
      />
    </>
  );
}
