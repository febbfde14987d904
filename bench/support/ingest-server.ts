/**
 * The ingest routes behind node:http for the HTTP ingest bench: the real POST /api/v1/oplog and
 * /api/v1/login-results handlers (auth, parsing, validation, redaction, write), without `next start` (a production
 * build per bench run costs minutes; Next adds a fixed per-request cost, small beside a 1,000-entry batch).
 * A child process of its own so the clients' CPU is not the server's; run it with `node --cpu-prof` to profile.
 * Usage: DATABASE_URL=… tsx bench/support/ingest-server.ts  (prints `listening <port> <api key>` when ready)
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { openDatabase, setDbHandle } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createApiKey } from '../../db/queries/api-keys';
import { SYSTEM_ACTOR } from '../../db/queries/audit';
import { createStaff } from '../../db/queries/staff';
import { POST as oplog } from '../../app/api/v1/oplog/route';
import { POST as loginResults } from '../../app/api/v1/login-results/route';

// A migrated server database from the bench, or an in-memory PGlite (the embedded figure) migrated here.
const url = process.env.DATABASE_URL;
const handle = url
  ? await openDatabase({ driver: 'pg', url, max: 8 })
  : await openDatabase({ driver: 'pglite', dir: null });
if (!url) await migrateDatabase(handle);
setDbHandle(handle);
const admin = await createStaff(handle.db, SYSTEM_ACTOR, {
  email: 'bench@example.test',
  name: 'bench',
  role: 'admin',
  password: 'bench-password-123',
});
const { key } = await createApiKey(
  handle.db,
  { id: admin.id, label: admin.email },
  { name: 'bench', scopes: ['oplog:write'] },
);
const routes: Record<string, typeof oplog> = { '/api/v1/oplog': oplog, '/api/v1/login-results': loginResults };
const ctx = { params: Promise.resolve({}) };

const server = http.createServer(async (req, res) => {
  const route = routes[req.url ?? ''];
  if (!route || req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const request = new Request(`http://bench.local${req.url}`, {
    method: 'POST',
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const out = await route(request, ctx);
  res.writeHead(out.status, Object.fromEntries(out.headers));
  res.end(Buffer.from(await out.arrayBuffer()));
});
// The clients keep connections open between batches; a short idle timeout races their next request (ECONNRESET).
server.keepAliveTimeout = 120_000;
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port} ${key}`));
const stop = () => server.close(() => void handle.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
