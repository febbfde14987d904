import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { insertOperationLogs, writeOperationLogs, type StoredEntry } from '@/db/queries/oplog-write';
import { runRollup, verifyRollups } from '@/db/queries/observability-rollup';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { failed, opEntry } from '../support/oplog-factories';

const t = useTestDatabase();
const HOUR = 3_600_000;
const now = Date.now();
const range = {
  from: new Date(Math.floor(now / HOUR) * HOUR - 3 * HOUR),
  to: new Date(Math.floor(now / HOUR) * HOUR + HOUR),
};

/** Rows spread over the last three hours (inside partitions that exist), some failed. */
function batch(n: number, seed: number): StoredEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const base = {
      createdAt: new Date(now - ((seed * 7919 + i * 104_729) % (3 * HOUR))),
      executionTimeMs: (seed + i) % 7000,
      operationType: (['GET_REVIEWS', 'ADD_REPLY', 'CHECK_LOGIN'] as const)[i % 3],
    };
    return i % 9 === 0 ? failed('TIMEOUT', base) : opEntry(base);
  });
}

async function rawCount(): Promise<number> {
  return Number(
    rowsOf<{ n: string | number }>(await t.log.db.execute(sql`select count(*) as n from operation_logs`))[0]!.n,
  );
}
async function rolledUp(): Promise<number> {
  return Number(
    rowsOf<{ n: string | number | null }>(await t.log.db.execute(sql`select sum(n) as n from oplog_rollup_minutes`))[0]!
      .n ?? 0,
  );
}
/** A second, independent connection to the test database (the server projects). */
async function connect(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: t.url! });
  await c.connect();
  return c;
}
/** Inserts rows on a raw connection (the unnest insert, as the API's PGlite and Neon path does). */
const insertOn = (c: pg.Client, rows: StoredEntry[]) =>
  insertOperationLogs(async (text, params) => (await c.query(text, params)).rows as never, rows);

// Held-open and concurrent transactions need a second connection: the server projects only (PGlite has one).
if (TEST_DRIVER !== 'pglite')
  describe(`exact rollups under concurrent writers (${TEST_DRIVER})`, () => {
    it('counts an insert transaction held open across a rollup run exactly once, after it commits', async () => {
      await insertOperationLogs(t.log.query, batch(100, 1));
      const held = await connect();
      try {
        await held.query('begin');
        await insertOn(held, batch(10, 2)); // lower ids than the rows below, committed after they are rolled up
        await insertOperationLogs(t.log.query, batch(50, 3));
        const during = await runRollup(t.log.db);
        // The 50 committed rows came from a transaction newer than the open one: they wait for it (no skip later).
        expect(during.rows).toBe(100);
        expect(await rolledUp()).toBe(100);
        expect((await verifyRollups(t.log.db, range)).drift).toEqual([]);
        await held.query('commit');
      } finally {
        await held.end();
      }
      const after = await runRollup(t.log.db);
      expect(after.rows).toBe(60);
      expect((await runRollup(t.log.db)).rows).toBe(0);
      expect(await rolledUp()).toBe(160);
      expect(await rawCount()).toBe(160);
      const v = await verifyRollups(t.log.db, range);
      expect(v.drift).toEqual([]);
      expect(v.rawRows).toBe(160);
    });

    it('never counts the rows of a transaction that rolls back', async () => {
      const c = await connect();
      try {
        await c.query('begin');
        await insertOn(c, batch(20, 4));
        await insertOperationLogs(t.log.query, batch(5, 5));
        await runRollup(t.log.db);
        await c.query('rollback');
      } finally {
        await c.end();
      }
      await runRollup(t.log.db);
      expect(await rolledUp()).toBe(5);
      expect((await verifyRollups(t.log.db, range)).drift).toEqual([]);
    });

    it('4 concurrent writers (COPY, unnest, held and rolled-back transactions) with rollups alongside end with rollups == raw counts', async () => {
      const writers = 4;
      const batches = 20;
      let committed = 0;
      let writing = writers;
      const writer = async (w: number) => {
        const c = await connect();
        try {
          for (let b = 0; b < batches; b++) {
            const rows = batch(50 + ((w * 31 + b * 17) % 200), w * 1000 + b);
            if (b % 3 === 0) {
              // Through the app's bulk path: binary COPY on node-postgres, the unnest insert on Neon.
              await writeOperationLogs(t.log, rows);
              committed += rows.length;
              continue;
            }
            await c.query('begin');
            await insertOn(c, rows);
            // Hold the transaction open for a while: rollups run meanwhile and newer transactions commit first.
            await c.query('select pg_sleep($1)', [((w + b) % 4) * 0.02]);
            if (b % 7 === 5) {
              await c.query('rollback');
            } else {
              await c.query('commit');
              committed += rows.length;
            }
          }
        } finally {
          await c.end();
          writing--;
        }
      };
      let runs = 0;
      const roller = async () => {
        while (writing > 0) {
          await runRollup(t.log.db, { stepRows: 300 }); // small steps: many cursor moves while rows land
          runs++;
        }
      };
      await Promise.all([...Array.from({ length: writers }, (_, w) => writer(w)), roller(), roller()]);
      await runRollup(t.log.db);
      expect(runs).toBeGreaterThan(2);
      expect(await rawCount()).toBe(committed);
      expect(await rolledUp()).toBe(committed);
      const v = await verifyRollups(t.log.db, range);
      expect(v.drift).toEqual([]);
      expect(v.rawRows).toBe(committed);
    });
  });

