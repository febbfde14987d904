'use client';

import Link from 'next/link';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fmtCount, fmtPct, fmtTick } from '@/components/charts/chart-format';
import { ChartTooltip, TimeSeriesChart } from '@/components/charts/time-series-chart';
import { Card } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import type { SessionsView as SessionsData } from '@/lib/server/dashboard-data';
import type { UrlState } from './dashboard-toolbar';

const GRADE_COLORS = { STABLE: '#10b981', UNSTABLE: '#f59e0b', CRITICAL: '#ef4444' } as const;

const GRADES = Object.keys(GRADE_COLORS) as (keyof typeof GRADE_COLORS)[];

/** Session-stability grades now (from the profiles), 2FA vs NORMAL average score, and both over the range. */
export function SessionsView({ sessions, state, stepMs }: { sessions: SessionsData; state: UrlState; stepMs: number }) {
  const total = Object.values(sessions.grades).reduce((a, b) => a + b, 0);
  const trendStepMs = Math.max(3_600_000, stepMs);
  const scores = sessions.trend.map((p) => ({
    t: p.t,
    twoFa: p.avgScoreByAuth['2FA'].avgScore,
    normal: p.avgScoreByAuth.NORMAL.avgScore,
  }));
  const data = GRADES.map((g) => ({ grade: g, users: sessions.grades[g] }));
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">Stability grades ({fmtCount(total)} users)</h2>
        <ul className="mb-4 grid grid-cols-3 gap-3" data-testid="grade-counts">
          {data.map((d) => (
            <li key={d.grade} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              {/* The grade's colour on a dot (the charts' key); the word stays in body text, which meets 4.5:1. */}
              <div className="flex items-center gap-1.5 text-xs font-medium">
                <span
                  aria-hidden="true"
                  className="size-2 rounded-full"
                  style={{ backgroundColor: GRADE_COLORS[d.grade] }}
                />
                {d.grade}
              </div>
              <div className="text-xl font-semibold tabular-nums">{fmtCount(d.users)}</div>
              <div className="text-xs text-zinc-500">{fmtPct(total ? d.users / total : null)}</div>
              <Link
                className="text-xs text-brand-600 hover:underline dark:text-brand-100"
                href={`/support?grade=${d.grade}${state.authType ? `&auth=${state.authType}` : ''}`}
              >
                users
              </Link>
            </li>
          ))}
        </ul>
        <div className="h-48 text-zinc-500 dark:text-zinc-400">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data}>
              <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="grade" stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} />
              <YAxis stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} width={48} />
              <Bar dataKey="users" name="Users" isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.grade} fill={GRADE_COLORS[d.grade]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">2FA vs NORMAL</h2>
        <table className="w-full text-sm" data-testid="auth-scores">
          <thead className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-1">Auth type</th>
              <th className="py-1">Users</th>
              <th className="py-1">Average stability score</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(sessions.avgScoreByAuth).map(([auth, s]) => (
              <tr key={auth}>
                <td className="py-1 font-medium">{auth}</td>
                <td className="py-1 tabular-nums">{fmtCount(s.users)}</td>
                <td className="py-1 tabular-nums">{s.avgScore.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.trend.length > 0 && (
          <div className="mt-6">
            <h3 className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
              Average stability score over the range ({sessions.resolution} snapshots)
            </h3>
            <TimeSeriesChart
              data={scores}
              lines={[
                { key: 'twoFa', name: '2FA', color: '#a855f7' },
                { key: 'normal', name: 'NORMAL', color: '#4f6bed' },
              ]}
              stepMs={trendStepMs}
              format={(v) => v.toFixed(1)}
              height={200}
              domain={[0, 100]}
            />
          </div>
        )}
      </Card>
      <GradeTrend sessions={sessions} stepMs={trendStepMs} />
    </div>
  );
}

/** Shares of each grade over the range (stacked to 100%), from the hourly snapshots. */
function GradeTrend({ sessions, stepMs }: { sessions: SessionsData; stepMs: number }) {
  const shares = sessions.trend.map((p) => {
    const n = p.grades.STABLE + p.grades.UNSTABLE + p.grades.CRITICAL;
    return { t: p.t, ...Object.fromEntries(GRADES.map((g) => [g, n ? p.grades[g] / n : 0])) };
  });
  return (
    <Card className="p-4 xl:col-span-2">
      <div data-testid="grade-trend">
        <h2 className="mb-3 text-sm font-semibold">Grades over time ({sessions.resolution} snapshots)</h2>
        {shares.length === 0 ? (
          <EmptyState title="No snapshots in this range yet">
            The rollup job records the grade distribution every hour; the trend starts with the first one.
          </EmptyState>
        ) : (
          <div className="h-64 text-zinc-500 dark:text-zinc-400">
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={shares} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
                <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis
                  dataKey="t"
                  tickFormatter={(t: number) => fmtTick(t, stepMs)}
                  stroke="currentColor"
                  tick={{ fill: 'currentColor', fontSize: 11 }}
                  minTickGap={24}
                />
                <YAxis
                  tickFormatter={(v: number) => fmtPct(v, 0)}
                  stroke="currentColor"
                  tick={{ fill: 'currentColor', fontSize: 11 }}
                  width={48}
                  domain={[0, 1]}
                />
                <Tooltip content={<ChartTooltip format={(v) => fmtPct(v)} />} />
                {/* In grade order (recharts sorts legend entries by name otherwise). */}
                <Legend
                  wrapperStyle={{ fontSize: 12 }}
                  itemSorter={(item) => GRADES.indexOf(item.value as (typeof GRADES)[number])}
                />
                {/* STABLE at the bottom of the stack, CRITICAL on top, in the legend's reading order. */}
                {GRADES.map((g) => (
                  <Area
                    key={g}
                    type="stepAfter"
                    dataKey={g}
                    name={g}
                    stackId="grades"
                    stroke={GRADE_COLORS[g]}
                    fill={GRADE_COLORS[g]}
                    fillOpacity={0.55}
                    isAnimationActive={false}
                  />
                ))}
              </AreaChart>
            </ResponsiveContainer>
          </div>
        )}
      </div>
    </Card>
  );
}
