'use client';

import { fmtCount, fmtMs, fmtPct } from '@/components/charts/chart-format';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { Card } from '@/components/ui/page-header';
import type { ChartMark } from '@/lib/alerts/marks';
import { EmptyState } from '@/components/ui/empty-state';
import type { ProxyRow } from '@/lib/server/dashboard-data';

/** Per proxy, worst success rate first; the five worst charted over time. */
export function ProxiesView({ rows, stepMs, marks }: { rows: ProxyRow[]; stepMs: number; marks: ChartMark[] }) {
  if (!rows.length)
    return (
      <Card className="p-6">
        <EmptyState title="No proxied operations in this range" />
      </Card>
    );
  const worst = rows.slice(0, 5);
  const merged = worst[0]!.series.map((pt, i) =>
    Object.fromEntries([
      ['t', pt.t],
      ...worst.flatMap((r) => [
        [`sr:${r.proxy}`, r.series[i]!.successRate],
        [`p95:${r.proxy}`, r.series[i]!.p95],
      ]),
    ]),
  );
  return (
    <div className="space-y-6">
      <Card className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="proxies-table">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="px-4 py-2">Proxy</th>
              <th className="px-4 py-2">Requests</th>
              <th className="px-4 py-2">Success rate</th>
              <th className="px-4 py-2">P95</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.proxy} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                <td className="px-4 py-2 font-medium">{r.proxy}</td>
                <td className="px-4 py-2 tabular-nums">{fmtCount(r.total)}</td>
                <td
                  className={`px-4 py-2 tabular-nums ${(r.successRate ?? 1) < 0.9 ? 'text-red-600 dark:text-red-400' : ''}`}
                >
                  {fmtPct(r.successRate)}
                </td>
                <td className="px-4 py-2 tabular-nums">{fmtMs(r.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Success rate, five worst proxies</h2>
          <TimeSeriesChart
            data={merged}
            lines={worst.map((r) => ({ key: `sr:${r.proxy}`, name: r.proxy }))}
            stepMs={stepMs}
            marks={marks}
            format={(v) => fmtPct(v)}
            threshold={{ value: 0.9, label: '90%' }}
            domain={[0, 1]}
          />
        </Card>
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">P95 latency, five worst proxies</h2>
          <TimeSeriesChart
            data={merged}
            lines={worst.map((r) => ({ key: `p95:${r.proxy}`, name: r.proxy }))}
            stepMs={stepMs}
            marks={marks}
            format={fmtMs}
          />
        </Card>
      </div>
    </div>
  );
}
