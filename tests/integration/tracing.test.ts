import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { createApiKey } from '@/db/queries/api-keys';
import { listStaff } from '@/db/queries/staff';
import type { SessionUser } from '@/lib/server/session';
import { defineAction } from '@/lib/server/action';
import { runJob } from '@/lib/server/jobs';
import { startTracing } from '@/lib/server/tracing-setup';
import { POST as runJobRoute } from '@/app/api/jobs/[name]/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeStaff } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
const exporter = new InMemorySpanExporter();
let tracing: Awaited<ReturnType<typeof startTracing>>;
beforeAll(async () => {
  tracing = await startTracing({ exporter });
});
afterAll(async () => {
  await tracing.shutdown();
});
beforeEach(async () => {
  session.user = asSession(await makeStaff(t.handle.db, 'admin'));
  exporter.reset();
});

const byName = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const childrenOf = (parent: ReadableSpan) =>
  exporter.getFinishedSpans().filter((s) => parentOf(s) === parent.spanContext().spanId);
/** Every span under `root`, at any depth. */
function descendants(root: ReadableSpan): ReadableSpan[] {
  const out: ReadableSpan[] = [];
  for (const c of childrenOf(root)) out.push(c, ...descendants(c));
  return out;
}

const listAction = defineAction(
  { name: 'test.listStaff', permission: 'staff.manage', input: z.object({}) },
  async (_input, { db }) => (await listStaff(db)).total,
);
const brokenAction = defineAction(
  { name: 'test.broken', permission: 'staff.manage', input: z.object({}) },
  async (_input, { db }) => {
    await db.execute(sql`select 1 from staff_users_that_do_not_exist`);
    return 0;
  },
);

describe(`traces with an in-memory exporter (${TEST_DRIVER})`, () => {
  it('a request to a route: the route span, the job under it, the job lease statements under that, named without parameters', async () => {
    const admin = await makeStaff(t.handle.db, 'admin');
    const { key } = await createApiKey(
      t.handle.db,
      { id: admin.id, label: admin.email },
      { name: 'cron', scopes: ['jobs:run'] },
    );
    exporter.reset();
    const res = await runJobRoute(
      new Request('http://test.local/api/jobs/reservation-expiry', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'x-request-id': 'trace-test-0001' },
      }),
      { params: Promise.resolve({ name: 'reservation-expiry' }) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-test-0001');

    const [route] = byName('route POST /api/jobs/reservation-expiry');
    expect(route, 'route span').toBeDefined();
    expect(route!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'bobbin.request_id': 'trace-test-0001',
    });
    const [job] = byName('job reservation-expiry');
    expect(parentOf(job!)).toBe(route!.spanContext().spanId);
    expect(job!.attributes).toMatchObject({ 'bobbin.job': 'reservation-expiry', 'bobbin.job.ran': true });

    const routeDb = descendants(route!).filter((s) => s.attributes['db.system.name'] === 'postgresql');
    // The key check happens in the route span; the lease is taken and released in the job span.
    expect(routeDb.map((s) => s.name)).toContain('SELECT api_keys');
    const jobDb = descendants(job!).map((s) => s.name);
    expect(jobDb).toEqual(expect.arrayContaining(['INSERT job_leases', 'DELETE job_leases']));
    for (const s of routeDb) {
      expect(Object.keys(s.attributes).sort()).toEqual(
        expect.arrayContaining(['db.operation.name', 'db.query.summary', 'db.system.name']),
      );
      expect(JSON.stringify(s.attributes)).not.toContain(key.slice(4, 20)); // no parameter values, no statement text
      expect(s.attributes).not.toHaveProperty('db.query.text');
    }
    // Every span of the request shares one trace.
    expect(new Set(descendants(route!).map((s) => s.spanContext().traceId))).toEqual(
      new Set([route!.spanContext().traceId]),
    );
  });

  it('a job run directly (timers, npm run job:<name>) is a root span with its statements under it', async () => {
    const r = await runJob('grade-snapshot');
    expect(r.ran).toBe(true);
    const [job] = byName('job grade-snapshot');
    expect(parentOf(job!)).toBeUndefined();
    expect(descendants(job!).length).toBeGreaterThanOrEqual(3); // lease in, the snapshot, lease out
  });

  it('a server action: a span per call with its queries; a failure marks the span and returns the request id', async () => {
    expect(await listAction({})).toMatchObject({ ok: true });
    const [ok] = byName('action test.listStaff');
    expect(ok!.attributes).toMatchObject({
      'bobbin.action': 'test.listStaff',
      'bobbin.outcome': 'ok',
      'enduser.id': session.user!.id,
    });
    expect(descendants(ok!).some((s) => s.name === 'SELECT staff_users' || s.name.startsWith('SELECT'))).toBe(true);

    const failed = await brokenAction({});
    expect(failed).toMatchObject({ ok: false, code: 'internal', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [bad] = byName('action test.broken');
    expect(bad!.attributes).toMatchObject({
      'bobbin.outcome': 'internal',
      'bobbin.request_id': (failed as { requestId: string }).requestId,
    });
    const [statement] = descendants(bad!).filter((s) => s.name === 'SELECT staff_users_that_do_not_exist');
    expect(statement!.status.code).toBe(2); // ERROR
  });
});
