/**
 * A child process standing for the embedded (PGlite) server in the stall test: one PGlite data dir in this
 * process, the real /api/health route handler and the real background rollup job (runJob('rollup'), in the embedded server's short steps) sharing
 * its event loop, behind node:http instead of `next start` (a production build per test run costs minutes;
 * what stalls is the in-process database and event loop, which are the same here). Seeds `rows` op-log rows
 * (not rolled up), then serves GET /api/health and POST /rollup (runs the job, answers when it is done), and
 * GET /stats: when each rollup step ended and when each health request arrived and was answered (this process's
 * clock), so the test can count the steps a request waited behind, which does not depend on machine speed.
 * Usage: tsx tests/support/embedded-server.ts <dir> <rows>
 */
import http from 'node:http';
import { openDatabase, setDbHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { insertOperationLogs, type StoredEntry } from '@/db/queries/oplog-write';
import { GET as health } from '@/app/api/health/route';
import { EMBEDDED_ROLLUP, runJob } from '@/lib/server/jobs';

const [dir, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const handle = await openDatabase({ driver: 'pglite', dir: dir!, holder: 'stall test' });
await migrateDatabase(handle);
setDbHandle(handle);
const now = Date.now();
const OPS = ['GET_REVIEWS', 'ADD_REPLY', 'CHECK_LOGIN', 'VALIDATE_SESSION'] as const;
for (let at = 0; at < rows; at += 10_000) {
  const batch: StoredEntry[] = Array.from({ length: Math.min(10_000, rows - at) }, (_, j) => {
    const i = at + j;
    return {
      // The last three hours in time order (as the logger and the ingest API write them), ~1,100 rows a minute.
      createdAt: new Date(now - 3 * 3_600_000 + Math.floor((i * 3 * 3_600_000) / rows)),
      userId: `u-${i % 500}`,
      platformAccountId: `a-${i % 50}`,
      operationType: OPS[i % 4]!,
      status: i % 10 ? 'SUCCESS' : 'FAILED',
      errorType: i % 10 ? null : 'TIMEOUT',
      executionTimeMs: (i * 37) % 6000,
      proxyUsed: `proxy-${i % 5}`,
      authTypeDetected: i % 2 ? '2FA' : 'NORMAL',
    } as StoredEntry;
  });
  await insertOperationLogs(handle.query, batch);
}

const stepEnds: number[] = [];
const requests: { arrived: number; answered: number }[] = [];
const pause = EMBEDDED_ROLLUP.pause;
EMBEDDED_ROLLUP.pause = (took: number) => {
  stepEnds.push(performance.now());
  return pause(took);
};

const server = http.createServer((req, res) => {
  const send = (status: number, body: string) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  if (req.method === 'GET' && req.url === '/api/health') {
    const arrived = performance.now();
    health(new Request('http://localhost/api/health'), { params: Promise.resolve({}) })
      .then(async (r) => {
        const body = await r.text();
        requests.push({ arrived, answered: performance.now() });
        send(r.status, body);
      })
      .catch((err: Error) => send(500, JSON.stringify({ error: err.message })));
  } else if (req.method === 'POST' && req.url === '/rollup') {
    const started = performance.now();
    const lines: string[] = [];
    runJob('rollup', { handle })
      .then((r) => lines.push(r.ran ? r.summary : `held by ${r.heldBy}`))
      .then(() => send(200, JSON.stringify({ ms: performance.now() - started, lines })))
      .catch((err: Error) => send(500, JSON.stringify({ error: err.message })));
  } else if (req.method === 'GET' && req.url === '/stats') {
    send(200, JSON.stringify({ stepEnds, requests }));
  } else send(404, '{}');
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: addr.port, seeded: rows })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void handle.close().finally(() => process.exit(0));
});
