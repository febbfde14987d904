import type { LogDb } from '../../db/client';
import {
  affectedUsersByError,
  alertMinutes,
  exactPercentiles,
  gradeStats,
  gradeTrend,
  listProxies,
  rollupCounts,
  rollupSketches,
  type CountRow,
  type GradeSnapshot,
  type GradeStats,
  type PercentileMap,
  type RollupFilter,
} from '../../db/queries/observability';
import { evaluateAlerts, denseMinutes, type AlertEvent, type MinutePoint } from '../observability/alerts';
import { resolutionFor, type DashboardParams } from '../observability/range';
import { addDense, denseQuantiles, denseSketch, type DenseSketch } from '../observability/sketch';

/** What the dashboards show, computed from the rollups (never by sorting raw rows). */
export type Stats = {
  total: number;
  success: number;
  failed: number;
  successRate: number | null;
  errorRate: number | null;
  avgMs: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};
export type SeriesPoint = Stats & { t: number };

const QS = [0.5, 0.95, 0.99];
const labelOf = (stepSeconds: number) =>
  stepSeconds >= 86_400 ? '1 day' : stepSeconds >= 3600 ? `${stepSeconds / 3600} h` : `${stepSeconds / 60} min`;
const round = (v: number | null, d = 1) => (v == null ? null : Math.round(v * 10 ** d) / 10 ** d);

export function statsOf(
  c: { total: number; success: number; failed: number; sumMs: number } | undefined,
  pcts: readonly (number | null)[] | undefined,
): Stats {
  const total = c?.total ?? 0;
  const [p50, p95, p99] = pcts ?? [null, null, null];
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
export function filterOf(
  p: Pick<DashboardParams, 'from' | 'to' | 'operationType' | 'authType' | 'proxy'>,
  perDimension = false,
): RollupFilter {
  let r = resolutionFor(p.to.getTime() - p.from.getTime());
  if (r.grain === 'minute' && (p.proxy || p.authType || p.operationType || perDimension))
    r = { grain: 'hour', stepSeconds: 3600, label: '1 h' };
  const step = r.stepSeconds * 1000;
  const from = new Date(Math.floor(p.from.getTime() / step) * step);
  const to = new Date(Math.ceil(p.to.getTime() / step) * step);
  return {
    from,
    to,
    grain: r.grain,
    stepSeconds: r.stepSeconds,
    operationType: p.operationType,
    authType: p.authType,
    proxy: p.proxy,
  };
}

/** Series points for every step in the range (empty steps as zeros), so charts show gaps as zero volume. */
function steps(f: RollupFilter): number[] {
  const step = f.stepSeconds * 1000;
  const out: number[] = [];
  for (let t = Math.floor(f.from.getTime() / step) * step; t < f.to.getTime(); t += step) out.push(t);
  return out;
}

/**
 * Ranges this short (after widening to whole buckets) holding at most EXACT_MAX_ROWS rows get exact
 * percentile_cont over the raw rows (a few tens of thousands of rows sort in milliseconds); longer ranges
 * merge the rollup sketches (within SKETCH_ALPHA of exact).
 */
export const EXACT_MAX_SPAN_MS = 2 * 3_600_000;
export const EXACT_MAX_ROWS = 100_000;

type Dim = 'none' | 'operation' | 'proxy';
/** Counts and percentiles per series step and key, and summed over the range per key. */
type Figures = {
  series: Map<string, CountRow>;
  totals: Map<string, CountRow>;
  pSeries: PercentileMap;
  pTotals: PercentileMap;
  exact: boolean;
};

const addCounts = (a: CountRow | undefined, c: CountRow): CountRow =>
  a
    ? {
        ...a,
        total: a.total + c.total,
        success: a.success + c.success,
        failed: a.failed + c.failed,
        sumMs: a.sumMs + c.sumMs,
        slow: a.slow + c.slow,
      }
    : { ...c, t: null };

function quantilesOf(sketches: Map<string, DenseSketch>): PercentileMap {
  return new Map([...sketches].map(([k, s]) => [k, denseQuantiles(s, QS)]));
}

/**
 * One range's figures from one count query and one sketch query (or, for small ranges, two percentile_cont
 * queries): the totals are the series summed here, sketches merged bin by bin.
 */
async function figures(db: LogDb, f: RollupFilter, by: Dim): Promise<Figures> {
  const small = f.to.getTime() - f.from.getTime() <= EXACT_MAX_SPAN_MS;
  // Long ranges never go exact: fetch the sketches alongside the counts.
  const [counts, sketches] = await Promise.all([
    rollupCounts(db, f, by, true),
    small ? null : rollupSketches(db, f, by, true),
  ]);
  const series = new Map<string, CountRow>();
  const totals = new Map<string, CountRow>();
  let rows = 0;
  for (const c of counts) {
    series.set(`${c.t}|${c.key}`, c);
    totals.set(`|${c.key}`, addCounts(totals.get(`|${c.key}`), c));
    rows += c.total;
  }
  if (small && rows <= EXACT_MAX_ROWS) {
    const [pSeries, pTotals] = await Promise.all([
      exactPercentiles(db, f, by, true),
      exactPercentiles(db, f, by, false),
    ]);
    return { series, totals, pSeries, pTotals, exact: true };
  }
  const sk = sketches ?? (await rollupSketches(db, f, by, true));
  const merged = new Map<string, DenseSketch>();
  for (const [k, s] of sk) {
    const key = `|${k.slice(k.indexOf('|') + 1)}`;
    addDense(merged.get(key) ?? merged.set(key, denseSketch()).get(key)!, s);
  }
  return { series, totals, pSeries: quantilesOf(sk), pTotals: quantilesOf(merged), exact: false };
}

/** `previousSeries`: the previous period's points at this period's times (t + span), for the comparison overlay. */
export type Overview = {
  resolution: string;
  current: Stats;
  previous: Stats;
  series: SeriesPoint[];
  previousSeries: SeriesPoint[];
  exactPercentiles: boolean;
};

/** Stat tiles (with the previous period of the same length) and the time series. */
export async function getOverview(db: LogDb, p: DashboardParams): Promise<Overview> {
  const f = filterOf(p);
  const span = f.to.getTime() - f.from.getTime();
  const prev = { ...f, from: new Date(f.from.getTime() - span), to: f.from };
  const [cur, before] = await Promise.all([figures(db, f, 'none'), figures(db, prev, 'none')]);
  const series = steps(f).map((t) => ({ t, ...statsOf(cur.series.get(`${t}|`), cur.pSeries.get(`${t}|`)) }));
  const previousSeries = steps(f).map((t) => ({
    t,
    ...statsOf(before.series.get(`${t - span}|`), before.pSeries.get(`${t - span}|`)),
  }));
  return {
    resolution: labelOf(f.stepSeconds),
    current: statsOf(cur.totals.get('|'), cur.pTotals.get('|')),
    previous: statsOf(before.totals.get('|'), before.pTotals.get('|')),
    series,
    previousSeries,
    exactPercentiles: cur.exact,
  };
}

export type OperationRow = Stats & { operationType: string; series: SeriesPoint[] };

/** Rows per key (operation type or proxy): totals and a small series each. */
function perKey(f: RollupFilter, fig: Figures): (Stats & { key: string; series: SeriesPoint[] })[] {
  const ts = steps(f);
  return [...fig.totals.values()].map((c) => ({
    key: c.key,
    ...statsOf(c, fig.pTotals.get(`|${c.key}`)),
    series: ts.map((t) => ({ t, ...statsOf(fig.series.get(`${t}|${c.key}`), fig.pSeries.get(`${t}|${c.key}`)) })),
  }));
}

/** Per operation type: totals and a small series each. */
export async function getOperations(db: LogDb, p: DashboardParams): Promise<OperationRow[]> {
  const f = filterOf(p, true);
  return perKey(f, await figures(db, f, 'operation'))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ key, ...r }) => ({ operationType: key, ...r }));
}

