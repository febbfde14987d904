import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lockPath } from './pglite-lock';

/**
 * Backups and restores for both modes (docs/adr/0004-backups.md):
 * - embedded: PGlite's own physical dump (`dumpDataDir`, a gzipped tar of the data dir). It runs inside the
 *   process that holds the database, between two queries, so it is crash-consistent and restores like a copy of
 *   a cleanly stopped server (recovery discards transactions that were open). A running server takes it on
 *   request (a file plus SIGUSR2, local only), so it keeps answering.
 * - server: `pg_dump --format=custom` of the main database (and of the log database when separate), restored
 *   with `pg_restore --single-transaction`. pg_dump reads one snapshot, so writes may continue meanwhile.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}

export type BackupResult = { file: string; bytes: number; ms: number };

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  await fs.promises.writeFile(tmp, bytes);
  await fs.promises.rename(tmp, file); // a reader never sees half a backup
}

type PgliteLike = { query(sql: string): Promise<unknown>; dumpDataDir(c?: 'gzip' | 'none' | 'auto'): Promise<Blob> };

/** Dumps a PGlite database that this process holds open. */
export async function backupPgliteClient(client: PgliteLike, out: string): Promise<BackupResult> {
  const started = performance.now();
  await client.query('checkpoint'); // less WAL to replay on restore
  const blob = await client.dumpDataDir('gzip');
  await writeAtomically(out, new Uint8Array(await blob.arrayBuffer()));
  return { file: out, bytes: fs.statSync(out).size, ms: performance.now() - started };
}

// ── Embedded backups taken by the server that holds the data dir ──────────────────────────────────────────

const requestFile = (dir: string) => `${lockPath(dir).replace(/\.lock$/, '')}.backup-request.json`;
const resultFile = (dir: string, id: string) => `${lockPath(dir).replace(/\.lock$/, '')}.backup-result-${id}.json`;
type BackupRequest = { id: string; out: string };
type BackupReply = { ok: true; bytes: number; ms: number } | { ok: false; error: string };

/**
 * Lets `npm run db:backup` reach the server holding the embedded database: it writes a request file next to
 * the data dir and sends SIGUSR2; the server dumps between queries and writes the result file. Local only (the
 * same user's processes can signal), so it adds nothing to the network surface.
 */
export function installEmbeddedBackupListener(client: PgliteLike, dir: string): () => void {
  const onSignal = () => {
    let req: BackupRequest;
    try {
      req = JSON.parse(fs.readFileSync(requestFile(dir), 'utf8')) as BackupRequest;
      fs.rmSync(requestFile(dir), { force: true });
    } catch {
      return; // a stray signal
    }
    if (!/^[a-f0-9]{16}$/.test(req.id) || !path.isAbsolute(req.out)) return;
    const reply = (r: BackupReply) => fs.writeFileSync(resultFile(dir, req.id), JSON.stringify(r));
    backupPgliteClient(client, req.out).then(
      (r) => reply({ ok: true, bytes: r.bytes, ms: r.ms }),
      (err: Error) => reply({ ok: false, error: err.message }),
    );
  };
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}

/** Who holds the embedded data dir (a live server), if anyone. */
export function embeddedHolder(dir: string): number | null {
  try {
    const { pid } = JSON.parse(fs.readFileSync(lockPath(dir), 'utf8')) as { pid?: number };
    if (!pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Asks the process holding `dir` for a backup and waits for it (polling its result file). */
export async function requestEmbeddedBackup(
  dir: string,
  pid: number,
  out: string,
  opts: { waitMs?: number } = {},
): Promise<BackupResult> {
  const id = crypto.randomBytes(8).toString('hex');
  const file = path.resolve(out);
  fs.writeFileSync(requestFile(dir), JSON.stringify({ id, out: file } satisfies BackupRequest));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + (opts.waitMs ?? 30 * 60_000);
  const result = resultFile(dir, id);
  while (!fs.existsSync(result)) {
    if (Date.now() > deadline) throw new BackupError(`the server (pid ${pid}) did not answer the backup request`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const reply = JSON.parse(fs.readFileSync(result, 'utf8')) as BackupReply;
  fs.rmSync(result, { force: true });
  if (!reply.ok) throw new BackupError(`the server could not take the backup: ${reply.error}`);
  return { file, bytes: reply.bytes, ms: reply.ms };
}

/** Backs up the embedded database: through the server when one holds it, else by opening it here. */
export async function backupEmbedded(dir: string, out: string): Promise<BackupResult & { via: 'server' | 'direct' }> {
  if (!fs.existsSync(dir)) throw new BackupError(`there is no embedded database at ${dir}`);
  const pid = embeddedHolder(dir);
  if (pid) return { ...(await requestEmbeddedBackup(dir, pid, out)), via: 'server' };
  const { acquirePgliteLock } = await import('./pglite-lock');
  const release = acquirePgliteLock(dir, 'npm run db:backup');
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create(dir);
  try {
    return { ...(await backupPgliteClient(client, out)), via: 'direct' };
  } finally {
    await client.close();
    release();
  }
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/** Restores an embedded backup into `dir`, which must be empty or absent unless `force`. */
export async function restoreEmbedded(
  file: string,
  dir: string,
  opts: { force?: boolean } = {},
): Promise<{ ms: number }> {
  const started = performance.now();
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  if (embeddedHolder(dir)) throw new BackupError(`the embedded database ${dir} is in use; stop the server first`);
  if (!isEmptyDir(dir)) {
    if (!opts.force)
      throw new BackupError(`${dir} is not empty; restore into an empty directory, or pass --force to replace it`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([fs.readFileSync(file)]) });
  await client.query('select 1');
  await client.close();
  return { ms: performance.now() - started };
}

// ── PostgreSQL server ────────────────────────────────────────────────────────────────────────────────────

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) =>
      reject(
        new BackupError(
          `${cmd} could not run (${err.message}); install the PostgreSQL client tools (Debian: postgresql-client)`,
        ),
      ),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${cmd} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

/**
 * `pg_dump --format=custom` of one database. The partitioned op-log is dumped as its partitions (the DDL creates
 * the same monthly partitions, then each partition's rows); the archive is an ordinary table. Sequences come
 * with their current values, so ids continue after a restore.
 */
export async function backupServer(url: string, out: string): Promise<BackupResult> {
  const started = performance.now();
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.partial-${process.pid}`;
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${url}`]);
  await fs.promises.rename(tmp, out);
  return { file: out, bytes: fs.statSync(out).size, ms: performance.now() - started };
}

/** Tables, views and sequences outside the system schemas: a restore target must have none unless forced. */
export async function serverObjectCount(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r','p','v','m','S') and n.nspname not in ('pg_catalog','information_schema','pg_toast')`,
    );
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Restores a custom-format dump in one transaction (all or nothing) into an empty database unless `force`. */
export async function restoreServer(
  file: string,
  url: string,
  opts: { force?: boolean } = {},
): Promise<{ ms: number }> {
  const started = performance.now();
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${file}`);
  const existing = await serverObjectCount(url);
  if (existing > 0 && !opts.force) {
    throw new BackupError(
      `the target database is not empty (${existing} tables/sequences); restore into an empty database, or pass --force to replace them`,
    );
  }
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`];
  if (existing > 0) args.push('--clean', '--if-exists');
  await run('pg_restore', [...args, file]);
  return { ms: performance.now() - started };
}

/** The log database's dump sits beside the main one: `backup.dump` → `backup.log.dump`. */
export function logBackupPath(out: string): string {
  const ext = path.extname(out);
  return ext ? `${out.slice(0, -ext.length)}.log${ext}` : `${out}.log`;
}
