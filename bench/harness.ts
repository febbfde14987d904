import crypto from 'node:crypto';
import pg from 'pg';
import { asLogHandle, openDatabase, type LogDbHandle } from '../db/client';
import { migrateDatabase } from '../db/migrate';

/** Times `fn` `iterations` times after `warmup` runs; prints one JSON line with median and p95 in ms. */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  opts: { iterations?: number; warmup?: number; size?: Record<string, number | string> } = {},
) {
  const { iterations = 50, warmup = 5 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  const line = {
    bench: name,
    iterations,
    median_ms: +pick(0.5).toFixed(3),
    p95_ms: +pick(0.95).toFixed(3),
    ...opts.size,
  };
  console.log(JSON.stringify(line));
  return line;
}

/**
 * A throw-away database for a benchmark: a new database on the server in DATABASE_URL (dropped afterwards),
 * or an in-memory PGlite when none is set.
 */
/** One database for the whole bench: the op-log tables live in it too, so its handle is also the log database's. */
export async function benchDatabase(): Promise<{ handle: LogDbHandle; label: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ driver: 'pglite', dir: null });
    await migrateDatabase(handle);
    return { handle: asLogHandle(handle), label: 'pglite (memory)', drop: () => handle.close() };
  }
  const name = `bobbin_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = Object.assign(await openDatabase({ driver: 'pg', url: target.toString() }), {
    url: target.toString(),
  });
  await migrateDatabase(handle);
  return {
    handle: asLogHandle(handle),
    label: 'postgresql server',
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
