import type { Db } from '../../db/client';
import { affectedUsersByError, gradeStats, listProxies, rollupCounts, rollupSketches, type RollupFilter } from '../../db/queries/observability';
import { evaluateAlerts, denseMinutes, type AlertEvent, type MinutePoint } from './alerts';
import { resolutionFor, type DashboardParams } from './range';
import { sketchQuantiles, type Sketch } from './sketch';

/** What the dashboards show, computed from the rollups (never by sorting raw rows). */
export type Stats = { total: number; success: number; failed: number; successRate: number | null; errorRate: number | null; avgMs: number | null; p50: number | null; p95: number | null; p99: number | null };
export type SeriesPoint = Stats & { t: number };

const QS = [0.5, 0.95, 0.99];
const labelOf = (stepSeconds: number) => (stepSeconds >= 86_400 ? '1 day' : stepSeconds >= 3600 ? `${stepSeconds / 3600} h` : `${stepSeconds / 60} min`);
const round = (v: number | null, d = 1) => (v == null ? null : Math.round(v * 10 ** d) / 10 ** d);

export function statsOf(c: { total: number; success: number; failed: number; sumMs: number } | undefined, sketch: Sketch | undefined): Stats {
  const total = c?.total ?? 0;
  const [p50, p95, p99] = sketch ? sketchQuantiles(sketch, QS) : [null, null, null];
  return {
    total,
    success: c?.success ?? 0,
    failed: c?.failed ?? 0,
    successRate: total ? c!.success / total : null,
    errorRate: total ? c!.failed / total : null,
    avgMs: total ? round(c!.sumMs / total) : null,
    p50: round(p50 ?? null),
    p95: round(p95 ?? null),
    p99: round(p99 ?? null),
  };
}

/**
 * The rollup query for a range: the grain and step from its length, the range widened to whole steps (so the
 * buckets read cover exactly the range reported). Minute rows keep only the overall latency sketch and no
 * proxy or auth type, so a filter (or the per-type / per-proxy views) on a short range reads hour rows.
 */
export function filterOf(p: Pick<DashboardParams, 'from' | 'to' | 'operationType' | 'authType' | 'proxy'>, perDimension = false): RollupFilter {
  let r = resolutionFor(p.to.getTime() - p.from.getTime());
  if (r.grain === 'minute' && (p.proxy || p.authType || p.operationType || perDimension)) r = { grain: 'hour', stepSeconds: 3600, label: '1 h' };
  const step = r.stepSeconds * 1000;
  const from = new Date(Math.floor(p.from.getTime() / step) * step);
  const to = new Date(Math.ceil(p.to.getTime() / step) * step);
  return { from, to, grain: r.grain, stepSeconds: r.stepSeconds, operationType: p.operationType, authType: p.authType, proxy: p.proxy };
}

/** Series points for every step in the range (empty steps as zeros), so charts show gaps as zero volume. */
function steps(f: RollupFilter): number[] {
  const step = f.stepSeconds * 1000;
  const out: number[] = [];
  for (let t = Math.floor(f.from.getTime() / step) * step; t < f.to.getTime(); t += step) out.push(t);
  return out;
}

async function totals(db: Db, f: RollupFilter): Promise<Stats> {
  const [c, s] = await Promise.all([rollupCounts(db, f, 'none', false), rollupSketches(db, f, 'none', false)]);
  return statsOf(c[0], s.get('|'));
}

export type Overview = { resolution: string; current: Stats; previous: Stats; series: SeriesPoint[] };

/** Stat tiles (with the previous period of the same length) and the time series. */
export async function getOverview(db: Db, p: DashboardParams): Promise<Overview> {
  const f = filterOf(p);
  const span = f.to.getTime() - f.from.getTime();
  const prev = { ...f, from: new Date(f.from.getTime() - span), to: f.from };
  const [current, previous, counts, sketches] = await Promise.all([totals(db, f), totals(db, prev), rollupCounts(db, f, 'none', true), rollupSketches(db, f, 'none', true)]);
  const byT = new Map(counts.map((c) => [c.t!, c]));
  const series = steps(f).map((t) => ({ t, ...statsOf(byT.get(t), sketches.get(`${t}|`)) }));
  return { resolution: labelOf(f.stepSeconds), current, previous, series };
}

export type OperationRow = Stats & { operationType: string; series: SeriesPoint[] };

