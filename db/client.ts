import fs from 'node:fs';
import { PgPreparedQuery, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import { getEnv, isNeonHost, type DbDriver } from '../lib/env';
import { log } from '../lib/server/log';
import { withDbSpan } from '../lib/server/tracing';
import { acquirePgliteLock } from './pglite-lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type every query function takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction, where a function must run inside its caller's (e.g. an outbox event with its change). */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle = {
  db: Db;
  driver: DbDriver;
  /** Human-readable target for logs: a path or host/database, never a password. */
  target: string;
  /**
   * A raw parameterised query on the driver, bypassing drizzle's statement builder: for bulk paths
   * (unnest inserts) where building a statement per row costs more than the write (docs/adr/0005-drivers.md).
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** `COPY … FROM STDIN` of pre-encoded chunks on one pooled connection (node-postgres only). */
  copyFrom?(copySql: string, chunks: Iterable<Buffer>): Promise<void>;
  /** The embedded instance itself (PGlite only): its physical dump is the embedded backup (db/backup.ts). */
  pglite?: import('@electric-sql/pglite').PGlite;
  close(): Promise<void>;
};

export type OpenOptions =
  | { driver: 'pglite'; dir: string | null; holder?: string } // dir null = in memory (tests)
  | { driver: 'pg' | 'neon'; url: string; max?: number };

/**
 * Database spans at one place for every driver: each drizzle statement (queries, `db.execute`, a transaction's
 * BEGIN/COMMIT) passes through PgPreparedQuery.queryWithCache, and the raw `handle.query` through `traced`
 * below. Patched once per loaded copy of drizzle; a flag check when tracing is off.
 */
type QueryWithCache = (
  this: unknown,
  text: string,
  params: unknown[],
  query: () => Promise<unknown>,
) => Promise<unknown>;
const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache; __bobbinTraced?: true };
if (!proto.__bobbinTraced) {
  const original = proto.queryWithCache;
  proto.queryWithCache = function (this: unknown, text, params, query) {
    return withDbSpan(text, () => original.call(this, text, params, query));
  };
  proto.__bobbinTraced = true;
}

function traced(query: DbHandle['query']): DbHandle['query'] {
  return <T>(text: string, params?: unknown[]) => withDbSpan(text, () => query<T>(text, params));
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}

/**
 * Types the raw driver paths (`handle.query`) hand over as text, as drizzle's own sessions do for `db.execute` on
 * all three drivers: a `date` is a calendar day, not a local-midnight Date, and a `timestamp` without zone is wall
 * clock time. db/codec.ts decodes them (`col.date`, `col.timestamp`); tests/integration/row-codec.test.ts checks
 * the same row decodes identically on every driver and path. OIDs: date, timestamp, interval and their arrays.
 */
const RAW_TEXT_TYPES = new Set([1082, 1114, 1186, 1182, 1115, 1187]);
const asText = (value: string) => value;

/** node-postgres and Neon: the default parsers except RAW_TEXT_TYPES. */
async function pgTypes(driver: 'pg' | 'neon') {
  const { types } = driver === 'pg' ? (await import('pg')).default : await import('@neondatabase/serverless');
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      RAW_TEXT_TYPES.has(oid) ? asText : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
  };
}

