import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '@/db/client';
import { writeOperationLogs, type StoredEntry } from '@/db/queries/oplog-write';
import { OperationLogger } from '@/lib/oplog/logger';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { opEntry } from '../support/oplog-factories';
import { until } from '../support/until';

const t = useTestDatabase();

const stored = async (userId?: string) =>
  Number(
    rowsOf<{ n: number }>(
      await t.handle.db.execute(
        sql`select count(*)::int as n from operation_logs ${userId ? sql`where user_id = ${userId}` : sql``}`,
      ),
    )[0]!.n,
  );
const distinctResources = async () =>
  Number(
    rowsOf<{ n: number }>(
      await t.handle.db.execute(sql`select count(distinct resource_id)::int as n from operation_logs`),
    )[0]!.n,
  );
/** The one condition wait (tests/support/until.ts), for a yes/no check. */
const waitFor = (check: () => Promise<boolean>, what: string) =>
  until(async () => ((await check()) ? true : undefined), what);
const quiet = () => {};

/** A writer through the real bulk path that can be switched off like a database going down. */
function switchableWriter() {
  const state = { down: false, calls: 0 };
  const write = async (rows: StoredEntry[]) => {
    state.calls++;
    if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    await writeOperationLogs(t.handle, rows); // COPY on node-postgres, unnest on PGlite and Neon
  };
  return { state, write };
}

describe(`batch logger (${TEST_DRIVER})`, () => {
  it('returns at once, redacts before buffering, and flushes when a batch is full', async () => {
    const { write } = switchableWriter();
    let writes = 0;
    const counted: typeof write = (rows) => {
      writes++;
      return write(rows);
    };
    const logger = new OperationLogger({ write: counted, batchSize: 100, flushIntervalMs: 60_000, onError: quiet });
    for (let i = 0; i < 99; i++)
      logger.log(opEntry({ requestPayload: { password: 'hunter2', nested: { apiKey: 'k' } } }));
    // Below the batch size nothing is written. A full batch starts its write on the next turn (setImmediate), so
    // after one turn no write has started and all 99 are held. Not a timed wait.
    await new Promise((r) => setImmediate(r));
    expect(writes).toBe(0);
    expect(logger.counters()).toMatchObject({ logged: 99, buffered: 99, written: 0 });
    expect(await stored()).toBe(0);
    logger.log(opEntry());
    await waitFor(async () => (await stored()) === 100, '100 rows stored');
    const payloads = rowsOf<{ p: string }>(
      await t.handle.db.execute(
        sql`select request_payload::text as p from operation_logs where request_payload ? 'password' limit 1`,
      ),
    );
    expect(payloads[0]!.p).not.toContain('hunter2');
    expect(payloads[0]!.p).toContain('[REDACTED]');
    expect(logger.counters()).toMatchObject({ logged: 100, written: 100, buffered: 0, dropped: 0 });
    await logger.shutdown();
  });

  it('flushes on its timer when the batch never fills', async () => {
    const { write } = switchableWriter();
    const logger = new OperationLogger({ write, batchSize: 100, flushIntervalMs: 100, onError: quiet });
    for (let i = 0; i < 7; i++) logger.log(opEntry());
    await waitFor(async () => (await stored()) === 7, '7 rows stored');
    await logger.shutdown();
  });

  it('flushes everything it holds on shutdown', async () => {
    const { write } = switchableWriter();
    const logger = new OperationLogger({ write, batchSize: 10_000, flushIntervalMs: 60_000, onError: quiet });
    for (let i = 0; i < 2500; i++) logger.log(opEntry());
    expect(await stored()).toBe(0);
    const counters = await logger.shutdown();
    expect(counters).toMatchObject({ logged: 2500, written: 2500, buffered: 0 });
    expect(await stored()).toBe(2500);
    logger.log(opEntry()); // after shutdown: refused and counted, not lost silently
    expect(logger.counters().dropped).toBe(1);
  });

  for (const concurrency of [1, 3])
    it(`keeps entries while the database is down, bounded, and writes them once it returns, without duplicates (${concurrency} writer${concurrency > 1 ? 's' : ''})`, async () => {
      const { state, write } = switchableWriter();
      const logger = new OperationLogger({
        write,
        batchSize: 50,
        maxWriteBatch: 40,
        concurrency,
        flushIntervalMs: 30,
        maxBuffered: 300,
        retryBaseMs: 20,
        retryMaxMs: 100,
        onError: quiet,
      });
      state.down = true;
      for (let i = 0; i < 320; i++) logger.log(opEntry());
      // Until the logger has retried and settled at its bound (not a fixed wait: a loaded machine is slower).
      const during = await until(() => {
        const c = logger.counters();
        return c.retried > 0 && c.buffered + c.dropped === 320 ? c : undefined;
      }, 'the logger retrying with its buffer at the bound');
      expect(during.retried).toBeGreaterThan(0);
      expect(during.buffered).toBe(300); // the bound
      expect(during.dropped).toBe(20); // past it: counted, visible
      expect(await stored()).toBe(0);
      state.down = false;
      await waitFor(async () => (await stored()) === 300, '300 rows stored');
      expect(await distinctResources()).toBe(300);
      expect(logger.counters()).toMatchObject({ written: 300, buffered: 0 });
      await logger.shutdown();
    });

  it('isolates a bad entry by splitting the batch, writing all the others', async () => {
    const { write } = switchableWriter();
    const logger = new OperationLogger({ write, batchSize: 1000, flushIntervalMs: 60_000, onError: quiet });
    for (let i = 0; i < 64; i++) logger.log(i === 37 ? opEntry({ operationType: 'NOT_A_TYPE' as never }) : opEntry());
    const counters = await logger.shutdown();
    expect(counters).toMatchObject({ written: 63, rejected: 1, buffered: 0 });
    expect(await stored()).toBe(63);
  });

  it('loses nothing when its process is sent SIGTERM mid-stream', async () => {
    const runId = `child-${Date.now()}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CHILD_RUN_ID: runId,
    } as unknown as NodeJS.ProcessEnv;
    let dir: string | null = null;
    if (TEST_DRIVER === 'pglite') {
      dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-child-')), 'pglite');
      // The child needs its own data dir (this process holds the test's): a fresh one, migrated here.
      const h = await openDatabase({ driver: 'pglite', dir, holder: 'test' });
      const { migrateDatabase } = await import('@/db/migrate');
      await migrateDatabase(h);
      await h.close();
      env.PGLITE_DIR = dir;
    } else {
      env.DATABASE_URL = t.url!;
      env.DATABASE_DRIVER = TEST_DRIVER;
      if (process.env.NEON_WS_PROXY) env.NEON_WS_PROXY = process.env.NEON_WS_PROXY;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/logger-child.ts'], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // 'ready' comes after 500 entries are buffered while the child keeps producing: SIGTERM lands mid-stream.
    await waitFor(async () => out.includes('ready'), 'the child logger ready');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    const m = /logged=(\d+) written=(\d+) buffered=(\d+)/.exec(out);
    expect(m, out).not.toBeNull();
    const [logged, written, buffered] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(logged).toBeGreaterThanOrEqual(500);
    expect(written).toBe(logged);
    expect(buffered).toBe(0);
    if (dir) {
      const h = await openDatabase({ driver: 'pglite', dir, holder: 'test' });
      const n = Number(
        rowsOf<{ n: number }>(
          await h.db.execute(sql`select count(*)::int as n from operation_logs where user_id = ${runId}`),
        )[0]!.n,
      );
      await h.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      expect(n).toBe(logged);
    } else {
      expect(await stored(runId)).toBe(logged);
    }
  }, 60_000);
});
