/** A headline number with its change against the previous period; `goodWhenUp` colours the change. */
export function StatTile({
  label,
  value,
  current,
  previous,
  goodWhenUp,
  testId,
}: {
  label: string;
  value: string;
  current: number | null;
  previous: number | null;
  goodWhenUp: boolean;
  testId?: string;
}) {
  let change: React.ReactNode = <span className="text-zinc-500">no previous data</span>;
  if (current != null && previous != null && previous !== 0) {
    const pct = ((current - previous) / Math.abs(previous)) * 100;
    const good = pct === 0 ? null : pct > 0 === goodWhenUp;
    const tone =
      good == null
        ? 'text-zinc-500'
        : good
          ? 'text-emerald-700 dark:text-emerald-400'
          : 'text-red-600 dark:text-red-400';
    change = (
      <span className={tone}>
        {pct > 0 ? '▲' : pct < 0 ? '▼' : '='} {Math.abs(pct).toFixed(1)}% vs previous period
      </span>
    );
  }
  return (
    <div
      className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={testId}
    >
      <div className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </div>
      <div className="mt-1 text-xs">{change}</div>
    </div>
  );
}
