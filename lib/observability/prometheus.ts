import { binValue } from './sketch';

/** Bucket bounds (ms) of the exported latency histogram; each sketch bin is counted at its representative value. */
export const HISTOGRAM_LE_MS = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000] as const;

export type MetricsInput = {
  operations: { operationType: string; status: string; n: number }[];
  latency: { operationType: string; bin: number; n: number }[];
  latencySumMs: Map<string, number>;
  logger: Record<string, number>;
  grades: Record<string, number>;
  watermark: number;
  /** The JetStream stage's backlog (OPLOG_STREAM_URL), absent without it. */
  streamLag?: { messages: number; seconds: number } | null;
};

/** Metric names an alert rule can use for the op-log stream's backlog. */
export const STREAM_LAG_METRICS = {
  messages: 'bobbin_oplog_stream_lag_messages',
  seconds: 'bobbin_oplog_stream_lag_seconds',
} as const;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Renders the Prometheus text exposition format (version 0.0.4). Pure, so the format is unit-tested. */
export function renderMetrics(m: MetricsInput): string {
  const out: string[] = [];
  out.push('# HELP bobbin_operations_total Platform operations logged, by type and status (from the rollups).');
  out.push('# TYPE bobbin_operations_total counter');
  for (const o of m.operations)
    out.push(`bobbin_operations_total{operation_type="${esc(o.operationType)}",status="${esc(o.status)}"} ${o.n}`);

  out.push('# HELP bobbin_operation_duration_ms Operation execution time in milliseconds.');
  out.push('# TYPE bobbin_operation_duration_ms histogram');
  const byOp = new Map<string, { bin: number; n: number }[]>();
  for (const l of m.latency) (byOp.get(l.operationType) ?? byOp.set(l.operationType, []).get(l.operationType)!).push(l);
  for (const [op, bins] of [...byOp.entries()].sort()) {
    const label = `operation_type="${esc(op)}"`;
    let total = 0;
    for (const b of bins) total += b.n;
    for (const le of HISTOGRAM_LE_MS) {
      const n = bins.filter((b) => binValue(b.bin) <= le).reduce((a, b) => a + b.n, 0);
      out.push(`bobbin_operation_duration_ms_bucket{${label},le="${le}"} ${n}`);
    }
    out.push(`bobbin_operation_duration_ms_bucket{${label},le="+Inf"} ${total}`);
    out.push(`bobbin_operation_duration_ms_sum{${label}} ${m.latencySumMs.get(op) ?? 0}`);
    out.push(`bobbin_operation_duration_ms_count{${label}} ${total}`);
  }

  for (const [k, v] of Object.entries(m.logger)) {
    const gauge = k === 'buffered';
    out.push(`# HELP bobbin_oplog_logger_${k} Operation logger: ${k}${gauge ? ' (now)' : ' since start'}.`);
    out.push(`# TYPE bobbin_oplog_logger_${k} ${gauge ? 'gauge' : 'counter'}`);
    out.push(`bobbin_oplog_logger_${k}${gauge ? '' : '_total'} ${v}`);
  }

  out.push('# HELP bobbin_session_grade_users Platform users per session-stability grade.');
  out.push('# TYPE bobbin_session_grade_users gauge');
  for (const [g, n] of Object.entries(m.grades)) out.push(`bobbin_session_grade_users{grade="${esc(g)}"} ${n}`);

  out.push(
    '# HELP bobbin_rollup_watermark Transaction-id horizon of the dashboard rollups: every op-log row written by an older transaction is counted.',
  );
  out.push('# TYPE bobbin_rollup_watermark gauge');
  out.push(`bobbin_rollup_watermark ${m.watermark}`);
  if (m.streamLag) {
    out.push(`# HELP ${STREAM_LAG_METRICS.messages} Op-log batches in JetStream not yet written to the log database.`);
    out.push(`# TYPE ${STREAM_LAG_METRICS.messages} gauge`);
    out.push(`${STREAM_LAG_METRICS.messages} ${m.streamLag.messages}`);
    out.push(
      `# HELP ${STREAM_LAG_METRICS.seconds} Age in seconds of the oldest op-log batch not yet written to the log database.`,
    );
    out.push(`# TYPE ${STREAM_LAG_METRICS.seconds} gauge`);
    out.push(`${STREAM_LAG_METRICS.seconds} ${m.streamLag.seconds.toFixed(1)}`);
  }
  return `${out.join('\n')}\n`;
}
