import { describe, expect, it } from 'vitest';
import { createApiKey } from '@/db/queries/api-keys';
import { insertOperationLogs } from '@/db/queries/oplog-write';
import { runRollup } from '@/db/queries/observability-rollup';
import { GET as metrics } from '@/app/api/metrics/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { failed, opEntry } from '../support/oplog-factories';

const t = useTestDatabase();

const ctx = { params: Promise.resolve({}) };
const scrape = (auth: string) =>
  metrics(new Request('http://test.local/api/metrics', { headers: { authorization: `Bearer ${auth}` } }), ctx);

describe(`GET /api/metrics (${TEST_DRIVER})`, () => {
  it('serves the rolled-up counters to a metrics:read key and refuses a key without that scope', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const reader = (
      await createApiKey(
        t.handle.db,
        { id: admin.id, label: admin.email },
        { name: 'grafana', scopes: ['metrics:read'] },
      )
    ).key;
    const writer = (
      await createApiKey(t.handle.db, { id: admin.id, label: admin.email }, { name: 'ingest', scopes: ['oplog:write'] })
    ).key;
    await insertOperationLogs(t.log.query, [
      opEntry({ executionTimeMs: 40 }),
      opEntry({ executionTimeMs: 700 }),
      failed('TIMEOUT', { executionTimeMs: 20_000 }),
    ]);
    await runRollup(t.log.db);

    expect((await scrape(writer)).status).toBe(401);
    const res = await scrape(reader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const lines = (await res.text()).split('\n');
    expect(lines).toContain('bobbin_operations_total{operation_type="GET_REVIEWS",status="SUCCESS"} 2');
    expect(lines).toContain('bobbin_operations_total{operation_type="GET_REVIEWS",status="FAILED"} 1');
    expect(lines).toContain('bobbin_operation_duration_ms_bucket{operation_type="GET_REVIEWS",le="1000"} 2');
    expect(lines).toContain('bobbin_operation_duration_ms_count{operation_type="GET_REVIEWS"} 3');
    expect(lines).toContain('bobbin_operation_duration_ms_sum{operation_type="GET_REVIEWS"} 20740');
    expect(lines.some((l) => l.startsWith('bobbin_session_grade_users{grade="STABLE"}'))).toBe(true);
  });
});
