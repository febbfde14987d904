import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { closeReplicas, getLogReadDb, getReadDb, rowsOf } from '@/db/client';
import { insertOperationLogs, type StoredEntry } from '@/db/queries/oplog-write';
import { runRollup } from '@/db/queries/observability-rollup';
import { EnvError, parseEnv, resetEnvCache } from '@/lib/env';
import { parseDashboardParams } from '@/lib/observability/range';
import { getDashboardView } from '@/lib/server/dashboard-views';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { startReplica, type Replica } from '../support/replica';
import { until } from '../support/until';

const t = useTestDatabase();

const originalUrl = process.env.DATABASE_URL;
afterEach(async () => {
  delete process.env.DATABASE_REPLICA_URLS;
  if (originalUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = originalUrl;
  resetEnvCache();
  await closeReplicas();
});

describe(`replica settings (${TEST_DRIVER})`, () => {
  it('validates DATABASE_REPLICA_URLS and reads from the primary without replicas', async () => {
    const base = { DATABASE_URL: 'postgres://u@db:5432/app' };
    expect(
      parseEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://u@r1:5432/app, postgres://u@r2:5432/app' }).replicaUrls,
    ).toEqual(['postgres://u@r1:5432/app', 'postgres://u@r2:5432/app']);
    expect(() => parseEnv({ ...base, DATABASE_REPLICA_URLS: 'http://nope' })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_REPLICA_URLS: 'postgres://u@r1:5432/app' })).toThrow(/needs DATABASE_URL/);
    expect(await getReadDb()).toBe(t.handle.db);
    expect(await getLogReadDb()).toBe(t.handle.db);
  });
});

// A streaming replica is a PostgreSQL server feature: the node-postgres run proves it against a real one.
if (TEST_DRIVER === 'pg')
  describe('dashboard reads from a streaming replica (pg)', () => {
    let replica: Replica;
    beforeAll(async () => {
      replica = await startReplica(process.env.TEST_DATABASE_URL!);
    }, 600_000);
    afterAll(async () => replica?.stop());

    it('serves the dashboard from the replica once it has replayed the rows, while writes stay on the primary', async () => {
      const now = Date.now();
      const rows = Array.from({ length: 500 }, (_, i) => ({
        createdAt: new Date(now - 30 * 60_000 + i * 1000),
        userId: `r-${i % 7}`,
        platformAccountId: 'a',
        operationType: 'GET_REVIEWS',
        status: i % 5 ? 'SUCCESS' : 'FAILED',
        errorType: i % 5 ? null : 'TIMEOUT',
        executionTimeMs: 100 + i,
      })) as StoredEntry[];
      await insertOperationLogs(t.log.query, rows);
      await runRollup(t.log.db);
      const database = t.handle.target.split('/').pop()!; // host:port/database
      const primary = new URL(process.env.TEST_DATABASE_URL!);
      primary.pathname = `/${database}`;
      process.env.DATABASE_URL = primary.toString(); // the settings as a deployment has them (the handle is the test's)
      process.env.DATABASE_REPLICA_URLS = replica.url(database);
      resetEnvCache();
      const read = await getLogReadDb();
      expect(read).not.toBe(t.handle.db);
      // Served by the replica: it is in recovery and refuses writes.
      expect(rowsOf<{ r: boolean }>(await read.execute(sql`select pg_is_in_recovery() as r`))[0]!.r).toBe(true);
      await expect(
        read.execute(sql`insert into oplog_stream_applied (stream, seq) values ('x', 1)`),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/read-only transaction/) } });
      const p = parseDashboardParams({ range: '24h' });
      const total = (d: Awaited<ReturnType<typeof getDashboardView>>) =>
        d.view === 'overview' ? d.overview.current.total : -1;
      const fromReplica = await until(async () => {
        const d = await getDashboardView(read, 'overview', p);
        return total(d) === 500 ? d : undefined;
      }, 'the replica to replay the rolled-up rows');
      const fromPrimary = await getDashboardView(t.log.db, 'overview', p);
      expect(total(fromReplica)).toBe(total(fromPrimary));
      expect(fromReplica.view === 'overview' && fromReplica.overview.current).toEqual(
        fromPrimary.view === 'overview' && fromPrimary.overview.current,
      );
    });
  });
