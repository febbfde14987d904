import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createServerDatabase } from '../tests/support/server-db';
import { until } from '../tests/support/until';

/**
 * The container image's command without Docker: the standalone output of the build Playwright's web server made
 * (`output: 'standalone'`), prepared as the Dockerfile prepares it (static assets and scripts/server.mjs beside
 * Next's server.js), started with plain `node scripts/server.mjs` in .next/standalone on the test database: a fresh database on the PostgreSQL server when
 * TEST_DATABASE_URL (or a postgres DATABASE_URL) is set, else a fresh embedded PGlite directory. It must migrate,
 * become ready, and answer with request ids in headers, error bodies and its JSON log lines; with an OTLP endpoint
 * set, its traces reach the collector.
 */
const SERVER_URL =
  process.env.TEST_DATABASE_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');
const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const root = process.cwd();
const standalone = path.join(root, '.next', 'standalone');

test.describe.configure({ timeout: 240_000 });

type Target = { env: Record<string, string>; drop(): Promise<void> };

async function freshTarget(): Promise<Target> {
  if (!SERVER_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-standalone-'));
    return {
      env: { PGLITE_DIR: path.join(dir, 'pglite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const created = await createServerDatabase(SERVER_URL, 'bobbin_standalone');
  return { env: { DATABASE_URL: created.url }, drop: () => created.drop() };
}

/**
 * What the Dockerfile's runner stage copies next to server.js: static assets (Next leaves them out of standalone)
 * and our HTTP server (scripts/server.mjs, which stamps the socket address the per-address limits count).
 */
function prepareStandalone() {
  expect(fs.existsSync(path.join(standalone, 'server.js')), 'the build has standalone output').toBe(true);
  fs.cpSync(path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true });
  fs.mkdirSync(path.join(standalone, 'scripts'), { recursive: true });
  for (const f of ['server.mjs', 'peer-stamp.mjs'])
    fs.copyFileSync(path.join(root, 'scripts', f), path.join(standalone, 'scripts', f));
  if (fs.existsSync(path.join(root, 'public')))
    fs.cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });
}

type Standalone = { child: ChildProcess; output: () => string; stop(): Promise<void> };

/** Starts the standalone server and waits for readiness (database answers, migrations current), generously. */
async function startStandalone(port: number, env: Record<string, string>): Promise<Standalone> {
  prepareStandalone();
  const child = spawn(process.execPath, [path.join(standalone, 'scripts', 'server.mjs')], {
    cwd: standalone,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      AUTH_SECRET: 'e2e-standalone-secret-0123456789abcdef',
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      BOBBIN_JOBS: 'off',
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const s: Standalone = {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    const res = await until(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/api/health/ready`).catch(() => null);
        return r?.status === 200 ? r : undefined;
      },
      'the standalone server ready',
      { timeoutMs: 180_000, gaveUp: () => (child.exitCode !== null ? `it exited: ${out}` : null) },
    );
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: 'reachable',
      driver: SERVER_URL ? 'pg' : 'pglite',
    });
    return s;
  } catch (err) {
    await s.stop();
    throw new Error(`${(err as Error).message}\n${out}`);
  }
}

const jsonLines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('the standalone scripts/server.mjs migrates the test database, turns ready, and answers with request ids', async () => {
  const target = await freshTarget();
  let server: Standalone | null = null;
  try {
    server = await startStandalone(PORT, target.env);

    // A page (through the proxy) and a route handler both return a generated id.
    const page = await fetch(`http://127.0.0.1:${PORT}/login`);
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const live = await fetch(`http://127.0.0.1:${PORT}/api/health/live`, {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(live.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // a malformed incoming id is replaced

    // An error body carries the same id as the header: the caller's own id when it is sane.
    const failed = await fetch(`http://127.0.0.1:${PORT}/api/jobs/rollup`, {
      method: 'POST',
      headers: { 'x-request-id': 'support-case-4711-abc' },
    });
    expect(failed.status).toBe(401);
    expect(failed.headers.get('x-request-id')).toBe('support-case-4711-abc');
    expect(await failed.json()).toMatchObject({
      error: { code: 'unauthenticated', requestId: 'support-case-4711-abc' },
    });

    // ... and support finds the JSON log line by it.
    const line = await until(
      () => jsonLines(server!.output()).find((l) => l.requestId === 'support-case-4711-abc' && l.msg === 'request'),
      'the request log line',
    );
    expect(line).toMatchObject({ level: 'info', method: 'POST', route: '/api/jobs/rollup', status: 401 });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.time).toBe('string');
  } finally {
    await server?.stop();
    await target.drop();
  }
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach the collector: Next request spans with ours and the statements under them', async () => {
  // A stand-in OTLP/HTTP collector: the exporter POSTs JSON to <endpoint>/v1/traces.
  type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string };
  const spans: OtlpSpan[] = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(PORT + 1, '127.0.0.1', resolve));
  const target = await freshTarget();
  let server: Standalone | null = null;
  try {
    server = await startStandalone(PORT + 2, {
      ...target.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${PORT + 1}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    // An unknown key: looked up (a statement), refused.
    const res = await fetch(`http://127.0.0.1:${PORT + 2}/api/jobs/rollup`, {
      method: 'POST',
      headers: { 'x-request-id': 'traced-request-0001', authorization: 'Bearer bob_not-a-real-key' },
    });
    expect(res.status).toBe(401);

    const route = await until(() => spans.find((s) => s.name === 'route POST /api/jobs/rollup'), 'our route span');
    const trace = () => spans.filter((s) => s.traceId === route.traceId);
    // Next's own root span for the request, ours under it, and the API key lookup under ours.
    await until(() => trace().find((s) => !s.parentSpanId && /^POST\b/.test(s.name)), "Next's request span");
    await until(
      () => trace().find((s) => s.name === 'executing api route (app) /api/jobs/[name]'),
      "Next's route handler span",
    );
    await until(
      () => trace().find((s) => s.parentSpanId === route.spanId && s.name === 'SELECT api_keys'),
      'the key lookup statement',
    );
    // The log line of that request names the same trace.
    const line = await until(
      () => jsonLines(server!.output()).find((l) => l.requestId === 'traced-request-0001' && l.msg === 'request'),
      'the request log line',
    );
    expect(line.traceId).toBe(route.traceId);
  } finally {
    await server?.stop();
    await target.drop();
    collector.close();
  }
});
