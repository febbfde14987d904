import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A real streaming replica of the test server for the replica-read tests: `pg_basebackup -R` of the server into a
 * temporary directory, started on a free port with Debian's PostgreSQL 15 binaries as the postgres user (run the
 * tests as root, as CI on this machine does). The server needs a replication entry in pg_hba.conf: this adds
 * `host replication all 127.0.0.1/32 trust` once (idempotent: only when no such line exists) and reloads the
 * configuration; `wal_level=replica` and `max_wal_senders` are PostgreSQL's defaults. The replica's own
 * postgresql.conf and pg_hba.conf are written here (Debian keeps the server's in /etc, outside the data dir).
 */
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const HBA_LINE = 'host replication all 127.0.0.1/32 trust';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A standby must allow at least as much as its primary, or it refuses to replay. */
const AT_LEAST_PRIMARY = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

async function ensureReplicationAllowed(serverUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const file = (await c.query<{ hba_file: string }>('show hba_file')).rows[0]!.hba_file;
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/).join(' '));
    if (!lines.some((l) => l.startsWith('host replication all 127.0.0.1/32'))) {
      fs.appendFileSync(file, `\n# Added by Bobbin's replica-read tests (tests/support/replica.ts)\n${HBA_LINE}\n`);
      await c.query('select pg_reload_conf()');
    }
    const values: string[] = [];
    for (const name of AT_LEAST_PRIMARY) values.push(`${name} = ${(await c.query(`show ${name}`)).rows[0]![name]}`);
    return values.join('\n');
  } finally {
    await c.end();
  }
}

export type Replica = { url(database: string): string; port: number; stop(): Promise<void> };

export async function startReplica(serverUrl: string): Promise<Replica> {
  const limits = await ensureReplicationAllowed(serverUrl);
  const server = new URL(serverUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-replica-'));
  fs.chmodSync(dir, 0o700);
  execFileSync('chown', ['postgres:postgres', dir]);
  const asPostgres = (bin: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args], {
      stdio: 'pipe',
      timeout: 300_000,
    });
  asPostgres('pg_basebackup', [
    '-h',
    server.hostname,
    '-p',
    server.port || '5432',
    '-U',
    server.username || 'postgres',
    '-D',
    dir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'postgresql.conf'),
    `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nhot_standby = on\nshared_buffers = 16MB\n${limits}\n`,
  );
  fs.writeFileSync(path.join(dir, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  fs.writeFileSync(path.join(dir, 'pg_ident.conf'), '');
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  try {
    asPostgres('pg_ctl', ['-D', dir, '-l', path.join(dir, 'replica.log'), '-w', '-t', '120', 'start']);
  } catch (err) {
    const logTail = fs.readFileSync(path.join(dir, 'replica.log'), 'utf8').split('\n').slice(-8).join('\n');
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`the replica did not start: ${(err as Error).message}\n${logTail}`);
  }
  return {
    port,
    url(database: string) {
      const u = new URL(serverUrl);
      u.port = String(port);
      u.pathname = `/${database}`;
      return u.toString();
    },
    async stop() {
      try {
        asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
