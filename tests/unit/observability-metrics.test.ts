import { describe, expect, it } from 'vitest';
import { renderMetrics } from '@/lib/observability/prometheus';
import { sketchBin } from '@/lib/observability/sketch';

describe('Prometheus text format', () => {
  it('renders counters, a cumulative latency histogram, logger counters and grade gauges', () => {
    const text = renderMetrics({
      operations: [
        { operationType: 'GET_REVIEWS', status: 'SUCCESS', n: 90 },
        { operationType: 'GET_REVIEWS', status: 'FAILED', n: 10 },
      ],
      latency: [
        { operationType: 'GET_REVIEWS', bin: sketchBin(40), n: 60 },
        { operationType: 'GET_REVIEWS', bin: sketchBin(700), n: 30 },
        { operationType: 'GET_REVIEWS', bin: sketchBin(20_000), n: 10 },
      ],
      latencySumMs: new Map([['GET_REVIEWS', 123456]]),
      logger: { logged: 5, buffered: 1, written: 4, retried: 0, dropped: 0 },
      grades: { STABLE: 3, UNSTABLE: 2, CRITICAL: 1 },
      watermark: 100,
      streamLag: { messages: 7, seconds: 12.345 },
    });
    const lines = text.trim().split('\n');
    expect(lines).toContain('# TYPE bobbin_operations_total counter');
    expect(lines).toContain('bobbin_operations_total{operation_type="GET_REVIEWS",status="FAILED"} 10');
    expect(lines).toContain('bobbin_operation_duration_ms_bucket{operation_type="GET_REVIEWS",le="50"} 60');
    expect(lines).toContain('bobbin_operation_duration_ms_bucket{operation_type="GET_REVIEWS",le="1000"} 90');
    expect(lines).toContain('bobbin_operation_duration_ms_bucket{operation_type="GET_REVIEWS",le="+Inf"} 100');
    expect(lines).toContain('bobbin_operation_duration_ms_sum{operation_type="GET_REVIEWS"} 123456');
    expect(lines).toContain('bobbin_oplog_logger_written_total 4');
    expect(lines).toContain('bobbin_oplog_logger_buffered 1');
    expect(lines).toContain('bobbin_session_grade_users{grade="CRITICAL"} 1');
    expect(lines).toContain('bobbin_oplog_stream_lag_messages 7');
    expect(lines).toContain('bobbin_oplog_stream_lag_seconds 12.3');
    // Every sample line is `name{labels} value`.
    for (const l of lines.filter((x) => !x.startsWith('#'))) expect(l).toMatch(/^[a-z_]+(\{[^}]*\})? [0-9.]+$/);
  });
});