/** Opens a database with the chosen driver. Drivers are imported lazily so each mode loads only its own. */
export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.driver === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    let release = () => {};
    if (opts.dir) {
      release = acquirePgliteLock(opts.dir, opts.holder ?? `pid ${process.pid}`);
      fs.mkdirSync(opts.dir, { recursive: true }); // PGlite does not create parents
    }
    const parsers = Object.fromEntries([...RAW_TEXT_TYPES].map((oid) => [oid, asText]));
    const client = await PGlite.create({ ...(opts.dir ? { dataDir: opts.dir } : {}), parsers });
    const db = drizzle({ client, schema }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      target: opts.dir ?? 'memory',
      pglite: client,
      query: traced(async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows),
      async close() {
        await client.close();
        release();
      },
    };
  }
  if (opts.driver === 'pg') {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    // A request that finds every connection busy waits in the pool's queue; 30 s (not 5) so a burst on a loaded
    // machine queues instead of failing, while a dead server still fails start-up checks in bounded time.
    const pool = new Pool({
      connectionString: opts.url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: 30_000,
      types: await pgTypes('pg'),
    });
    // An idle client that loses its server emits 'error'; without a listener that kills the process.
    pool.on('error', (err) =>
      log.error({ target: describeUrl(opts.url), reason: err.message }, 'database connection lost'),
    );
    return {
      db: drizzle({ client: pool, schema }) as unknown as Db,
      driver: 'pg',
      target: describeUrl(opts.url),
      query: traced(async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[]),
      async copyFrom(copySql: string, chunks: Iterable<Buffer>) {
        const [{ from }, { pipeline }, { Readable }] = await Promise.all([
          import('pg-copy-streams'),
          import('node:stream/promises'),
          import('node:stream'),
        ]);
        const client = await pool.connect();
        try {
          await pipeline(Readable.from(chunks), client.query(from(copySql)));
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const { Pool, neonConfig } = await import('@neondatabase/serverless');
  const { drizzle } = await import('drizzle-orm/neon-serverless');
  const { default: WebSocket } = await import('ws');
  neonConfig.webSocketConstructor = WebSocket;
  const proxy = process.env.NEON_WS_PROXY;
  if (proxy) {
    // Local testing only: a plain WebSocket-to-TCP proxy in front of a local PostgreSQL (see tests/support/neon-proxy.ts).
    // The proxy pipes to the address it is given: the URL's own host and port (tests use more than one server).
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: opts.url, max: opts.max ?? 10, types: await pgTypes('neon') });
  pool.on('error', (err: Error) =>
    log.error({ target: describeUrl(opts.url), reason: err.message }, 'database connection lost'),
  );
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    driver: 'neon',
    target: describeUrl(opts.url),
    query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
    close: () => pool.end(),
  };
}

/** Open options from the validated environment. */
export function optionsFromEnv(holder?: string): OpenOptions {
  const env = getEnv();
  return env.driver === 'pglite'
    ? { driver: 'pglite', dir: env.pgliteDir, holder }
    : { driver: env.driver, url: env.databaseUrl! };
}

// The handle lives on globalThis so Next's module duplication (route handlers vs pages) shares one pool,
// which matters doubly for PGlite: one process, one instance per data dir.
const g = globalThis as unknown as { __bobbinDb?: Promise<DbHandle>; __bobbinLogDb?: Promise<DbHandle> };

/** The process-wide database; opened on first use from the environment. */
export function getDbHandle(): Promise<DbHandle> {
  g.__bobbinDb ??= openDatabase(optionsFromEnv('the Bobbin server')).catch((err) => {
    g.__bobbinDb = undefined;
    throw err;
  });
  return g.__bobbinDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests and scripts install their own handle (also used for the op log unless one is set apart). */
export function setDbHandle(handle: DbHandle | null): void {
  g.__bobbinDb = handle ? Promise.resolve(handle) : undefined;
  g.__bobbinLogDb = undefined;
}

/** Tests set a log database apart (after setDbHandle), as LOG_DATABASE_URL does for the server. */
export function setLogDbHandle(handle: DbHandle | null): void {
  g.__bobbinLogDb = handle ? Promise.resolve(handle) : undefined;
}

/**
 * The database holding the operation-log tables: LOG_DATABASE_URL when set (logs can outgrow the main
 * database), otherwise the main one.
 */
export function getLogDbHandle(): Promise<LogDbHandle> {
  if (g.__bobbinLogDb) return g.__bobbinLogDb as Promise<LogDbHandle>;
  const url = getEnv().logDatabaseUrl;
  if (!url) return getDbHandle() as Promise<LogDbHandle>;
  g.__bobbinLogDb ??= openDatabase({ driver: isNeonHost(url) ? 'neon' : 'pg', url }).catch((err) => {
    g.__bobbinLogDb = undefined;
    throw err;
  });
  return g.__bobbinLogDb as Promise<LogDbHandle>;
}

export async function getLogDb(): Promise<LogDb> {
  return (await getLogDbHandle()).db;
}

declare const logDbBrand: unique symbol;
/**
 * The database holding the op-log tables (operation logs, profiles, review metadata, rollups, grade snapshots):
 * a `Db` branded apart, so a query on those tables (which takes a `LogDb`) cannot be handed the main database by
 * mistake; with LOG_DATABASE_URL set the main database does not hold them (docs/adr/0011-log-database.md).
 * Obtained from getLogDb()/getLogDbHandle(), or asLogDb() where the caller knows the log tables live there.
 */
export type LogDb = Db & { readonly [logDbBrand]: true };
export type LogDbHandle = DbHandle & { db: LogDb };

/** Declares that this database holds the op-log tables: the main one when LOG_DATABASE_URL is unset, or the log one. */
export function asLogDb(db: Db): LogDb {
  return db as LogDb;
}

/** The same for a handle (tests and scripts that opened the log database themselves). */
export function asLogHandle(handle: DbHandle): LogDbHandle {
  return handle as LogDbHandle;
}

/**
 * Runs `fn` in a transaction on the log database; the transaction is a LogDb too (drizzle types it as a plain
 * transaction).
 */
export function logTransaction<T>(db: LogDb, fn: (tx: LogDb) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as LogDb));
}

