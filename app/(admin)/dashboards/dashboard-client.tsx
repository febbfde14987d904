'use client';

import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { REFRESH_MS } from '@/lib/observability/range';
import type { DashboardData, DashboardView } from '@/lib/server/dashboard-views';
import { DashboardToolbar, searchOf, type UrlState } from './dashboard-toolbar';
import { ErrorsView } from './errors-view';
import { OperationsView } from './operations-view';
import { OverviewView } from './overview-view';
import { ProxiesView } from './proxies-view';
import { SessionsView } from './sessions-view';

/** The dashboards' one client island: react-query only for polling; the first data comes from the server page. */
export function Dashboard(props: { view: DashboardView; state: UrlState; initial: DashboardData }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <DashboardBody {...props} />
    </QueryClientProvider>
  );
}

function DashboardBody({ view, state, initial }: { view: DashboardView; state: UrlState; initial: DashboardData }) {
  const search = searchOf(state);
  const q = useQuery({
    queryKey: ['dashboards', view, search],
    queryFn: async (): Promise<DashboardData> => {
      const res = await fetch(`/api/dashboards?view=${view}&${search}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`The dashboard could not be refreshed (${res.status}).`);
      return res.json();
    },
    initialData: initial,
    initialDataUpdatedAt: initial.meta.generatedAt,
    // react-query pauses interval refetches while the tab is hidden (refetchIntervalInBackground: false).
    refetchInterval: REFRESH_MS[state.refresh],
    refetchIntervalInBackground: false,
  });
  const data = q.data;
  const stepMs = data.meta.stepMs;
  return (
    <>
      <DashboardToolbar view={view} state={state} proxies={data.meta.proxies} />
      <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400" data-testid="dash-range">
        {new Date(data.meta.from).toISOString().slice(0, 16).replace('T', ' ')} –{' '}
        {new Date(data.meta.to).toISOString().slice(0, 16).replace('T', ' ')} UTC · updated{' '}
        {new Date(data.meta.generatedAt).toISOString().slice(11, 19)}
        {data.meta.streamLag && (
          <span
            className={data.meta.streamLag.messages > 0 ? 'ml-2 text-amber-700 dark:text-amber-400' : 'ml-2'}
            data-testid="dash-stream-lag"
          >
            · ingest stream backlog: {data.meta.streamLag.messages} batch
            {data.meta.streamLag.messages === 1 ? '' : 'es'}
            {data.meta.streamLag.messages > 0 && `, oldest ${Math.round(data.meta.streamLag.seconds)} s`}
          </span>
        )}
        {q.isFetching && <span className="ml-2 text-brand-600 dark:text-brand-100">refreshing…</span>}
        {q.isError && <span className="ml-2 text-red-600 dark:text-red-400">{(q.error as Error).message}</span>}
      </p>
      {data.view === 'overview' && <OverviewView data={data} stepMs={stepMs} state={state} />}
      {data.view === 'operations' && <OperationsView rows={data.operations} stepMs={stepMs} marks={data.meta.marks} />}
      {data.view === 'errors' && <ErrorsView errors={data.errors} stepMs={stepMs} state={state} />}
      {data.view === 'proxies' && <ProxiesView rows={data.proxies} stepMs={stepMs} marks={data.meta.marks} />}
      {data.view === 'sessions' && <SessionsView sessions={data.sessions} state={state} stepMs={stepMs} />}
    </>
  );
}
