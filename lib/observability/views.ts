import type { Db } from '../../db/client';
import { filterOf, getAlerts, getErrors, getOperations, getOverview, getProxies, getProxyOptions, getSessions } from './dashboard-data';
import type { DashboardParams } from './range';
import { currentStreamLag } from '../server/oplog-stream';

export const DASHBOARD_VIEWS = ['overview', 'operations', 'errors', 'proxies', 'sessions'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];
export const isDashboardView = (v: string): v is DashboardView => (DASHBOARD_VIEWS as readonly string[]).includes(v);

/** One view's data, exactly what its page renders first and what the client polls (JSON-safe). */
export async function getDashboardView(db: Db, view: DashboardView, p: DashboardParams) {
  // The range as read: widened to whole buckets of the chosen grain.
  const f = filterOf(p, view === 'proxies' || view === 'operations');
  const [proxies, streamLag] = await Promise.all([getProxyOptions(db, p), currentStreamLag()]);
  // streamLag: the JetStream backlog (OPLOG_STREAM_URL): rows acknowledged to the tooling but not yet counted here.
  const meta = { from: f.from.getTime(), to: f.to.getTime(), generatedAt: Date.now(), proxies, streamLag };
  switch (view) {
    case 'overview': {
      const [overview, alerts] = await Promise.all([getOverview(db, p), getAlerts(db, p)]);
      return { view, meta, overview, alerts };
    }
    case 'operations':
      return { view, meta, operations: await getOperations(db, p) };
    case 'errors':
      return { view, meta, errors: await getErrors(db, p) };
    case 'proxies':
      return { view, meta, proxies: await getProxies(db, p) };
    case 'sessions':
      return { view, meta, sessions: await getSessions(db, f) };
  }
}
export type DashboardData = Awaited<ReturnType<typeof getDashboardView>>;
