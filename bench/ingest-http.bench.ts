import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_COLUMNS, encodeCopyBinary } from '../db/queries/oplog-copy';
import type { StoredEntry } from '../db/queries/oplog-write';
import { benchDatabase } from './harness';

/**
 * HTTP ingest through POST /api/v1/oplog (the real route handler behind node:http in a child process, see
 * bench/support/ingest-server.ts) against a binary COPY of the same rows into the same database, in one run.
 * Batches of 1,000 as the platform tooling sends them; 1 and 4 concurrent clients; JSON, NDJSON and gzip bodies.
 * BENCH_HTTP_ROWS changes the size (200k on a server, 50k on PGlite); BENCH_CPU_PROF=<dir> profiles the server;
 * BENCH_HTTP_RUNS=<name,…> runs some of the HTTP runs only.
 */
const BATCH = 1000;

function makeInput(n: number, startMs: number) {
  const ops = ['GET_REVIEWS', 'CHECK_LOGIN', 'VALIDATE_SESSION', 'ADD_REPLY', 'GET_STORES'];
  return Array.from({ length: n }, (_, i) => {
    const failed = i % 9 === 0;
    return {
      createdAt: new Date(startMs + i).toISOString(),
      userId: `u-${i % 5000}`,
      platformAccountId: `acct-${i % 5000}`,
      operationType: ops[i % ops.length]!,
      resourceId: `shop-${i % 40}`,
      status: failed ? 'FAILED' : 'SUCCESS',
      errorCode: failed ? 'E_TIMEOUT' : null,
      errorType: failed ? 'TIMEOUT' : null,
      errorMessage: failed ? 'Navigation timeout of 10000 ms exceeded' : null,
      executionTimeMs: 200 + (i % 1800),
      retryCount: i % 3,
      proxyUsed: `proxy-${i % 8}`,
      userAgent: 'BobbinBot/2.3',
      requestPayload: { shopId: `shop-${i % 40}`, page: i % 5 },
      responseSummary: { items: i % 40 },
    };
  });
}

type Input = ReturnType<typeof makeInput>[number];
type Body = { bytes: Buffer; headers: Record<string, string> };

function bodies(rows: Input[], format: 'json' | 'ndjson' | 'gzip'): Body[] {
  const out: Body[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    if (format === 'ndjson') {
      out.push({
        bytes: Buffer.from(batch.map((r) => JSON.stringify(r)).join('\n') + '\n'),
        headers: { 'content-type': 'application/x-ndjson' },
      });
    } else {
      const json = Buffer.from(JSON.stringify({ entries: batch }));
      out.push(
        format === 'gzip'
          ? { bytes: zlib.gzipSync(json), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }
          : { bytes: json, headers: { 'content-type': 'application/json' } },
      );
    }
  }
  return out;
}

async function startServer(databaseUrl: string | undefined, profDir: string | undefined) {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'support/ingest-server.ts');
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' };
  delete env.DATABASE_URL;
  delete env.LOG_DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const args = [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', script];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (l) => l.startsWith('listening ') && resolve(l));
    child.once('exit', (code) => reject(new Error(`ingest server exited ${code}`)));
  });
  const [, port, key] = line.split(' ');
  return { child, base: `http://127.0.0.1:${port}`, key: key! };
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Sends every body with `clients` concurrent senders; rows/s from the first send to the last answer. */
async function send(base: string, key: string, list: Body[], clients: number, idempotent = false): Promise<number> {
  let next = 0;
  const runId = crypto.randomUUID();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < list.length) {
        const i = next++;
        const b = list[i]!;
        const headers = {
          ...b.headers,
          authorization: `Bearer ${key}`,
          ...(idempotent ? { 'idempotency-key': `bench-${runId}-${i}` } : {}),
        };
        const res = await fetch(`${base}/api/v1/oplog`, {
          method: 'POST',
          body: b.bytes as unknown as BodyInit,
          headers,
        });
        if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return Math.round((list.length * BATCH) / ((performance.now() - t0) / 1000));
}