/** Per operation type: totals and a small series each. */
export async function getOperations(db: Db, p: DashboardParams): Promise<OperationRow[]> {
  const f = filterOf(p, true);
  const [tot, totSk, counts, sketches] = await Promise.all([
    rollupCounts(db, f, 'operation', false),
    rollupSketches(db, f, 'operation', false),
    rollupCounts(db, f, 'operation', true),
    rollupSketches(db, f, 'operation', true),
  ]);
  const ts = steps(f);
  return tot.map((c) => {
    const byT = new Map(counts.filter((x) => x.key === c.key).map((x) => [x.t!, x]));
    return {
      operationType: c.key,
      ...statsOf(c, totSk.get(`|${c.key}`)),
      series: ts.map((t) => ({ t, ...statsOf(byT.get(t), sketches.get(`${t}|${c.key}`)) })),
    };
  });
}

export type ErrorsView = { types: string[]; series: ({ t: number } & Record<string, number>)[]; top: { errorType: string; count: number; share: number; affectedUsers: number }[] };

/** Error types over time (for a stacked chart) and the top errors with affected users. */
export async function getErrors(db: Db, p: DashboardParams): Promise<ErrorsView> {
  const f = filterOf(p);
  const [tot, counts] = await Promise.all([rollupCounts(db, f, 'error', false), rollupCounts(db, f, 'error', true)]);
  const errs = tot.filter((c) => c.key !== '' && c.failed > 0).sort((a, b) => b.failed - a.failed);
  const types = errs.map((e) => e.key);
  const allFailed = errs.reduce((a, e) => a + e.failed, 0);
  const users = await affectedUsersByError(db, f, types.slice(0, 10));
  const byT = new Map<number, Record<string, number>>();
  for (const c of counts) if (c.key) (byT.get(c.t!) ?? byT.set(c.t!, {}).get(c.t!)!)[c.key] = c.failed;
  return {
    types,
    series: steps(f).map((t) => ({ t, ...Object.fromEntries(types.map((e) => [e, byT.get(t)?.[e] ?? 0])) })),
    top: errs.map((e) => ({ errorType: e.key, count: e.failed, share: allFailed ? e.failed / allFailed : 0, affectedUsers: users.get(e.key) ?? 0 })),
  };
}

export type ProxyRow = Stats & { proxy: string; series: SeriesPoint[] };

/** Per proxy: success rate and P95, worst success rate first. */
export async function getProxies(db: Db, p: DashboardParams): Promise<ProxyRow[]> {
  const f = filterOf(p, true);
  const [tot, totSk, counts, sketches] = await Promise.all([
    rollupCounts(db, f, 'proxy', false),
    rollupSketches(db, f, 'proxy', false),
    rollupCounts(db, f, 'proxy', true),
    rollupSketches(db, f, 'proxy', true),
  ]);
  const ts = steps(f);
  return tot
    .filter((c) => c.key !== '')
    .map((c) => {
      const byT = new Map(counts.filter((x) => x.key === c.key).map((x) => [x.t!, x]));
      return { proxy: c.key, ...statsOf(c, totSk.get(`|${c.key}`)), series: ts.map((t) => ({ t, ...statsOf(byT.get(t), sketches.get(`${t}|${c.key}`)) })) };
    })
    .sort((a, b) => (a.successRate ?? 1) - (b.successRate ?? 1) || (b.p95 ?? 0) - (a.p95 ?? 0));
}

export const getSessions = (db: Db) => gradeStats(db);

/** How far back alerts are evaluated at minute resolution (the minute rollups of a longer range are many). */
export const ALERT_LOOKBACK_MS = 7 * 86_400_000;

/** Alert events in the range (at most its last 7 days), and which are firing at its end. */
export async function getAlerts(db: Db, p: DashboardParams): Promise<{ evaluatedFrom: number; events: AlertEvent[] }> {
  const evalFrom = Math.max(p.from.getTime(), p.to.getTime() - ALERT_LOOKBACK_MS);
  const from = evalFrom - 70 * 60_000; // windows and the AUTH_REQUIRED baseline look back 70 minutes
  // Minute rollups keep only overall figures: the rules watch all operations, proxies and auth types.
  const f: RollupFilter = { from: new Date(from), to: p.to, grain: 'minute', stepSeconds: 60 };
  const [counts, errs, sketches] = await Promise.all([rollupCounts(db, f, 'none', true), rollupCounts(db, { ...f }, 'error', true), rollupSketches(db, f, 'none', true)]);
  const auth = new Map(errs.filter((e) => e.key === 'AUTH_REQUIRED').map((e) => [e.t!, e.failed]));
  const points: MinutePoint[] = counts.map((c) => ({ t: c.t!, total: c.total, success: c.success, authRequired: auth.get(c.t!) ?? 0, sketch: sketches.get(`${c.t}|`) }));
  return { evaluatedFrom: evalFrom, events: evaluateAlerts(denseMinutes(points, Math.floor(from / 60_000) * 60_000, p.to.getTime()), evalFrom) };
}

export const getProxyOptions = (db: Db, p: DashboardParams) => listProxies(db, p);
