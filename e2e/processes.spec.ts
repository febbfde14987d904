import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { asLogDb, openDatabase, rowsOf, type DbHandle } from '../db/client';
import { createApiKey } from '../db/queries/api-keys';
import { verifyLedger } from '../db/queries/inventory-ops';
import { verifyRollups } from '../db/queries/observability-rollup';
import type { ApiScope } from '../lib/api-scopes';
import { makeStaff } from '../tests/support/factories';
import { createServerDatabase } from '../tests/support/server-db';
import { until } from '../tests/support/until';
import { makeLocation, makeSkus, receive } from '../tests/support/inventory-factories';

/**
 * The built app as separate server processes (`scripts/server.mjs`, what `npm start` runs) on one PostgreSQL database (the build Playwright's web server
 * made): several processes starting at once, and graceful shutdown under load. Needs a PostgreSQL server
 * (TEST_DATABASE_URL or DATABASE_URL, as the server runs of the integration suite); playwright.config.ts leaves this
 * file out without one.
 */
const SERVER_URL =
  process.env.TEST_DATABASE_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const root = process.cwd();
const serverScript = path.join(root, 'scripts', 'server.mjs');

test.describe.configure({ timeout: 240_000 });

type Db = { url: string; handle: DbHandle; drop(): Promise<void> };

async function freshDatabase(): Promise<Db> {
  const created = await createServerDatabase(SERVER_URL, 'bobbin_e2e');
  let handle: DbHandle | null = null;
  return {
    url: created.url,
    get handle() {
      if (!handle) throw new Error('open() first');
      return handle;
    },
    set handle(h) {
      handle = h;
    },
    async drop() {
      await handle?.close();
      await created.drop();
    },
  };
}