/** The reference: one binary COPY stream of the same rows into the same table (encoding included), rows/s. */
async function copyReference(url: string, rows: Input[], truncate: () => Promise<unknown>): Promise<number> {
  await truncate();
  const stored = rows.map((r) => ({ ...r, createdAt: Date.parse(r.createdAt) }) as unknown as StoredEntry);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  const chunk = 10_000;
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < stored.length; i += chunk)
        yield encodeCopyBinary(stored.slice(i, i + chunk), i === 0, i + chunk >= stored.length);
    })(),
  );
  await pipeline(
    source,
    client.query(copyFrom(`copy operation_logs (${COPY_COLUMNS}) from stdin with (format binary)`)),
  );
  const rate = Math.round(rows.length / ((performance.now() - t0) / 1000));
  await client.end();
  return rate;
}

export async function run() {
  const server = !!process.env.DATABASE_URL;
  const rowsN = Number(process.env.BENCH_HTTP_ROWS ?? (server ? 200_000 : 50_000));
  const rows = makeInput(rowsN, Date.now() - rowsN - 60_000);
  const json = bodies(rows, 'json');
  const out: Record<string, number | string> = { bench: 'ingest.http', rows: rowsN, batch: BATCH };
  if (!server) {
    // The embedded shape: the server process holds its own in-memory PGlite.
    const s = await startServer(undefined, process.env.BENCH_CPU_PROF);
    try {
      out.database = 'pglite (memory)';
      out.http_json_1_client_rows_per_s = await send(s.base, s.key, json, 1);
      out.http_json_4_clients_rows_per_s = await send(s.base, s.key, json, 4);
    } finally {
      await stopServer(s.child);
    }
    console.log(JSON.stringify(out));
    return;
  }
  const { handle, drop } = await benchDatabase();
  const url = (handle as unknown as { url: string }).url;
  const truncate = () => handle.query('truncate operation_logs');
  const count = async () =>
    Number((await handle.query<{ n: string }>('select count(*) as n from operation_logs'))[0]!.n);
  const s = await startServer(url, process.env.BENCH_CPU_PROF);
  try {
    out.database = 'postgresql server';
    out.copy_binary_before_rows_per_s = await copyReference(url, rows, truncate);
    // Warm the server (JIT, pool) with one pass that is not counted.
    await send(s.base, s.key, json.slice(0, 20), 4);
    // With an Idempotency-Key per batch, as the platform tooling sends them (retries are safe).
    const runs: [string, Body[], number, boolean?][] = [
      ['http_json_1_client', json, 1, true],
      ['http_json_4_clients', json, 4, true],
      ['http_json_4_clients_no_key', json, 4],
      ['http_ndjson_4_clients', bodies(rows, 'ndjson'), 4, true],
      ['http_gzip_json_4_clients', bodies(rows, 'gzip'), 4, true],
    ];
    const only = process.env.BENCH_HTTP_RUNS?.split(','); // e.g. only http_json_4_clients, for a profile
    for (const [name, list, clients, idempotent] of runs.filter(([n]) => !only || only.includes(n))) {
      await truncate();
      out[`${name}_rows_per_s`] = await send(s.base, s.key, list, clients, idempotent);
      if ((await count()) !== rowsN) throw new Error(`${name}: stored ${await count()} of ${rowsN}`);
    }
    // COPY before and after the HTTP runs (the machine's load drifts during a run); the ratios use their mean.
    out.copy_binary_after_rows_per_s = await copyReference(url, rows, truncate);
    const copyRate = (Number(out.copy_binary_before_rows_per_s) + Number(out.copy_binary_after_rows_per_s)) / 2;
    for (const [name] of runs) {
      if (out[`${name}_rows_per_s`] !== undefined)
        out[`ratio_${name}_to_copy`] = +(Number(out[`${name}_rows_per_s`]) / copyRate).toFixed(2);
    }
  } finally {
    await stopServer(s.child);
    await drop();
  }
  console.log(JSON.stringify(out));
}