describe(`exact rollups, interleaved writes and runs (${TEST_DRIVER})`, () => {
  it('writes and rollup runs interleaved on one handle leave no drift; verify reports drift when a rollup is off', async () => {
    let total = 0;
    const writes = Array.from({ length: 8 }, async (_, i) => {
      const rows = batch(100 + i * 13, 50 + i);
      await writeOperationLogs(t.log, rows);
      total += rows.length;
    });
    const runs = Array.from({ length: 4 }, () => runRollup(t.log.db, { stepRows: 150 }));
    await Promise.all([...writes, ...runs]);
    await runRollup(t.log.db);
    expect(await rolledUp()).toBe(total);
    expect((await verifyRollups(t.log.db, range)).drift).toEqual([]);
    // oplog:verify's check itself: one count off in one hour is reported for that hour.
    await t.log.db.execute(
      sql`update oplog_rollup_counts set n = n + 1 where ctid = (select ctid from oplog_rollup_counts where grain = 'hour' and proxy <> '*' limit 1)`,
    );
    const v = await verifyRollups(t.log.db, range);
    expect(v.drift).toHaveLength(1);
    expect(v.drift[0]!.rollups.hour).toBe(v.drift[0]!.raw + 1);
  });

  it('takes over from the id watermark of the previous job: rows without an xid past it are counted once', async () => {
    await insertOperationLogs(t.log.query, batch(10, 60));
    await runRollup(t.log.db); // stands for the old job having counted ids 1-10
    await insertOperationLogs(t.log.query, batch(20, 61));
    // The first 25 rows were written before the xid column existed; the old job's state: watermark 10, no cursor.
    const base = Number(
      rowsOf<{ m: string | number }>(await t.log.db.execute(sql`select min(id) as m from operation_logs`))[0]!.m,
    );
    await t.log.db.execute(sql`update operation_logs set xid = null where id < ${base + 25}`);
    await t.log.db.execute(
      sql`update oplog_rollup_state set watermark = ${base + 9}, legacy_floor = null, legacy_at = null, target_xid = null, cursor_xid = null, cursor_id = null`,
    );
    expect((await runRollup(t.log.db)).rows).toBe(20);
    expect((await runRollup(t.log.db)).rows).toBe(0);
    expect(await rolledUp()).toBe(30);
    expect((await verifyRollups(t.log.db, range)).drift).toEqual([]);
    const state = rowsOf<{ w: string | number }>(
      await t.log.db.execute(sql`select watermark as w from oplog_rollup_state`),
    )[0]!;
    expect(Number(state.w)).toBe(Number.MAX_SAFE_INTEGER); // an old process's job now finds nothing to do
  });
});

