/** The alert rules of docs/domain.md §5, evaluated on per-minute rollup counts. */
export const ALERT_RULES = {
  SUCCESS_RATE_LOW: { label: 'Success rate below 90% over 10 min', windowMin: 10, threshold: 0.9 },
  P99_HIGH: { label: 'P99 latency above 5 s over 5 min', windowMin: 5, threshold: 5000 },
  AUTH_REQUIRED_SPIKE: {
    label: 'AUTH_REQUIRED spike (10 min ≥ 3× the hour before, at least 10)',
    windowMin: 10,
    threshold: 3,
  },
} as const;
export type AlertRule = keyof typeof ALERT_RULES;
/** Fewer operations than this in a window say nothing about a rate or a P99: no alert. */
export const ALERT_MIN_OPS = 20;
export const AUTH_SPIKE_MIN = 10;
/** The P99 rule's threshold; the rollups count operations above it per bucket (oplog_rollup_counts.slow). */
export const ALERT_SLOW_MS = ALERT_RULES.P99_HIGH.threshold;
const AUTH_BASELINE_MIN = 60;

export type MinutePoint = { t: number; total: number; success: number; authRequired: number; slow?: number };
export type AlertEvent = {
  rule: AlertRule;
  label: string;
  start: number;
  end: number;
  peak: number;
  firingNow: boolean;
};

const MINUTE = 60_000;

/** Fills the minutes between from and to (ms, minute-aligned) with zeros where no rollup row exists. */
export function denseMinutes(points: readonly MinutePoint[], from: number, to: number): MinutePoint[] {
  const byT = new Map(points.map((p) => [p.t, p]));
  const out: MinutePoint[] = [];
  for (let t = from; t < to; t += MINUTE) out.push(byT.get(t) ?? { t, total: 0, success: 0, authRequired: 0 });
  return out;
}

/** The value a rule sees for the window ending at minute i, and whether it fires. */
export function ruleValue(
  rule: AlertRule,
  minutes: readonly MinutePoint[],
  i: number,
): { value: number; fires: boolean } {
  const w = ALERT_RULES[rule].windowMin;
  const win = minutes.slice(Math.max(0, i - w + 1), i + 1);
  if (rule === 'SUCCESS_RATE_LOW') {
    const total = win.reduce((a, p) => a + p.total, 0);
    const success = win.reduce((a, p) => a + p.success, 0);
    const rate = total ? success / total : 1;
    return { value: rate, fires: total >= ALERT_MIN_OPS && rate < ALERT_RULES.SUCCESS_RATE_LOW.threshold };
  }
  if (rule === 'P99_HIGH') {
    // Exact from counts, no sketch: percentile_cont's P99 lies between the order statistics at ranks
    // ⌊0.99(n−1)⌋ and ⌈0.99(n−1)⌉; the rule fires when the lower one is slower than 5 s, i.e. when at least
    // n − ⌊0.99(n−1)⌋ operations are. The value is the share of operations slower than 5 s.
    const total = win.reduce((a, p) => a + p.total, 0);
    const slow = win.reduce((a, p) => a + (p.slow ?? 0), 0);
    const needed = total - Math.floor(0.99 * (total - 1));
    return { value: total ? slow / total : 0, fires: total >= ALERT_MIN_OPS && slow >= needed };
  }
  const now = win.reduce((a, p) => a + p.authRequired, 0);
  const before = minutes.slice(Math.max(0, i - w + 1 - AUTH_BASELINE_MIN), Math.max(0, i - w + 1));
  const baseline = (before.reduce((a, p) => a + p.authRequired, 0) / AUTH_BASELINE_MIN) * w;
  return { value: now, fires: now >= AUTH_SPIKE_MIN && now >= ALERT_RULES.AUTH_REQUIRED_SPIKE.threshold * baseline };
}

/**
 * Evaluates every rule at every minute from `evalFrom` (the minutes before it only feed windows and
 * baselines) and merges consecutive firing minutes into events; an event reaching the last minute is firing now.
 */
export function evaluateAlerts(minutes: readonly MinutePoint[], evalFrom: number): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const rule of Object.keys(ALERT_RULES) as AlertRule[]) {
    let open: AlertEvent | null = null;
    for (let i = 0; i < minutes.length; i++) {
      const m = minutes[i]!;
      if (m.t < evalFrom) continue;
      const { value, fires } = ruleValue(rule, minutes, i);
      if (fires) {
        const worse = (v: number, peak: number) => (rule === 'SUCCESS_RATE_LOW' ? v < peak : v > peak);
        if (!open)
          open = { rule, label: ALERT_RULES[rule].label, start: m.t, end: m.t + MINUTE, peak: value, firingNow: false };
        else {
          open.end = m.t + MINUTE;
          if (worse(value, open.peak)) open.peak = value;
        }
      } else if (open) {
        events.push(open);
        open = null;
      }
    }
    if (open) {
      open.firingNow = true;
      events.push(open);
    }
  }
  return events.sort((a, b) => b.start - a.start);
}
