import 'server-only';
import type { Db, LogDb } from '../../db/client';
import {
  filterOf,
  getAlerts,
  getErrors,
  getOperations,
  getOverview,
  getProxies,
  getProxyOptions,
  getSessions,
} from './dashboard-data';
import type { DashboardParams } from '../observability/range';
import { firingPeriods, listAnnotations } from '../../db/queries/alerts';
import type { ChartMark } from '../alerts/marks';
import { currentStreamLag } from './oplog-stream';

/** Alert firing periods and admins' notes overlapping the range, as chart marks. */
export async function chartMarks(db: Db, f: { from: Date; to: Date }): Promise<ChartMark[]> {
  const [periods, notes] = await Promise.all([firingPeriods(db, f), listAnnotations(db, f)]);
  return [
    ...periods.map(
      (p): ChartMark => ({ kind: 'alert', start: p.start, end: p.end ?? f.to.getTime(), label: p.ruleName }),
    ),
    ...notes.map((n): ChartMark => ({ kind: 'note', start: n.at, end: n.endAt, label: n.text })),
  ];
}

export const DASHBOARD_VIEWS = ['overview', 'operations', 'errors', 'proxies', 'sessions'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];
export const isDashboardView = (v: string): v is DashboardView => (DASHBOARD_VIEWS as readonly string[]).includes(v);

/**
 * One view's data, exactly what its page renders first and what the client polls (JSON-safe). `mainDb` (where
 * alert history and chart notes live) adds the marks drawn on the time-series charts.
 */
export async function getDashboardView(db: LogDb, view: DashboardView, p: DashboardParams, mainDb?: Db) {
  // The range as read: widened to whole buckets of the chosen grain.
  const f = filterOf(p, view === 'proxies' || view === 'operations');
  const [proxies, marks, streamLag] = await Promise.all([
    getProxyOptions(db, p),
    mainDb ? chartMarks(mainDb, f) : Promise.resolve([]),
    currentStreamLag(),
  ]);
  // stepMs: the bucket size the series were read at (a filtered view reads hours where the span alone says minutes).
  // streamLag: the JetStream backlog (OPLOG_STREAM_URL): rows acknowledged to the tooling but not yet counted here.
  const meta = {
    from: f.from.getTime(),
    to: f.to.getTime(),
    stepMs: f.stepSeconds * 1000,
    generatedAt: Date.now(),
    proxies,
    marks,
    streamLag,
  };
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