const replicas = globalThis as unknown as {
  __bobbinReplicas?: Map<string, Promise<DbHandle>>;
  __bobbinReplicaTurn?: number;
};

/** One handle per replica URL (small pools: replicas serve the lagging-tolerant reads only). */
function replicaHandle(url: string): Promise<DbHandle> {
  replicas.__bobbinReplicas ??= new Map();
  let h = replicas.__bobbinReplicas.get(url);
  if (!h) {
    h = openDatabase({ driver: isNeonHost(url) ? 'neon' : 'pg', url, max: 5 });
    h.catch(() => replicas.__bobbinReplicas?.delete(url));
    replicas.__bobbinReplicas.set(url, h);
  }
  return h;
}

function pickReplica(urls: string[]): Promise<DbHandle> {
  const turn = (replicas.__bobbinReplicaTurn = ((replicas.__bobbinReplicaTurn ?? -1) + 1) % urls.length);
  return replicaHandle(urls[turn]!);
}

/**
 * The database for reads that may lag the primary by a moment (dashboards, the support workspace): a streaming
 * replica from DATABASE_REPLICA_URLS, round-robin, or the primary without any. Writes, and pages that must see
 * the user's own last save, use getDb(). Never write through it: a replica refuses writes.
 */
export async function getReadDb(): Promise<Db> {
  const urls = getEnv().replicaUrls;
  return urls.length ? (await pickReplica(urls)).db : getDb();
}

/** Like getReadDb for the op-log tables: LOG_DATABASE_REPLICA_URLS with a log database, else the main replicas. */
export async function getLogReadDb(): Promise<LogDb> {
  const env = getEnv();
  const urls = env.logDatabaseUrl ? env.logReplicaUrls : env.replicaUrls;
  return urls.length ? asLogDb((await pickReplica(urls)).db) : getLogDb();
}

/** Closes the replica pools (shutdown, tests). */
export async function closeReplicas(): Promise<void> {
  const open = [...(replicas.__bobbinReplicas?.values() ?? [])];
  replicas.__bobbinReplicas = undefined;
  await Promise.all(open.map(async (h) => (await h.catch(() => null))?.close()));
}

/** Rows of a raw `db.execute(sql...)` result; every driver returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * The raw `query(text, params)` shape on a drizzle database or transaction: `$n` placeholders become bound
 * parameters (each used once, in order, as the bulk statements write them). Lets the bulk paths run inside a
 * drizzle transaction, e.g. an op-log batch written with its idempotency key.
 */
export function queryOn(db: Db): DbHandle['query'] {
  return async <T>(text: string, params: unknown[] = []) => {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = parts.map((p, i) => (i % 2 ? sql`${sql.param(params[Number(p) - 1])}` : sql.raw(p)));
    return rowsOf<T>(await db.execute(sql.join(chunks, sql``)));
  };
}

/**
 * `COPY … FROM STDIN` on the connection a node-postgres drizzle transaction runs on, so a bulk COPY commits or
 * rolls back with the transaction's other statements (an ingest batch with its idempotency key). Null on other
 * drivers or outside a transaction. Reads drizzle's session client (NodePgSession.client: inside a transaction,
 * the pooled pg connection it holds); tests/integration/ingest-api.test.ts covers it on the server.
 */
export function copyOn(tx: Db, driver: DbDriver): DbHandle['copyFrom'] {
  if (driver !== 'pg') return undefined;
  type Client = { query(q: unknown): NodeJS.WritableStream; release?: unknown };
  const client = (tx as unknown as { session?: { client?: Client } }).session?.client;
  if (!client || typeof client.release !== 'function') return undefined; // a Pool: not inside a transaction
  return async (copySql, chunks) => {
    const [{ from }, { pipeline }, { Readable }] = await Promise.all([
      import('pg-copy-streams'),
      import('node:stream/promises'),
      import('node:stream'),
    ]);
    await pipeline(Readable.from(chunks), client.query(from(copySql)));
  };
}
