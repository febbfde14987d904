'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtCount, fmtTick, SERIES_COLORS } from './chart-format';
import { ChartTooltip } from './time-series-chart';

/** Counts per key stacked per time bucket; clicking a bar segment reports its key (e.g. an error type). */
export function StackedBarChart({
  data,
  keys,
  stepMs,
  onSelect,
  height = 260,
}: {
  data: Record<string, number>[];
  keys: string[];
  stepMs: number;
  onSelect?: (key: string) => void;
  height?: number;
}) {
  return (
    <div className="text-zinc-500 dark:text-zinc-400" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis
            dataKey="t"
            tickFormatter={(t: number) => fmtTick(t, stepMs)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(v: number) => fmtCount(v)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            width={56}
          />
          <Tooltip content={<ChartTooltip format={fmtCount} />} cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
          <Legend
            wrapperStyle={{ fontSize: 12, cursor: onSelect ? 'pointer' : undefined }}
            onClick={(e) => onSelect?.(String((e as { dataKey?: unknown }).dataKey))}
          />
          {keys.map((k, i) => (
            <Bar
              key={k}
              dataKey={k}
              name={k}
              stackId="a"
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              isAnimationActive={false}
              cursor={onSelect ? 'pointer' : undefined}
              onClick={() => onSelect?.(k)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
