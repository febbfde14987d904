'use client';

import Link from 'next/link';
import { useState } from 'react';
import { fmtCount, fmtMs, fmtPct, fmtTime } from '@/components/charts/chart-format';
import { StatTile } from '@/components/charts/stat-tile';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { Card } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { failingUsersHref } from '@/lib/observability/range';
import { SKETCH_ALPHA } from '@/lib/observability/sketch';
import type { DashboardData } from '@/lib/server/dashboard-views';
import type { UrlState } from './dashboard-toolbar';

type Data = Extract<DashboardData, { view: 'overview' }>;

export function OverviewView({ data, stepMs, state }: { data: Data; stepMs: number; state: UrlState }) {
  const { current: c, previous: p } = data.overview;
  const [compare, setCompare] = useState(false);
  const marks = data.meta.marks;
  // The previous period's points ride along as prev_<key> at this period's times.
  const series = compare
    ? data.overview.series.map((s, i) => {
        const b = data.overview.previousSeries[i];
        return { ...s, prev_successRate: b?.successRate ?? null, prev_p95: b?.p95 ?? null, prev_total: b?.total ?? 0 };
      })
    : data.overview.series;
  const prev = (key: string, name: string, color: string) =>
    compare ? [{ key: `prev_${key}`, name: `${name} (previous period)`, color, dashed: true }] : [];
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <StatTile
          testId="tile-success"
          label="Success rate"
          value={fmtPct(c.successRate)}
          current={c.successRate}
          previous={p.successRate}
          goodWhenUp
        />
        <StatTile
          testId="tile-volume"
          label="Requests"
          value={fmtCount(c.total)}
          current={c.total}
          previous={p.total}
          goodWhenUp
        />
        <StatTile
          testId="tile-p50"
          label="P50 latency"
          value={fmtMs(c.p50)}
          current={c.p50}
          previous={p.p50}
          goodWhenUp={false}
        />
        <StatTile
          testId="tile-p95"
          label="P95 latency"
          value={fmtMs(c.p95)}
          current={c.p95}
          previous={p.p95}
          goodWhenUp={false}
        />
        <StatTile
          testId="tile-p99"
          label="P99 latency"
          value={fmtMs(c.p99)}
          current={c.p99}
          previous={p.p99}
          goodWhenUp={false}
        />
        <StatTile
          testId="tile-errors"
          label="Error rate"
          value={fmtPct(c.errorRate)}
          current={c.errorRate}
          previous={p.errorRate}
          goodWhenUp={false}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={compare}
            onChange={(e) => setCompare(e.target.checked)}
            className="size-4 accent-brand-600"
            data-testid="compare-previous"
          />
          Compare with the previous period
        </label>
        <span>Empty buckets are gaps; shaded red: an alert firing; violet: a note (add notes on the Alerts page).</span>
      </div>
      {c.total === 0 ? (
        <Card className="p-6">
          <EmptyState title="No operations in this range">Pick a longer range or clear the filters.</EmptyState>
        </Card>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          <Card className="p-4">
            <h2 className="mb-2 text-sm font-semibold">Success rate ({data.overview.resolution} buckets)</h2>
            <TimeSeriesChart
              data={series}
              lines={[
                { key: 'successRate', name: 'Success rate', color: '#10b981' },
                ...prev('successRate', 'Success rate', '#10b981'),
              ]}
              stepMs={stepMs}
              format={(v) => fmtPct(v)}
              threshold={{ value: 0.9, label: '90% alert' }}
              domain={[0, 1]}
              marks={marks}
            />
          </Card>
          <Card className="p-4">
            <h2 className="mb-2 text-sm font-semibold">
              Latency percentiles{' '}
              <span className="font-normal text-zinc-500 dark:text-zinc-400" data-testid="percentile-source">
                {data.overview.exactPercentiles
                  ? '(exact, percentile_cont over the raw rows)'
                  : `(from rollup sketches, within ${(SKETCH_ALPHA * 100).toFixed(2)}%)`}
              </span>
            </h2>
            <TimeSeriesChart
              data={series}
              lines={[
                { key: 'p50', name: 'P50' },
                { key: 'p95', name: 'P95', color: '#f59e0b' },
                { key: 'p99', name: 'P99', color: '#ef4444' },
                ...prev('p95', 'P95', '#f59e0b'),
              ]}
              stepMs={stepMs}
              format={fmtMs}
              marks={marks}
              threshold={{ value: 5000, label: 'P99 5 s alert' }}
            />
          </Card>
          <Card className="p-4">
            <h2 className="mb-2 text-sm font-semibold">Request volume</h2>
            <TimeSeriesChart
              data={series}
              lines={[
                { key: 'total', name: 'Requests' },
                { key: 'failed', name: 'Failed', color: '#ef4444' },
                ...prev('total', 'Requests', '#4f6bed'),
              ]}
              stepMs={stepMs}
              format={fmtCount}
              marks={marks}
            />
          </Card>
          <AlertsPanel alerts={data.alerts} state={state} />
        </div>
      )}
    </div>
  );
}

function AlertsPanel({ alerts, state }: { alerts: Data['alerts']; state: UrlState }) {
  const firing = alerts.events.filter((e) => e.firingNow);
  return (
    <Card className="p-4">
      <h2 className="mb-1 text-sm font-semibold">Alerts</h2>
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
        The built-in checks replayed over the range (success rate &lt; 90% over 10 min · P99 &gt; 5 s over 5 min ·
        AUTH_REQUIRED spike), per minute since {fmtTime(alerts.evaluatedFrom)}. Notifying rules with “for” durations and
        recovery thresholds, acknowledgement and silences are on the{' '}
        <Link href="/alerts" className="text-brand-700 underline dark:text-brand-100">
          Alerts page
        </Link>
        .
      </p>
      <div data-testid="alerts-firing" className="mb-3 text-sm">
        {firing.length ? (
          firing.map((e) => (
            <div
              key={e.rule}
              className="mb-1 rounded-md bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              Firing now: {e.label} (since {fmtTime(e.start)})
            </div>
          ))
        ) : (
          <div className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            Nothing firing now.
          </div>
        )}
      </div>
      {/* A scroll region: focusable, so keyboard users can scroll it (axe scrollable-region-focusable). */}
      <ul
        className="max-h-56 space-y-1 overflow-auto text-xs"
        data-testid="alerts-history"
        tabIndex={0}
        aria-label="Alert history"
      >
        {alerts.events.length === 0 && <li className="text-zinc-500">No alert fired in the range.</li>}
        {alerts.events.slice(0, 50).map((e) => (
          <li key={`${e.rule}-${e.start}`} className="flex flex-wrap gap-x-2">
            <span className="font-medium">{e.rule}</span>
            <span className="text-zinc-500 dark:text-zinc-400">
              {fmtTime(e.start)} → {fmtTime(e.end)}
            </span>
            <span>
              worst{' '}
              {e.rule === 'SUCCESS_RATE_LOW'
                ? fmtPct(e.peak)
                : e.rule === 'P99_HIGH'
                  ? `${fmtPct(e.peak)} over 5 s`
                  : `${e.peak} in 10 min`}
            </span>
            {e.rule === 'AUTH_REQUIRED_SPIKE' && (
              <Link
                className="text-brand-600 hover:underline dark:text-brand-100"
                href={failingUsersHref('AUTH_REQUIRED', state)}
              >
                users
              </Link>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
