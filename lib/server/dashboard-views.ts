import 'server-only';
import type { LogDb } from '../../db/client';
import { filterOf, getAlerts, getErrors, getOperations, getOverview, getProxies, getProxyOptions, getSessions } from './dashboard-data';
import type { DashboardParams } from '../observability/range';

export const DASHBOARD_VIEWS = ['overview', 'operations', 'errors', 'proxies', 'sessions'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];
export const isDashboardView = (v: string): v is DashboardView => (DASHBOARD_VIEWS as readonly string[]).includes(v);

/** One view's data, exactly what its page renders first and what the client polls (JSON-safe). */
export async function getDashboardView(db: LogDb, view: DashboardView, p: DashboardParams) {
  // The range as read: widened to whole buckets of the chosen grain.
  const f = filterOf(p, view === 'proxies' || view === 'operations');
  // stepMs: the bucket size the series were read at (a filtered view reads hours where the span alone says minutes).
  const meta = { from: f.from.getTime(), to: f.to.getTime(), stepMs: f.stepSeconds * 1000, generatedAt: Date.now(), proxies: await getProxyOptions(db, p) };
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
