'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { fmtTick, fmtTime, SERIES_COLORS } from './chart-format';

/** `dashed`: a comparison line (the previous period shifted onto this one). */
export type LineDef = { key: string; name: string; color?: string; dashed?: boolean };
export type Threshold = { value: number; label: string };
import type { ChartMark } from '@/lib/alerts/marks';

export type { ChartMark };

const MARK_COLOR = { alert: '#ef4444', note: '#6366f1' } as const;

/**
 * A dot only where a point has no neighbour on either side: with gaps left as gaps, a lone bucket between two
 * empty ones would otherwise be invisible.
 */
function loneDot(data: Record<string, number | null>[], key: string, color: string) {
  function LoneDot(props: { cx?: number; cy?: number; index?: number }) {
    const i = props.index ?? 0;
    const lone = data[i]?.[key] != null && data[i - 1]?.[key] == null && data[i + 1]?.[key] == null;
    if (!lone || props.cx == null || props.cy == null) return <g key={`${key}-${i}`} />;
    return <circle key={`${key}-${i}`} cx={props.cx} cy={props.cy} r={2.5} fill={color} />;
  }
  return LoneDot;
}

/** A time series with optional threshold lines; axis text and grid follow the theme through currentColor. */
export function TimeSeriesChart({
  data,
  lines,
  stepMs,
  format,
  threshold,
  height = 240,
  domain,
  marks = [],
}: {
  data: Record<string, number | null>[];
  lines: LineDef[];
  stepMs: number;
  format: (v: number) => string;
  threshold?: Threshold;
  height?: number;
  domain?: [number | 'auto', number | 'auto'];
  marks?: ChartMark[];
}) {
  const first = (data[0]?.t as number | undefined) ?? 0;
  const last = ((data[data.length - 1]?.t as number | undefined) ?? 0) + stepMs;
  // Marks clipped to the chart's range; a period still open runs to its end.
  const shown = marks
    .filter((m) => m.start < last && (m.end ?? m.start) >= first)
    .map((m) => ({ ...m, x1: Math.max(m.start, first), x2: m.end === null ? null : Math.min(m.end, last) }));
  return (
    <div className="text-zinc-500 dark:text-zinc-400" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          {/* A time axis (not one category per point), so marks can sit between buckets. */}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[first, last]}
            allowDataOverflow
            tickFormatter={(t: number) => fmtTick(t, stepMs)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(v: number) => format(v)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            width={64}
            domain={domain ?? ['auto', 'auto']}
          />
          <Tooltip content={<ChartTooltip format={format} />} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {threshold && (
            <ReferenceLine
              y={threshold.value}
              stroke="#ef4444"
              strokeDasharray="6 4"
              label={{ value: threshold.label, position: 'insideTopRight', fill: '#ef4444', fontSize: 11 }}
            />
          )}
          {shown.map((m, i) =>
            m.x2 !== null && m.x2 > m.x1 ? (
              <ReferenceArea
                key={`m${i}`}
                x1={m.x1}
                x2={m.x2}
                fill={MARK_COLOR[m.kind]}
                fillOpacity={0.1}
                stroke={MARK_COLOR[m.kind]}
                strokeOpacity={0.3}
                label={{ value: m.label, position: 'insideTopLeft', fill: MARK_COLOR[m.kind], fontSize: 10 }}
              />
            ) : (
              <ReferenceLine
                key={`m${i}`}
                x={m.x1}
                stroke={MARK_COLOR[m.kind]}
                strokeDasharray="3 3"
                label={{ value: m.label, position: 'insideTopLeft', fill: MARK_COLOR[m.kind], fontSize: 10 }}
              />
            ),
          )}
          {/* No data is a gap, never a line drawn across it (connectNulls off; empty buckets are null). */}
          {lines.map((l, i) => {
            const color = l.color ?? SERIES_COLORS[i % SERIES_COLORS.length]!;
            return (
              <Line
                key={l.key}
                type="linear"
                dataKey={l.key}
                name={l.name}
                stroke={color}
                strokeOpacity={l.dashed ? 0.6 : 1}
                strokeDasharray={l.dashed ? '5 4' : undefined}
                dot={loneDot(data, l.key, color)}
                activeDot={{ r: 3 }}
                strokeWidth={l.dashed ? 1.5 : 2}
                connectNulls={false}
                isAnimationActive={false}
              />
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

type TooltipProps = {
  active?: boolean;
  label?: number;
  payload?: { name?: string; value?: number; color?: string }[];
  format: (v: number) => string;
};

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
