'use client';

import { useState } from 'react';
import { fmtCount, fmtMs, fmtPct } from '@/components/charts/chart-format';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { Card } from '@/components/ui/page-header';
import type { ChartMark } from '@/lib/alerts/marks';
import { EmptyState } from '@/components/ui/empty-state';
import type { OperationRow } from '@/lib/server/dashboard-data';

type SortKey = 'operationType' | 'total' | 'successRate' | 'p50' | 'p95' | 'p99';
const COLS: [SortKey, string, (r: OperationRow) => string][] = [
  ['operationType', 'Operation', (r) => r.operationType],
  ['total', 'Requests', (r) => fmtCount(r.total)],
  ['successRate', 'Success rate', (r) => fmtPct(r.successRate)],
  ['p50', 'P50', (r) => fmtMs(r.p50)],
  ['p95', 'P95', (r) => fmtMs(r.p95)],
  ['p99', 'P99', (r) => fmtMs(r.p99)],
];

/** Per operation type: a sortable table and small multiples (success rate and P95 over time). */
export function OperationsView({ rows, stepMs, marks }: { rows: OperationRow[]; stepMs: number; marks: ChartMark[] }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'total', desc: true });
  if (!rows.length)
    return (
      <Card className="p-6">
        <EmptyState title="No operations in this range" />
      </Card>
    );
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key] ?? -1;
    const y = b[sort.key] ?? -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y)) : (x as number) - (y as number);
    return sort.desc ? -c : c;
  });
  return (
    <div className="space-y-6">
      <Card className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="operations-table">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              {COLS.map(([k, label]) => (
                <th
                  key={k}
                  className="px-4 py-2"
                  aria-sort={sort.key === k ? (sort.desc ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    className="font-medium hover:text-zinc-900 dark:hover:text-zinc-100"
                    onClick={() => setSort({ key: k, desc: sort.key === k ? !sort.desc : k !== 'operationType' })}
                  >
                    {label} {sort.key === k ? (sort.desc ? '↓' : '↑') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.operationType} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                {COLS.map(([k, , f]) => (
                  <td
                    key={k}
                    className={`px-4 py-2 ${k === 'operationType' ? 'font-medium' : 'tabular-nums'} ${k === 'successRate' && (r.successRate ?? 1) < 0.9 ? 'text-red-600 dark:text-red-400' : ''}`}
                  >
                    {f(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {sorted.map((r) => (
          <Card key={r.operationType} className="p-3">
            <h2 className="mb-1 text-xs font-semibold">{r.operationType}</h2>
            <TimeSeriesChart
              data={r.series}
              lines={[{ key: 'successRate', name: 'Success', color: '#10b981' }]}
              stepMs={stepMs}
              marks={marks}
              format={(v) => fmtPct(v, 0)}
              threshold={{ value: 0.9, label: '90%' }}
              height={120}
              domain={[0, 1]}
            />
            <TimeSeriesChart
              data={r.series}
              lines={[{ key: 'p95', name: 'P95', color: '#f59e0b' }]}
              stepMs={stepMs}
              marks={marks}
              format={fmtMs}
              height={120}
            />
          </Card>
        ))}
      </div>
    </div>
  );
}
