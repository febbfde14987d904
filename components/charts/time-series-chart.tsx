'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtTick, fmtTime, SERIES_COLORS } from './chart-format';

export type LineDef = { key: string; name: string; color?: string };
export type Threshold = { value: number; label: string };

/** A time series with optional threshold lines; axis text and grid follow the theme through currentColor. */
export function TimeSeriesChart({
  data,
  lines,
  stepMs,
  format,
  threshold,
  height = 240,
  domain,
}: {
  data: Record<string, number | null>[];
  lines: LineDef[];
  stepMs: number;
  format: (v: number) => string;
  threshold?: Threshold;
  height?: number;
  domain?: [number | 'auto', number | 'auto'];
}) {
  return (
    <div className="text-zinc-500 dark:text-zinc-400" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="t" tickFormatter={(t: number) => fmtTick(t, stepMs)} stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => format(v)} stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} width={64} domain={domain ?? ['auto', 'auto']} />
          <Tooltip content={<ChartTooltip format={format} />} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {threshold && (
            <ReferenceLine y={threshold.value} stroke="#ef4444" strokeDasharray="6 4" label={{ value: threshold.label, position: 'insideTopRight', fill: '#ef4444', fontSize: 11 }} />
          )}
          {lines.map((l, i) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.color ?? SERIES_COLORS[i % SERIES_COLORS.length]} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

type TooltipProps = { active?: boolean; label?: number; payload?: { name?: string; value?: number; color?: string }[]; format: (v: number) => string };

/** A tooltip styled with the theme (recharts' default is white on white in dark mode). */
export function ChartTooltip({ active, label, payload, format }: TooltipProps) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100">
      {label != null && <div className="mb-1 font-medium">{fmtTime(label)}</div>}
      {payload.map((p) => (
        <div key={p.name} className="flex items-center gap-2">
          <span className="inline-block size-2 rounded-full" style={{ background: p.color }} />
          <span>{p.name}</span>
          <span className="ml-auto tabular-nums">{p.value == null ? '–' : format(p.value)}</span>
        </div>
      ))}
    </div>
  );
}