// The embedded server (PGlite in the server's own process): a real child process (tests/support/embedded-server.ts:
// the real health route handler and background rollup on node:http, not `next start`) holding 200k rows not yet
// rolled up. Health is probed every 100 ms, without waiting for earlier probes, while the rollup runs.
if (TEST_DRIVER === 'pglite')
  describe('the embedded server during a rollup of 200k new rows (pglite, child process)', () => {
    it('answers every /api/health probe between rollup steps, never behind more than two of them', async () => {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-stall-')), 'pglite');
      const child = spawn(
        path.join(process.cwd(), 'node_modules/.bin/tsx'),
        ['tests/support/embedded-server.ts', dir, '200000'],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        const first = await new Promise<string>((resolve, reject) => {
          readline.createInterface({ input: child.stdout! }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`embedded server exited (${code})`)));
        });
        const { port } = JSON.parse(first) as { port: number };
        const base = `http://127.0.0.1:${port}`;
        const probes: Promise<{ status: number; ms: number }>[] = [];
        const probe = async () => {
          const t0 = performance.now();
          const r = await fetch(`${base}/api/health`);
          await r.text();
          return { status: r.status, ms: performance.now() - t0 };
        };
        probes.push(probe()); // warm: the route's first call loads the migration journal
        await probes[0];
        const timer = setInterval(() => probes.push(probe()), 100);
        const rollup = await fetch(`${base}/rollup`, { method: 'POST' }).then(
          (r) => r.json() as Promise<{ ms: number; lines: string[] }>,
        );
        clearInterval(timer);
        const sentDuringRollup = probes.length - 1;
        const results = await Promise.all(probes);
        const worst = Math.max(...results.map((r) => r.ms));
        // In the server's own clock: how many steps ended between a probe's arrival and its answer. A probe that
        // arrives mid-step is read once the step yields, queues for the database, and is answered before the
        // step after next (a step is one transaction holding the database). Counting steps, not milliseconds,
        // makes the check independent of machine speed; the wall-clock figures are printed for the README.
        const stats = (await fetch(`${base}/stats`).then((r) => r.json())) as {
          stepEnds: number[];
          requests: { arrived: number; answered: number }[];
        };
        const behind = stats.requests.map(
          (q) => stats.stepEnds.filter((end) => end > q.arrived && end < q.answered).length,
        );
        const histogram = new Map<number, number>();
        for (const n of behind) histogram.set(n, (histogram.get(n) ?? 0) + 1);
        const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
        const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
        console.log(
          `embedded stall test: rollup ${Math.round(rollup.ms)} ms (${rollup.lines.join('; ')}); ${results.length} probes: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, worst ${Math.round(worst)} ms, ${sorted.filter((ms) => ms > 250).length} over 250 ms; steps waited behind: ${[
            ...histogram,
          ]
            .sort((a, b) => a[0] - b[0])
            .map(([n, c]) => `${n}: ${c} probe(s)`)
            .join(', ')}`,
        );
        expect(rollup.lines.join(' ')).toContain('200000 op-log row(s) rolled up');
        expect(results.length).toBeGreaterThan(5);
        expect(results.every((r) => r.status === 200)).toBe(true);
        // Small steps (one 200k-row step would be 1), and requests were read while the job ran, not after it
        // (a job that never yields to the event loop lets none arrive before its last step): 0 steps waited
        // would also be what a job that never yields shows, so both matter.
        expect(stats.stepEnds.length).toBeGreaterThan(10);
        expect(stats.requests.length).toBe(results.length);
        const lastStep = stats.stepEnds.at(-1)!;
        expect(stats.requests.filter((q) => q.arrived < lastStep).length).toBeGreaterThanOrEqual(sentDuringRollup / 2);
        expect(Math.max(...behind)).toBeLessThanOrEqual(2);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }, 600_000);
  });