export type ErrorsView = {
  types: string[];
  series: ({ t: number } & Record<string, number>)[];
  top: { errorType: string; count: number; share: number; affectedUsers: number }[];
};

/** Error types over time (for a stacked chart) and the top errors with affected users. */
export async function getErrors(db: LogDb, p: DashboardParams): Promise<ErrorsView> {
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
    top: errs.map((e) => ({
      errorType: e.key,
      count: e.failed,
      share: allFailed ? e.failed / allFailed : 0,
      affectedUsers: users.get(e.key) ?? 0,
    })),
  };
}

export type ProxyRow = Stats & { proxy: string; series: SeriesPoint[] };

/** Per proxy: success rate and P95, worst success rate first. */
export async function getProxies(db: LogDb, p: DashboardParams): Promise<ProxyRow[]> {
  const f = filterOf(p, true);
  return perKey(f, await figures(db, f, 'proxy'))
    .filter((r) => r.key !== '')
    .map(({ key, ...r }) => ({ proxy: key, ...r }))
    .sort((a, b) => (a.successRate ?? 1) - (b.successRate ?? 1) || (b.p95 ?? 0) - (a.p95 ?? 0));
}

export type SessionsView = GradeStats & { trend: GradeSnapshot[]; resolution: string };

/** Grades now (from the profiles) and their trend over the range (the hourly snapshots). */
export async function getSessions(db: LogDb, p: Pick<DashboardParams, 'from' | 'to'>): Promise<SessionsView> {
  const r = resolutionFor(p.to.getTime() - p.from.getTime());
  const stepSeconds = Math.max(3600, r.stepSeconds);
  const [now, trend] = await Promise.all([gradeStats(db), gradeTrend(db, { from: p.from, to: p.to, stepSeconds })]);
  return { ...now, trend, resolution: labelOf(stepSeconds) };
}

/** How far back alerts are evaluated at minute resolution (the minute rollups of a longer range are many). */
export const ALERT_LOOKBACK_MS = 7 * 86_400_000;

/** Alert events in the range (at most its last 7 days), and which are firing at its end. */
export async function getAlerts(
  db: LogDb,
  p: DashboardParams,
): Promise<{ evaluatedFrom: number; events: AlertEvent[] }> {
  const evalFrom = Math.max(p.from.getTime(), p.to.getTime() - ALERT_LOOKBACK_MS);
  const from = evalFrom - 70 * 60_000; // windows and the AUTH_REQUIRED baseline look back 70 minutes
  // Minute rollups keep only overall figures: the rules watch all operations, proxies and auth types. Counts
  // only (the P99 rule counts operations over 5 s): 7 days of minute sketches would be ~10k arrays to merge.
  const points: MinutePoint[] = await alertMinutes(db, { from: new Date(from), to: p.to });
  return {
    evaluatedFrom: evalFrom,
    events: evaluateAlerts(denseMinutes(points, Math.floor(from / 60_000) * 60_000, p.to.getTime()), evalFrom),
  };
}

export const getProxyOptions = (db: LogDb, p: DashboardParams) => listProxies(db, p);
