import crypto from 'node:crypto';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, setLogDbHandle, type DbHandle } from '@/db/client';
import { migrateDatabase, migrationState } from '@/db/migrate';
import { createApiKey } from '@/db/queries/api-keys';
import { acquireLease, currentLease, releaseLease, renewLease } from '@/db/queries/job-leases';
import { reserveStock } from '@/db/queries/inventory-reservations';
import { JOB_NAMES, runJob } from '@/lib/server/jobs';
import { POST as runJobRoute } from '@/app/api/jobs/[name]/route';
import { GET as live } from '@/app/api/health/live/route';
import { GET as ready } from '@/app/api/health/ready/route';
import { openApiDocument } from '@/lib/openapi';
import { markDraining } from '@/lib/server/shutdown';
import { GET as health } from '@/app/api/health/route';
import { SPLIT_LOG, TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';

const t = useTestDatabase();
const db = () => t.handle.db;

const call = (name: string, key: string | null) =>
  runJobRoute(
    new Request(`http://test.local/api/jobs/${name}`, {
      method: 'POST',
      headers: key ? { authorization: `Bearer ${key}` } : {},
    }),
    {
      params: Promise.resolve({ name }),
    },
  );

describe(`job leases (${TEST_DRIVER})`, () => {
  it('one holder at a time; renewable by the holder only; an expired lease can be taken over; release frees it', async () => {
    expect(await acquireLease(db(), 'rollup', 'a', 60_000)).toBe(true);
    expect(await acquireLease(db(), 'rollup', 'b', 60_000)).toBe(false);
    expect(await acquireLease(db(), 'rollup', 'a', 60_000)).toBe(true); // re-entrant for its holder
    expect(await renewLease(db(), 'rollup', 'b', 60_000)).toBe(false);
    expect(await renewLease(db(), 'rollup', 'a', 60_000)).toBe(true);
    expect((await currentLease(db(), 'rollup'))?.holder).toBe('a');
    // A crashed holder never releases: its lease runs out.
    await db().execute(sql`update job_leases set expires_at = now() - interval '1 second' where name = 'rollup'`);
    expect(await currentLease(db(), 'rollup')).toBeNull();
    expect(await acquireLease(db(), 'rollup', 'b', 60_000)).toBe(true);
    expect(await renewLease(db(), 'rollup', 'a', 60_000)).toBe(false);
    await releaseLease(db(), 'rollup', 'a'); // not the holder: nothing happens
    expect((await currentLease(db(), 'rollup'))?.holder).toBe('b');
    await releaseLease(db(), 'rollup', 'b');
    expect(await acquireLease(db(), 'rollup', 'c', 60_000)).toBe(true);
  });

  it('runJob runs every job, and skips (ran: false, naming the holder) while another process holds the lease', async () => {
    for (const name of JOB_NAMES) {
      const r = await runJob(name, { handle: t.handle });
      expect(r, name).toMatchObject({ job: name, ran: true });
    }
    await acquireLease(db(), 'reservation-expiry', 'other-process', 60_000);
    expect(await runJob('reservation-expiry', { handle: t.handle })).toEqual({
      job: 'reservation-expiry',
      ran: false,
      heldBy: 'other-process',
    });
    // The lease is given back after a run: nothing left behind by this process.
    expect(
      rowsOf<{ holder: string }>(await db().execute(sql`select holder from job_leases`)).map((r) => r.holder),
    ).toEqual(['other-process']);
  });

  if (TEST_DRIVER !== 'pglite') {
    it('two pools (two processes) asking for one lease at once: exactly one wins, and one runs the job', async () => {
      const other = await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: t.url!, max: 4 });
      try {
        const wins = await Promise.all(
          Array.from({ length: 8 }, (_, i) => acquireLease(i % 2 ? db() : other.db, 'grade-snapshot', `p${i}`, 60_000)),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        await db().execute(sql`delete from job_leases`);
        const runs = await Promise.all([
          runJob('oplog-maintenance', { handle: t.handle, holder: 'p1' }),
          runJob('oplog-maintenance', { handle: other, holder: 'p2' }),
        ]);
        expect(runs.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
        // Either both ran one after the other (the first had already given the lease back) or one was told who held it.
        for (const r of runs) if (!r.ran) expect(['p1', 'p2', null]).toContain(r.heldBy);
      } finally {
        await other.close();
      }
    });
  }
});

describe(`POST /api/jobs/<name> (${TEST_DRIVER})`, () => {
  let key: string;
  beforeEach(async () => {
    const admin = await makeStaff(db(), 'admin');
    key = (await createApiKey(db(), { id: admin.id, label: admin.email }, { name: 'cron', scopes: ['jobs:run'] })).key;
  });

  it('runs a job for a key with jobs:run (200), 202 while another process runs it, 404 for an unknown job, 401 without the scope', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 5);
    await reserveStock(db(), { sku: v!.sku, quantity: 2, idempotencyKey: 'cron-expiry-1', expiresInSeconds: 60 });
    await db().execute(sql`update reservations set expires_at = now() - interval '1 second'`);
    const res = await call('reservation-expiry', key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      job: 'reservation-expiry',
      ran: true,
      summary: '1 expired reservation(s) released',
    });

    await acquireLease(db(), 'rollup', 'another-process', 60_000);
    const held = await call('rollup', key);
    expect(held.status).toBe(202);
    expect(await held.json()).toEqual({ job: 'rollup', ran: false, heldBy: 'another-process' });

    const unknown = await call('vacuum', key);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(
      /the jobs are rollup, grade-snapshot, oplog-maintenance, reservation-expiry, alerts, webhook-dispatch/,
    );

    const admin = await makeStaff(db(), 'admin');
    const wrongScope = (
      await createApiKey(db(), { id: admin.id, label: admin.email }, { name: 'shop', scopes: ['inventory:reserve'] })
    ).key;
    expect((await call('rollup', wrongScope)).status).toBe(401);
    expect((await call('rollup', null)).status).toBe(401);
  });

  it('is described in the OpenAPI document', () => {
    const op = openApiDocument.paths['/api/jobs/{name}'].post;
    expect(op.description).toMatch(/Scope jobs:run/);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '202', '401', '404']));
  });
});

