import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { getProfiles, recordLoginResult, shopReviewSummary, upsertReviewMetadata } from '@/db/queries/oplog';
import { insertOperationLogs } from '@/db/queries/oplog-write';
import { ensurePartitions } from '@/db/queries/oplog-maintenance';
import { gradeDistribution, listFailingUsers, listTimeline, userErrorBreakdown } from '@/db/queries/support';
import { stabilityGrade, stabilityScore } from '@/lib/oplog/rules';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { failed, opEntry } from '../support/oplog-factories';

const t = useTestDatabase();

const count = async (table: string) =>
  Number(
    rowsOf<{ n: number }>(await t.log.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n,
  );
const monthName = (d: Date) => `operation_logs_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

describe(`operation log partitions (${TEST_DRIVER})`, () => {
  it('routes rows to their month and status sub-partition, and unknown months to DEFAULT', async () => {
    const now = new Date();
    const far = new Date(Date.UTC(now.getUTCFullYear() + 3, 0, 15));
    await insertOperationLogs(t.log.query, [
      opEntry({ createdAt: now }),
      failed('TIMEOUT', { createdAt: now }),
      opEntry({ createdAt: far }),
    ]);
    expect(await count(`${monthName(now)}_success`)).toBe(1);
    expect(await count(`${monthName(now)}_failed`)).toBe(1);
    expect(await count('operation_logs_default')).toBe(1);
  });

  it('moves DEFAULT rows into their partition when the month is created', async () => {
    const far = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 5, 10));
    await insertOperationLogs(t.log.query, [opEntry({ createdAt: far }), failed('RATE_LIMIT', { createdAt: far })]);
    expect(await count('operation_logs_default')).toBe(2);
    expect(await ensurePartitions(t.log.db, { back: 0, ahead: 0 })).toBeGreaterThanOrEqual(1);
    expect(await count('operation_logs_default')).toBe(0);
    expect(await count(`${monthName(far)}_success`)).toBe(1);
    expect(await count(`${monthName(far)}_failed`)).toBe(1);
    expect(await count('operation_logs')).toBe(2);
  });

  it('refuses entries that break the rules (unknown operation type) as a whole batch', async () => {
    await expect(
      insertOperationLogs(t.log.query, [opEntry(), opEntry({ operationType: 'HACK' as never })]),
    ).rejects.toThrow();
    expect(await count('operation_logs')).toBe(0);
  });
});

describe(`login results and the stability score (${TEST_DRIVER})`, () => {
  it('updates counts, last login, the newest-first window of 10 and the score together', async () => {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 12; i++) {
      await recordLoginResult(t.log.db, {
        userId: 'u',
        platformAccountId: 'a',
        status: i % 3 === 0 ? 'FAILED' : 'SUCCESS',
        createdAt: new Date(base + i * 60_000),
        authType: '2FA',
      });
    }
    const [p] = await getProfiles(t.log.db, 'u');
    expect(p).toMatchObject({
      totalLoginCount: 12,
      successLoginCount: 8,
      failedLoginCount: 4,
      authType: '2FA',
      lastLoginStatus: 'SUCCESS',
      sessionStabilityScore: 66.67,
    });
    expect(p!.lastLoginAt!.getTime()).toBe(base + 11 * 60_000);
    expect(p!.recentLoginWindow).toHaveLength(10);
    expect(p!.recentLoginWindow[0]).toEqual({
      status: 'SUCCESS',
      createdAt: new Date(base + 11 * 60_000).toISOString(),
    });
    expect(p!.recentLoginWindow.at(-1)!.createdAt).toBe(new Date(base + 2 * 60_000).toISOString());
  });

  it('keeps a late-arriving result in time order and does not move last login backwards', async () => {
    await recordLoginResult(t.log.db, {
      userId: 'u',
      platformAccountId: 'a',
      status: 'SUCCESS',
      createdAt: new Date('2026-01-02T00:00:00Z'),
    });
    await recordLoginResult(t.log.db, {
      userId: 'u',
      platformAccountId: 'a',
      status: 'FAILED',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    const [p] = await getProfiles(t.log.db, 'u');
    expect(p!.lastLoginStatus).toBe('SUCCESS');
    expect(p!.recentLoginWindow.map((e) => e.status)).toEqual(['SUCCESS', 'FAILED']);
  });

  it('counts concurrent results for one profile without losing any', async () => {
    const results = Array.from({ length: 40 }, (_, i) =>
      recordLoginResult(t.log.db, { userId: 'busy', platformAccountId: 'a', status: i < 30 ? 'SUCCESS' : 'FAILED' }),
    );
    await Promise.all(results);
    const [p] = await getProfiles(t.log.db, 'busy');
    expect(p).toMatchObject({
      totalLoginCount: 40,
      successLoginCount: 30,
      failedLoginCount: 10,
      sessionStabilityScore: 75,
    });
    expect(p!.recentLoginWindow).toHaveLength(10);
  });

  it('counts grades from the profiles by the same rule', async () => {
    const outcomes: [string, number][] = [
      ['a', 10],
      ['b', 8],
      ['c', 7],
      ['d', 5],
      ['e', 4],
      ['f', 0],
    ]; // successes of 10
    for (const [u, ok] of outcomes)
      for (let i = 0; i < 10; i++)
        await recordLoginResult(t.log.db, { userId: u, platformAccountId: 'x', status: i < ok ? 'SUCCESS' : 'FAILED' });
    expect(await gradeDistribution(t.log.db)).toEqual({ STABLE: 2, UNSTABLE: 2, CRITICAL: 2 });
  });

  it('computes the same score and grade in SQL as the TypeScript rule', async () => {
    const pairs: [number, number][] = [
      [0, 0],
      [1, 3],
      [2, 3],
      [1, 8],
      [1, 1600],
      [4, 5],
      [999, 1000],
      [1, 2],
      [5, 10],
      [79, 100],
      [7999, 10000],
      [1, 200000],
    ];
    for (let s = 0; s <= 40; s++) pairs.push([s, 40], [s, 37]);
    const rows = rowsOf<{ s: number; t: number; score: string; grade: string }>(
      await t.log.db.execute(sql`
        select v.s, v.t, session_stability_score(v.s, v.t)::text as score, session_stability_grade(session_stability_score(v.s, v.t)) as grade
        from unnest(${`{${pairs.map((p) => p[0]).join(',')}}`}::int[], ${`{${pairs.map((p) => p[1]).join(',')}}`}::int[]) as v(s, t)`),
    );
    expect(rows).toHaveLength(pairs.length);
    for (const r of rows) {
      const ts = stabilityScore(Number(r.s), Number(r.t));
      expect(Number(r.score), `score(${r.s}/${r.t})`).toBe(ts);
      expect(r.grade, `grade(${r.s}/${r.t})`).toBe(stabilityGrade(ts));
    }
  });
});

describe(`support queries (${TEST_DRIVER})`, () => {
  it('ranks failing users by recent failures, with their dominant error and filters', async () => {
    const now = Date.now();
    const at = (minsAgo: number) => new Date(now - minsAgo * 60_000);
    await insertOperationLogs(t.log.query, [
      failed('TIMEOUT', { userId: 'bad', createdAt: at(5) }),
      failed('TIMEOUT', { userId: 'bad', createdAt: at(6) }),
      failed('AUTH_REQUIRED', { userId: 'bad', createdAt: at(7) }),
      failed('SELECTOR_NOT_FOUND', { userId: 'meh', createdAt: at(8) }),
      opEntry({ userId: 'fine', createdAt: at(9) }),
      failed('TIMEOUT', { userId: 'old', createdAt: at(60 * 24 * 20) }),
    ]);
    for (const [u, ok] of [
      ['bad', 1],
      ['meh', 6],
      ['fine', 10],
      ['old', 9],
    ] as const) {
      for (let i = 0; i < 10; i++)
        await recordLoginResult(t.log.db, {
          userId: u,
          platformAccountId: 'acct-1',
          status: i < ok ? 'SUCCESS' : 'FAILED',
          email: `${u}@example.test`,
        });
    }
    const since = new Date(now - 7 * 86_400_000);
    const all = await listFailingUsers(t.log.db, { since });
    expect(all.rows.map((r) => [r.userId, r.failures, r.dominantErrorType])).toEqual([
      ['bad', 3, 'TIMEOUT'],
      ['meh', 1, 'SELECTOR_NOT_FOUND'],
      ['old', 0, null],
      ['fine', 0, null],
    ]);
    expect(all.total).toBe(4);
    expect((await listFailingUsers(t.log.db, { since, grade: 'CRITICAL' })).rows.map((r) => r.userId)).toEqual(['bad']);
    expect(
      (await listFailingUsers(t.log.db, { since, errorType: 'SELECTOR_NOT_FOUND' })).rows.map((r) => r.userId),
    ).toEqual(['meh']);
    expect((await listFailingUsers(t.log.db, { since, q: 'MEH@example.test' })).rows.map((r) => r.userId)).toEqual([
      'meh',
    ]);
    expect((await listFailingUsers(t.log.db, { since, q: 'acct-1' })).total).toBe(4);
  });

  it('pages a user timeline by cursor with filters, newest first, with no gaps or repeats', async () => {
    const base = Date.now() - 3_600_000;
    const entries = Array.from({ length: 45 }, (_, i) =>
      i % 3 === 0
        ? failed(i % 2 ? 'TIMEOUT' : 'RATE_LIMIT', {
            userId: 'tl',
            createdAt: new Date(base + Math.floor(i / 2) * 1000),
          })
        : opEntry({ userId: 'tl', createdAt: new Date(base + Math.floor(i / 2) * 1000) }),
    );
    await insertOperationLogs(t.log.query, [...entries, opEntry({ userId: 'someone-else' })]);
    const range = { userId: 'tl', from: new Date(base - 1000), to: new Date(base + 3_600_000) };
    const seen: number[] = [];
    let before: { at: Date; id: number } | undefined;
    do {
      const page = await listTimeline(t.log.db, { ...range, before, limit: 10 });
      seen.push(...page.rows.map((r) => r.id));
      for (let i = 1; i < page.rows.length; i++)
        expect(page.rows[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(page.rows[i]!.createdAt.getTime());
      before = page.next ?? undefined;
    } while (before);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    const timeouts = await listTimeline(t.log.db, { ...range, status: 'FAILED', errorType: 'TIMEOUT' });
    expect(timeouts.rows).toHaveLength(entries.filter((e) => e.errorType === 'TIMEOUT').length);
    expect(timeouts.rows.every((r) => r.status === 'FAILED' && r.errorType === 'TIMEOUT')).toBe(true);
    const breakdown = await userErrorBreakdown(t.log.db, range);
    expect(breakdown.map((b) => [b.errorType, b.count])).toEqual([
      ['RATE_LIMIT', 8],
      ['TIMEOUT', 7],
    ]);
  });

  it('serves the timeline from the (user_id, created_at, id) index of the pruned partitions', async () => {
    await insertOperationLogs(
      t.log.query,
      Array.from({ length: 300 }, (_, i) =>
        opEntry({ userId: `p${i % 30}`, createdAt: new Date(Date.now() - i * 60_000) }),
      ),
    );
    await t.log.db.execute(sql`analyze operation_logs`);
    const plan = await t.log.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`); // the table is small here; ask what the planner would use at scale
      return rowsOf<{ 'QUERY PLAN': string }>(
        await tx.execute(
          sql`explain select * from operation_logs where user_id = 'p3' and created_at >= now() - interval '2 days' and created_at < now() order by created_at desc, id desc limit 51`,
        ),
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    });
    expect(plan).toMatch(/user_id_created_at_id_idx/);
    expect(plan).not.toMatch(/Seq Scan/);
    // Partition pruning: months outside the range (created ahead by migrations) are not scanned.
    const ahead = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 1));
    expect(plan).not.toContain(monthName(ahead));
  });

  it('stores review metadata with the type rule and summarises reply outcomes per shop', async () => {
    await upsertReviewMetadata(t.log.db, [
      {
        reviewId: 'r1',
        shopId: 's1',
        source: 'PICKUP',
        hasBookingDetail: true,
        replyAttempted: true,
        replySuccess: true,
      },
      {
        reviewId: 'r2',
        shopId: 's1',
        source: 'VISIT',
        hasBookingDetail: true,
        replyAttempted: true,
        replySuccess: false,
        replyErrorType: 'SELECTOR_NOT_FOUND',
      },
      { reviewId: 'r3', shopId: 's1', source: 'RECEIPT' },
      { reviewId: 'r4', shopId: 's2', source: 'RECEIPT' },
    ]);
    await upsertReviewMetadata(t.log.db, [
      { reviewId: 'r3', shopId: 's1', source: 'RECEIPT', replyAttempted: true, replySuccess: true },
    ]);
    expect(await shopReviewSummary(t.log.db, 's1')).toEqual([
      expect.objectContaining({ reviewType: 'TYPE_A', total: 1, replyAttempted: 1, replySucceeded: 0, replyFailed: 1 }),
      expect.objectContaining({ reviewType: 'TYPE_B', total: 1, replyAttempted: 1, replySucceeded: 1, replyFailed: 0 }),
      expect.objectContaining({ reviewType: 'TYPE_C', total: 1, replyAttempted: 1, replySucceeded: 1, replyFailed: 0 }),
    ]);
  });
});
