import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { insertOperationLogs } from '@/db/queries/oplog-write';
import { applyRetention, ensurePartitions, planRetention } from '@/db/queries/oplog-maintenance';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from '../support/test-db';
import { failed, opEntry } from '../support/oplog-factories';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const NOW = new Date('2026-11-15T12:00:00Z');
const mid = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 15));
const counts = async () =>
  rowsOf<{ month: string; status: string; hot: number; archived: number }>(
    await t.log.db.execute(sql`
      select to_char(created_at, 'YYYY-MM') as month, status, sum(hot)::int as hot, sum(archived)::int as archived from (
        select created_at, status, 1 as hot, 0 as archived from operation_logs
        union all select created_at, status, 0, 1 from operation_logs_archive) x
      group by 1, 2 order by 1, 2`),
  );

describe(`retention (${TEST_DRIVER})`, () => {
  it('archives and drops exactly what the policy says, by whole partitions', async () => {
    // Months around the thresholds at NOW = 2026-11-15: success kept 90 days (months ending on/before
    // 2026-08-17), failed 180 days (ending on/before 2026-05-19), archive 2 years (ending on/before 2024-11-15).
    await ensurePartitions(t.log.db, { back: 30, ahead: 1, at: NOW });
    const months: [number, number][] = [
      [2024, 9],
      [2024, 11],
      [2025, 6],
      [2026, 4],
      [2026, 5],
      [2026, 7],
      [2026, 8],
      [2026, 9],
      [2026, 11],
    ];
    await insertOperationLogs(
      t.log.query,
      months.flatMap(([y, m]) => [opEntry({ createdAt: mid(y, m) }), failed('TIMEOUT', { createdAt: mid(y, m) })]),
    );

    // First pass: everything old enough goes to the archive (the 2024-09 month then ages out of it next pass).
    const plan = await planRetention(t.log.db, NOW);
    const archived = plan
      .filter((s) => s.kind === 'archive')
      .map((s) => s.partition)
      .sort();
    expect(archived).toContain('operation_logs_y2026m07_success');
    expect(archived).not.toContain('operation_logs_y2026m08_success'); // ends 2026-09-01, only 75 days ago
    expect(archived).toContain('operation_logs_y2026m04_failed');
    expect(archived).not.toContain('operation_logs_y2026m05_failed'); // ends 2026-06-01, 167 days ago
    expect(plan.every((s) => s.description.length > 0)).toBe(true);
    await applyRetention(t.log.db, plan);
    await applyRetention(t.log.db, await planRetention(t.log.db, NOW)); // archive months now older than 2 years drop

    const byMonth = Object.fromEntries((await counts()).map((r) => [`${r.month} ${r.status}`, [r.hot, r.archived]]));
    expect(byMonth).toEqual({
      // 2024-09 ended more than 2 years before NOW: gone. 2024-11 ends 2024-12-01: archived, kept.
      '2024-11 FAILED': [0, 1],
      '2024-11 SUCCESS': [0, 1],
      '2025-06 FAILED': [0, 1],
      '2025-06 SUCCESS': [0, 1],
      '2026-04 FAILED': [0, 1],
      '2026-04 SUCCESS': [0, 1],
      '2026-05 FAILED': [1, 0],
      '2026-05 SUCCESS': [0, 1],
      '2026-07 FAILED': [1, 0],
      '2026-07 SUCCESS': [0, 1],
      '2026-08 FAILED': [1, 0],
      '2026-08 SUCCESS': [1, 0],
      '2026-09 FAILED': [1, 0],
      '2026-09 SUCCESS': [1, 0],
      '2026-11 FAILED': [1, 0],
      '2026-11 SUCCESS': [1, 0],
    });
    // A second run has nothing left to do, and the hot table still accepts recent rows.
    expect(await planRetention(t.log.db, NOW)).toEqual([]);
    await insertOperationLogs(t.log.query, [opEntry({ createdAt: mid(2026, 11) })]);
  });
});