describe(`health probes (${TEST_DRIVER})`, () => {
  it('live answers without the database; ready checks the database and migrations', async () => {
    const l = await live(new Request('http://test.local/api/health/live'), { params: Promise.resolve({}) });
    expect(l.status).toBe(200);
    expect(await l.json()).toEqual({ status: 'ok' });
    const r = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      status: 'ok',
      database: 'reachable',
      driver: TEST_DRIVER,
      logDatabase: SPLIT_LOG ? 'reachable' : 'main',
    });
  });

  it('ready answers 503 naming the log journal when a log migration is not applied where the op-log tables live', async () => {
    const probe = async () => {
      const res = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // Where the log journal is recorded: the log database when set apart, else the main one.
    const logDb = t.log.db;
    const [latest] = rowsOf<{ id: number; hash: string; created_at: string }>(
      await logDb.execute(
        sql`select id, hash, created_at::text from drizzle.__drizzle_log_migrations order by created_at desc limit 1`,
      ),
    );
    expect(latest).toBeDefined();
    const before = await probe();
    expect(before.status).toBe(200);
    expect(before.body.logMigration).toEqual(expect.any(String));
    await logDb.execute(sql`delete from drizzle.__drizzle_log_migrations where id = ${latest!.id}`);
    try {
      const behind = await probe();
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({ status: 'degraded', failed: ['log-migrations'], database: 'reachable' });
      expect(behind.body.reason).toMatch(/1 log journal migration\(s\) not applied/);
      // No driver text, host or credentials in the probe's answer.
      expect(JSON.stringify(behind.body)).not.toMatch(/postgres:\/\/|password|select /i);
    } finally {
      await logDb.execute(
        sql`insert into drizzle.__drizzle_log_migrations (id, hash, created_at) values (${latest!.id}, ${latest!.hash}, ${latest!.created_at}::bigint)`,
      );
    }
    expect((await probe()).status).toBe(200);
  });

  it('ready stays 200 but warns when a log database set apart does not answer (catalog and inventory need only the main one), without its error', async () => {
    const down = {
      ...t.handle,
      db: { execute: () => Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:5432 (user bobbin_log)')) },
    } as unknown as DbHandle;
    setLogDbHandle(down);
    try {
      const res = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 'ok',
        database: 'reachable',
        logDatabase: 'unreachable',
        warnings: ['log-database'],
      });
      expect(body.reason).toMatch(/log database \(LOG_DATABASE_URL\) does not answer/);
      expect(JSON.stringify(body)).not.toMatch(/10\.9\.8\.7|ECONNREFUSED|bobbin_log/);
      // A log database that never answers: the probe still answers, within its own bound.
      setLogDbHandle({ ...t.handle, db: { execute: () => new Promise(() => {}) } } as unknown as DbHandle);
      const hung = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
      expect(hung.status).toBe(200);
      expect(await hung.json()).toMatchObject({ logDatabase: 'unreachable', warnings: ['log-database'] });
    } finally {
      setLogDbHandle(SPLIT_LOG ? t.log : null);
    }
    const after = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
    expect(after.status).toBe(200);
    expect(await after.json()).not.toHaveProperty('warnings');
  });

  it('ready answers 503 naming the main journal when a main migration is not applied', async () => {
    const [latest] = rowsOf<{ id: number; hash: string; created_at: string }>(
      await db().execute(
        sql`select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`,
      ),
    );
    await db().execute(sql`delete from drizzle.__drizzle_migrations where id = ${latest!.id}`);
    try {
      const res = await ready(new Request('http://test.local/api/health/ready'), { params: Promise.resolve({}) });
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'degraded', failed: ['migrations'] });
      expect(body.reason).toMatch(/1 main journal migration\(s\) not applied/);
    } finally {
      await db().execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${latest!.id}, ${latest!.hash}, ${latest!.created_at}::bigint)`,
      );
    }
  });

  it('while draining (a stop signal arrived) ready and the old health answer 503 at once; live stays 200', async () => {
    const probe = (handler: typeof live) =>
      handler(new Request('http://test.local/api/health'), { params: Promise.resolve({}) });
    markDraining();
    try {
      for (const handler of [ready, health]) {
        const res = await probe(handler);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ status: 'draining', reason: 'the process is shutting down' });
      }
      expect((await probe(live)).status).toBe(200);
    } finally {
      markDraining(false);
    }
    expect((await probe(ready)).status).toBe(200);
  });
});

if (TEST_DRIVER !== 'pglite') {
  describe(`migrations from several processes at once (${TEST_DRIVER})`, () => {
    it('four pools migrating one empty database at the same moment all succeed, and each migration is applied once', async () => {
      const base = new URL(t.url!);
      const name = `bobbin_migrate_${crypto.randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: t.url! });
      await admin.connect();
      await admin.query(`create database ${name}`);
      base.pathname = `/${name}`;
      const handles: DbHandle[] = [];
      try {
        for (let i = 0; i < 4; i++)
          handles.push(await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: base.toString(), max: 2 }));
        await Promise.all(handles.map((h) => migrateDatabase(h)));
        const state = await migrationState(handles[0]!);
        expect(state.pending).toBe(0);
        const [counts] = rowsOf<{ n: number; distinct: number }>(
          await handles[0]!.db.execute(
            sql`select count(*)::int as n, count(distinct created_at)::int as distinct from drizzle.__drizzle_migrations`,
          ),
        );
        expect(counts!.n).toBe(counts!.distinct);
      } finally {
        for (const h of handles) await h.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    });
  });
}
