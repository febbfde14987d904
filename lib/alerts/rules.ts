/**
 * Alert rules as data (issue #16): what a rule measures, and the state machine one evaluation advances.
 * Pure: the job (lib/server/alerts.ts) measures each rule from the rollups and feeds `stepRule` one sample per run.
 */

export const ALERT_METRICS = [
  'success_rate',
  'p95_latency',
  'p99_latency',
  'error_type_failures',
  'auth_required_spike',
  'ingest_lag',
  'low_stock_count',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** What defines a rule: the one shape the form, the queries and the messages share. */
export type AlertRuleDefinition = {
  name: string;
  metric: AlertMetric;
  errorType: string | null;
  operationType: string | null;
  proxy: string | null;
  authType: string | null;
  windowMinutes: number;
  threshold: number;
  recoveryThreshold: number | null;
  forSeconds: number;
  minVolume: number;
};

export const ALERT_STATES = ['ok', 'pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

type MetricInfo = {
  label: string;
  /** `below`: the rule breaches when the value drops under the threshold (success rate); else above it. */
  direction: 'below' | 'above';
  unit: 'ratio' | 'ms' | 'count' | 'x' | 's';
  /** Whether the operation type / proxy / auth type filters apply (the others read unfiltered data). */
  filters: boolean;
};

export const METRIC_INFO: Record<AlertMetric, MetricInfo> = {
  success_rate: { label: 'Success rate', direction: 'below', unit: 'ratio', filters: true },
  p95_latency: { label: 'P95 latency', direction: 'above', unit: 'ms', filters: true },
  p99_latency: { label: 'P99 latency', direction: 'above', unit: 'ms', filters: true },
  error_type_failures: { label: 'Failures of an error type', direction: 'above', unit: 'count', filters: true },
  // Read from the per-minute alert rollup (all operations), like the overview's built-in alert.
  auth_required_spike: {
    label: 'AUTH_REQUIRED spike (× the hour before)',
    direction: 'above',
    unit: 'x',
    filters: false,
  },
  ingest_lag: {
    label: 'Ingest lag (oldest op-log row not yet on the dashboards)',
    direction: 'above',
    unit: 's',
    filters: false,
  },
  low_stock_count: { label: 'Low-stock levels', direction: 'above', unit: 'count', filters: false },
};

/** What the state machine needs from a rule. Times in ms, durations in seconds. */
export type RuleSpec = {
  metric: AlertMetric;
  threshold: number;
  /** Hysteresis: a firing rule resolves only once the value is back past this (null: the threshold itself). */
  recoveryThreshold: number | null;
  forSeconds: number;
  /** Below this volume (operations in the window) the value says nothing: no breach, and no recovery either. */
  minVolume: number;
};

/** One measurement: `value` null when there was nothing to measure. */
export type Sample = { value: number | null; volume: number };

export type RuleStatus = { state: AlertState; since: number };
export type Transition = { from: AlertState; to: AlertState; at: number; value: number | null };

const meaningful = (spec: RuleSpec, s: Sample): s is { value: number; volume: number } =>
  s.value !== null && Number.isFinite(s.value) && s.volume >= spec.minVolume;

export function breaches(spec: RuleSpec, value: number): boolean {
  return METRIC_INFO[spec.metric].direction === 'below' ? value < spec.threshold : value > spec.threshold;
}

/** Back on the good side of the recovery threshold (defaults to the threshold). */
export function recovered(spec: RuleSpec, value: number): boolean {
  const r = spec.recoveryThreshold ?? spec.threshold;
  return METRIC_INFO[spec.metric].direction === 'below' ? value >= r : value <= r;
}

/** Why a rule's numbers do not make sense, per field (null when they do). */
export function ruleProblems(spec: RuleSpec): Partial<Record<'threshold' | 'recoveryThreshold', string>> | null {
  const out: Partial<Record<'threshold' | 'recoveryThreshold', string>> = {};
  if (METRIC_INFO[spec.metric].unit === 'ratio' && (spec.threshold < 0 || spec.threshold > 1))
    out.threshold = 'A rate is between 0 and 1 (0.9 = 90%).';
  if (spec.recoveryThreshold !== null) {
    const below = METRIC_INFO[spec.metric].direction === 'below';
    if (below ? spec.recoveryThreshold < spec.threshold : spec.recoveryThreshold > spec.threshold) {
      out.recoveryThreshold = below
        ? 'The recovery threshold must be at or above the threshold (the rate has to climb back further than where it fired).'
        : 'The recovery threshold must be at or below the threshold (the value has to fall back further than where it fired).';
    }
  }
  return Object.keys(out).length ? out : null;
}

/**
 * One evaluation at `now`: ok/resolved → pending on a breach (→ firing at once when `for` is 0); pending → firing
 * once it has breached for `forSeconds`, back to ok on the first sample that does not breach; firing → resolved
 * only when the value has recovered past the recovery threshold. A sample under the minimum volume neither
 * breaches nor recovers: a pending rule drops back to ok, a firing one stays firing (an incident during which
 * traffic stopped is not declared over).
 */
export function stepRule(
  spec: RuleSpec,
  prev: RuleStatus,
  sample: Sample,
  now: number,
): { status: RuleStatus; transitions: Transition[] } {
  const ok = meaningful(spec, sample);
  const t = (from: AlertState, to: AlertState): Transition => ({ from, to, at: now, value: sample.value });
  switch (prev.state) {
    case 'ok':
    case 'resolved': {
      if (!ok || !breaches(spec, sample.value)) return { status: prev, transitions: [] };
      if (spec.forSeconds <= 0)
        return {
          status: { state: 'firing', since: now },
          transitions: [t(prev.state, 'pending'), t('pending', 'firing')],
        };
      return { status: { state: 'pending', since: now }, transitions: [t(prev.state, 'pending')] };
    }
    case 'pending': {
      if (!ok || !breaches(spec, sample.value))
        return { status: { state: 'ok', since: now }, transitions: [t('pending', 'ok')] };
      if (now - prev.since >= spec.forSeconds * 1000)
        return { status: { state: 'firing', since: now }, transitions: [t('pending', 'firing')] };
      return { status: prev, transitions: [] };
    }
    case 'firing': {
      if (ok && recovered(spec, sample.value))
        return { status: { state: 'resolved', since: now }, transitions: [t('firing', 'resolved')] };
      return { status: prev, transitions: [] };
    }
  }
}

/** The AUTH_REQUIRED spike value: count in the last `windowMin` minutes ÷ the hour before, scaled to the window. */
export function authSpike(
  minutes: readonly { t: number; authRequired: number }[],
  end: number,
  windowMin: number,
): Sample {
  const MIN = 60_000;
  const from = end - windowMin * MIN;
  const now = minutes.filter((m) => m.t >= from && m.t < end).reduce((a, m) => a + m.authRequired, 0);
  const before = minutes.filter((m) => m.t >= from - 60 * MIN && m.t < from).reduce((a, m) => a + m.authRequired, 0);
  // An hour with (almost) none would make any count an infinite spike: the baseline is at least 1 per window.
  const baseline = Math.max((before / 60) * windowMin, 1);
  return { value: now / baseline, volume: now };
}

/** Formats a value for messages and the UI. */
export function formatMetricValue(metric: AlertMetric, v: number | null): string {
  if (v === null) return 'no data';
  switch (METRIC_INFO[metric].unit) {
    case 'ratio':
      return `${(v * 100).toFixed(1)}%`;
    case 'ms':
      return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
    case 'x':
      return `${v.toFixed(1)}×`;
    case 's':
      return `${Math.round(v)} s`;
    default:
      return String(Math.round(v));
  }
}

/** The rule in one line, e.g. "Success rate below 90.0% over 10 min for 2 min (recovers at 95.0%)". */
export function describeRule(r: RuleSpec & { windowMinutes: number; errorType?: string | null }): string {
  const info = METRIC_INFO[r.metric];
  const what = r.metric === 'error_type_failures' ? `${r.errorType ?? '?'} failures` : info.label;
  const window = r.metric === 'low_stock_count' || r.metric === 'ingest_lag' ? '' : ` over ${r.windowMinutes} min`;
  const forPart = r.forSeconds > 0 ? ` for ${Math.round(r.forSeconds / 60)} min` : '';
  const rec = r.recoveryThreshold !== null ? ` (recovers at ${formatMetricValue(r.metric, r.recoveryThreshold)})` : '';
  return `${what} ${info.direction} ${formatMetricValue(r.metric, r.threshold)}${window}${forPart}${rec}`;
}
