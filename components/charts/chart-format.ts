/** Formatting shared by the dashboard charts and tiles. */
export const fmtPct = (v: number | null | undefined, d = 1) => (v == null ? '–' : `${(v * 100).toFixed(d)}%`);
export const fmtMs = (v: number | null | undefined) =>
  v == null ? '–' : v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 1 : 2)} s` : `${Math.round(v)} ms`;
export const fmtCount = (v: number | null | undefined) => (v == null ? '–' : new Intl.NumberFormat('en-US').format(v));

/** Tick label for a series timestamp, by bucket size. */
export function fmtTick(t: number, stepMs: number): string {
  const d = new Date(t);
  if (stepMs >= 86_400_000) return d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' });
  if (stepMs >= 6 * 3_600_000)
    return `${d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' })} ${d.toISOString().slice(11, 16)}`;
  return d.toISOString().slice(11, 16);
}
export const fmtTime = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Colours that read on white and on zinc-900 alike. */
export const SERIES_COLORS = [
  '#4f6bed',
  '#10b981',
  '#f59e0b',
  '#ef4444',
  '#a855f7',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#64748b',
];