type Server = { port: number; child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(port: number, databaseUrl: string): Server {
  const child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: 'e2e-processes-secret-0123456789abcdef',
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { port, child, output: () => out, exited };
}

/** Polls readiness with a generous deadline (a cold start on a loaded machine takes seconds). */
async function untilReady(s: Server) {
  await until(
    async () =>
      (await fetch(`http://127.0.0.1:${s.port}/api/health/ready`).catch(() => null))?.status === 200 ? true : undefined,
    `the server on ${s.port} ready`,
    { timeoutMs: 120_000, gaveUp: () => (s.child.exitCode !== null ? `it exited: ${s.output()}` : null) },
  );
}

async function stop(s: Server) {
  if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await s.exited;
}

async function apiKey(handle: DbHandle, scopes: ApiScope[]) {
  const admin = await makeStaff(handle.db, 'admin');
  return (await createApiKey(handle.db, { id: admin.id, label: admin.email }, { name: 'e2e', scopes })).key;
}

test('two processes starting at once on an empty database both come up; 200 reservations of 20 units across both: exactly 20 succeed; op-logs through both with both running jobs: rollups == raw', async () => {
  const db = await freshDatabase();
  const servers = [startServer(BASE_PORT + 1, db.url), startServer(BASE_PORT + 2, db.url)];
  try {
    await Promise.all(servers.map(untilReady));
    db.handle = await openDatabase({ driver: 'pg', url: db.url, max: 2 });
    const journal = JSON.parse(fs.readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const [applied] = rowsOf<{ n: number; distinct: number }>(
      await db.handle.db.execute(
        sql`select count(*)::int as n, count(distinct created_at)::int as distinct from drizzle.__drizzle_migrations`,
      ),
    );
    expect(applied).toEqual({ n: journal.entries.length, distinct: journal.entries.length });

    const loc = await makeLocation(db.handle.db, 'Berlin', 'BER');
    const [v] = await makeSkus(db.handle.db, 1, 'HOT');
    await receive(db.handle.db, v!.id, loc.id, 20);
    const key = await apiKey(db.handle, ['inventory:reserve']);
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`http://127.0.0.1:${servers[i % 2]!.port}/api/v1/inventory/reservations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ sku: v!.sku, location: 'BER', quantity: 1, idempotencyKey: `two-procs-${i}` }),
        }).then((r) => r.status),
      ),
    );
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect({ created: count(201), refused: count(409), other: statuses.length - count(201) - count(409) }).toEqual({
      created: 20,
      refused: 180,
      other: 0,
    });
    const [level] = rowsOf<{ on_hand: number; reserved: number }>(
      await db.handle.db.execute(sql`select on_hand, reserved from stock_levels`),
    );
    expect(level).toEqual({ on_hand: 20, reserved: 20 });
    expect((await verifyLedger(db.handle.db)).drift).toEqual([]);

    // Op-logs ingested through both while both processes' job timers run, and cron-style rollup calls to both at
    // once (one of them finds the lease taken): every row counted once (the rollups equal the raw log).
    const writer = await apiKey(db.handle, ['oplog:write', 'jobs:run']);
    const post = (i: number, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${servers[i % 2]!.port}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const BATCHES = 40;
    const ingested = await Promise.all(
      Array.from({ length: BATCHES }, (_, b) =>
        post(b, '/api/v1/oplog', {
          entries: Array.from({ length: 50 }, (_, i) => ({
            userId: `u${i % 9}`,
            platformAccountId: `b${b}`,
            operationType: 'GET_REVIEWS',
            status: i % 5 ? 'SUCCESS' : 'FAILED',
            errorType: i % 5 ? undefined : 'TIMEOUT',
            executionTimeMs: 20 + i,
          })),
        }).then((r) => r.status),
      ),
    );
    expect(ingested.filter((s) => s !== 201)).toEqual([]);
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const deadline = Date.now() + 120_000;
    let verified = await verifyRollups(asLogDb(db.handle.db), range);
    while (verified.rawRows < BATCHES * 50 && Date.now() < deadline) {
      const runs = await Promise.all([post(0, '/api/jobs/rollup'), post(1, '/api/jobs/rollup')]);
      expect(runs.map((r) => r.status).filter((s) => s !== 200 && s !== 202)).toEqual([]);
      verified = await verifyRollups(asLogDb(db.handle.db), range);
    }
    expect(verified.drift).toEqual([]);
    expect(verified.rawRows).toBe(BATCHES * 50);
  } finally {
    await Promise.all(servers.map(stop));
    await db.drop();
  }
});

test('SIGTERM under ingest load: readiness turns 503, every acknowledged batch is stored, exit within 10 s', async () => {
  const db = await freshDatabase();
  const server = startServer(BASE_PORT + 3, db.url);
  try {
    await untilReady(server);
    db.handle = await openDatabase({ driver: 'pg', url: db.url, max: 2 });
    const key = await apiKey(db.handle, ['oplog:write']);
    const BATCH = 100;
    const acked: string[] = [];
    let sent = 0;
    let stopping = false;
    const ingest = async () => {
      while (!stopping || server.child.exitCode === null) {
        const tag = `batch-${sent++}`;
        const entries = Array.from({ length: BATCH }, (_, i) => ({
          userId: `u${i % 7}`,
          platformAccountId: tag,
          operationType: 'GET_REVIEWS',
          status: 'SUCCESS',
          executionTimeMs: 10 + i,
        }));
        const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/oplog`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ entries }),
        }).catch(() => null);
        if (!res) return; // refused: the server stopped accepting connections
        if (res.status === 201) acked.push(tag);
        else if (!stopping) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      }
    };
    const loops = Array.from({ length: 4 }, ingest);
    await until(() => (acked.length >= 20 ? true : undefined), 'twenty acknowledged batches');
    expect(acked.length).toBeGreaterThanOrEqual(20);

    stopping = true;
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const exitedAfter = server.exited.then(() => performance.now() - signalled);
    // Readiness from now on: 503 or a refused connection, and never 200 again once it has said so.
    const probes: string[] = [];
    while (server.child.exitCode === null && probes.length < 200) {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/health/ready`).catch(() => null);
      probes.push(res ? String(res.status) : 'refused');
      if (!res) break;
    }
    await Promise.all(loops);
    const ms = await exitedAfter;
    console.log(
      `graceful shutdown: exit ${Math.round(ms)} ms after SIGTERM; ${acked.length} batch(es) of ${BATCH} acknowledged; readiness probes after the signal: ${probes.join(',')}`,
    );
    expect(ms).toBeLessThanOrEqual(10_000);
    const firstDown = probes.findIndex((p) => p !== '200');
    expect(firstDown).toBeGreaterThanOrEqual(0);
    expect(probes.slice(firstDown).filter((p) => p === '200')).toEqual([]);

    const stored = new Map(
      rowsOf<{ tag: string; n: number }>(
        await db.handle.db.execute(
          sql`select platform_account_id as tag, count(*)::int as n from operation_logs group by 1`,
        ),
      ).map((r) => [r.tag, r.n]),
    );
    const missing = acked.filter((tag) => stored.get(tag) !== BATCH);
    expect(missing).toEqual([]);
  } finally {
    await stop(server);
    await db.drop();
  }
});
