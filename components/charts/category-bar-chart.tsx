'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtCount } from './chart-format';

/** Counts per category (answer options, sizes, days) as vertical bars; axis text follows the theme. */
export function CategoryBarChart({
  data,
  height = 200,
  color = '#4f6bed',
  label = 'Responses',
}: {
  data: { label: string; value: number }[];
  height?: number;
  color?: string;
  label?: string;
}) {
  return (
    <div className="text-zinc-500 dark:text-zinc-400" style={{ height }} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="label" stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} interval={0} />
          <YAxis
            allowDecimals={false}
            tickFormatter={(v: number) => fmtCount(v)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            width={36}
          />
          <Tooltip
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
          />
          <Bar dataKey="value" name={label} fill={color} isAnimationActive={false} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
