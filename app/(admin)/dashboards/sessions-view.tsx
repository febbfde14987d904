'use client';

import Link from 'next/link';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { fmtCount, fmtPct } from '@/components/charts/chart-format';
import { Card } from '@/components/ui/page-header';
import type { GradeStats } from '@/db/queries/observability';
import type { UrlState } from './dashboard-toolbar';

const GRADE_COLORS = { STABLE: '#10b981', UNSTABLE: '#f59e0b', CRITICAL: '#ef4444' } as const;

/** Session-stability grades now (from the profiles) and 2FA vs NORMAL average score. */
export function SessionsView({ sessions, state }: { sessions: GradeStats; state: UrlState }) {
  const total = Object.values(sessions.grades).reduce((a, b) => a + b, 0);
  const data = (Object.keys(GRADE_COLORS) as (keyof typeof GRADE_COLORS)[]).map((g) => ({ grade: g, users: sessions.grades[g] }));
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">Stability grades ({fmtCount(total)} users)</h2>
        <ul className="mb-4 grid grid-cols-3 gap-3" data-testid="grade-counts">
          {data.map((d) => (
            <li key={d.grade} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="text-xs font-medium" style={{ color: GRADE_COLORS[d.grade] }}>
                {d.grade}
              </div>
              <div className="text-xl font-semibold tabular-nums">{fmtCount(d.users)}</div>
              <div className="text-xs text-zinc-500">{fmtPct(total ? d.users / total : null)}</div>
              <Link className="text-xs text-brand-600 hover:underline dark:text-brand-100" href={`/support?grade=${d.grade}${state.authType ? `&auth=${state.authType}` : ''}`}>
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
      </Card>
    </div>
  );
}
