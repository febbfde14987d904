import path from 'node:path';
import { unstable_rethrow } from 'next/navigation';
import { NextRequest } from 'next/server';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiKey } from '@/db/queries/api-keys';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { writeOperationLogs } from '@/db/queries/oplog-write';
import { API_SCOPES } from '@/lib/api-scopes';
import { isAction, type Action } from '@/lib/server/action';
import { getAuthOptions } from '@/lib/server/auth-options';
import { isAcceptableCallbackUrl } from '@/lib/safe-redirect';
import { screenActionBody, screenPagePost, screenUrl } from '@/lib/server/request-screen';
import { isHandler, type Handler } from '@/lib/server/route';
import type { SessionUser } from '@/lib/server/session';
import { asSession, makeCategory, makeProduct, makeStaff, makeVariants } from '../support/factories';
import {
  anyString,
  hostileJsonBody,
  hostileQuery,
  hostileString,
  hostileValue,
  pick,
  PARAM_NAMES,
  seeded,
  type Rng,
} from '../support/hostile';
import { makeLocation } from '../support/inventory-factories';
import { opEntry } from '../support/oplog-factories';
import { filesUnder } from '../support/source-files';
import { makePublishedSurvey } from '../support/survey-factories';
import { useTestDatabase } from '../support/test-db';

/**
 * Property-based fuzz of every route handler, every page's query and path parameters, sign-in and every
 * server action with hostile input (tests/support/hostile.ts, fixed seed). The property: the answer is a 4xx
 * or the page's normal outcome (render, not found, forbidden, redirect), never a 5xx, an unexpected exception
 * (which Next turns into a 500 or an error screen), an `internal` action result, a logged failure, or a body
 * that shows SQL, a stack or the client address. Requests go through the same screens proxy.ts applies.
 */
const SEED = 20261127;
const CASES = 200;
const ACTION_CASES = 25;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));
vi.mock('@/lib/server/secret', () => ({ resolveAuthSecret: () => 'x'.repeat(32) }));
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

const t = useTestDatabase();
const APP = path.resolve(__dirname, '../../app');
const files = filesUnder(APP);
const rel = (f: string) => path.relative(APP, f);
/** The URL path of an app file: route groups dropped, `[x]` kept as a slot. */
const urlPathOf = (f: string) =>
  '/' +
  rel(path.dirname(f))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .join('/');

const INTERNALS =
  /Failed query|\bfrom "\w+"|\binsert into "|\bupdate "\w+" set|\bat [\w.<>]+ \(|node_modules|\.tsx?:\d+|params:|ECONN|\bstack\b|203\.0\.113\.77|code":"internal/i;

let errors: unknown[][] = [];
const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
afterAll(() => consoleError.mockRestore());

/** Runs one case and returns a failure description, or null when the outcome is acceptable. */
async function outcome(label: string, run: () => Promise<Response | unknown>): Promise<string | null> {
  errors = [];
  let result: unknown;
  try {
    result = await run();
  } catch (err) {
    try {
      unstable_rethrow(err); // notFound(), forbidden(), redirect(): the page's normal answers
    } catch {
      return errors.length ? `${label}: logged ${String(errors[0])}` : null;
    }
    return `${label}: threw ${(err as Error)?.stack ?? String(err)}`;
  }
  if (result instanceof Response) {
    const body = await result.text();
    if (result.status >= 500)
      return `${label}: ${result.status} ${body.slice(0, 300)} ${errors[0]?.map(String).join(' ').slice(0, 300) ?? ''}`;
    if (result.status >= 400 && INTERNALS.test(body))
      return `${label}: ${result.status} shows internals: ${body.slice(0, 300)}`;
  } else if (result && typeof result === 'object' && (result as { code?: unknown }).code === 'internal') {
    return `${label}: internal ${JSON.stringify(result).slice(0, 200)} ${errors[0]?.map(String).join(' ').slice(0, 400) ?? ''}`;
  } else if (
    result &&
    typeof result === 'object' &&
    INTERNALS.test(JSON.stringify((result as { message?: unknown }).message ?? ''))
  ) {
    return `${label}: shows internals ${JSON.stringify(result).slice(0, 300)}`;
  }
  return errors.length ? `${label}: logged ${errors[0]!.map(String).join(' ').slice(0, 400)}` : null;
}

/** What Next hands a page for `?query`: the decoded values, repeated keys as arrays. */
function searchParamsOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** A path segment as a client may send it: percent-encoded when it can be, raw otherwise (`%ZZ`, `%00`). */
function segment(r: Rng, value: string): { raw: string; param: string } {
  let encoded: string | null = null;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    /* a lone surrogate cannot be encoded: a client sends something else */
  }
  const raw =
    encoded !== null && r() < 0.7 ? encoded : value.replace(/[/?#\s]/g, '_').replace(/[\ud800-\udfff]/g, '%ED%A0%80');
  let param = raw;
  try {
    param = r() < 0.5 ? decodeURIComponent(raw) : raw; // Next may hand it over decoded or not: both must hold
  } catch {
    /* stays raw */
  }
  return { raw, param };
}

const admin = { current: null as SessionUser | null };
const real: Record<string, string[]> = {};
let apiKey = '';

// Tables are emptied before each test (useTestDatabase), so the records the cases aim at are made each time.
beforeEach(async () => {
  const db = t.handle.db;
  admin.current = asSession(await makeStaff(db, 'admin'));
  const cat = await makeCategory(db);
  const product = await makeProduct(db, cat.id, { name: 'Fuzz dress' });
  const variants = await makeVariants(db, product.id, ['FUZ-1', 'FUZ-2']);
  await makeLocation(db, 'Fuzz warehouse', 'FZW');
  const survey = await makePublishedSurvey(db);
  await writeOperationLogs(t.handle, [
    opEntry({ userId: 'u-1', platformAccountId: 'acct-1' }),
    opEntry({ userId: 'u-1', status: 'FAILED', errorType: 'TIMEOUT', requestPayload: { shopId: 'shop-1' } }),
  ]);
  apiKey = (await createApiKey(db, SYSTEM_ACTOR, { name: 'fuzz', scopes: [...API_SCOPES] })).key;
  real.id = [product.id, variants[0]!.id, survey.id];
  real.slug = [survey.slug];
  real.userId = ['u-1'];
  real.shopId = ['shop-1'];
  const loginResults = (await import('@/app/api/v1/login-results/route')).POST as Handler;
  await loginResults(
    new Request('http://test.local/api/v1/login-results', {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        results: [{ userId: 'u-1', platformAccountId: 'acct-1', status: 'FAILED', authType: '2FA' }],
      }),
    }),
    { params: Promise.resolve({}) },
  );
});

const pageFiles = files.filter((f) => /\/page\.tsx$/.test(f));
const routeFiles = files.filter((f) => /\/route\.ts$/.test(f) && !f.includes('[...nextauth]'));
const actionFiles = files.filter((f) => /(^|\/)actions\.tsx?$/.test(f));

describe('pages answer hostile query and path parameters normally', () => {
  for (const file of pageFiles) {
    const urlPath = urlPathOf(file);
    const slots = [...urlPath.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
    it(`${urlPath}: ${CASES} cases`, async () => {
      const Page = (await import(file)).default as (props: unknown) => Promise<unknown>;
      const r = seeded(SEED ^ (urlPath.length * 7919));
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        session.user = admin.current;
        const params: Record<string, string> = {};
        let pathname = urlPath;
        for (const slot of slots) {
          const value = r() < 0.4 && real[slot] ? pick(r, real[slot]) : hostileString(r);
          const s = segment(r, value);
          params[slot] = s.param;
          pathname = pathname.replace(`[${slot}]`, s.raw);
        }
        const url = new URL(`http://test.local${pathname}`);
        for (const [k, v] of hostileQuery(r, PARAM_NAMES[i % PARAM_NAMES.length]!)) url.searchParams.append(k, v);
        const failure = await outcome(
          `${url.pathname}${url.search}`,
          async () =>
            screenUrl(url) ??
            Page({ params: Promise.resolve(params), searchParams: Promise.resolve(searchParamsOf(url)) }),
        );
        if (failure) failures.push(failure);
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});

/** A plausible body per route, which the fuzz then breaks. */
const TEMPLATES: Record<string, { template: Record<string, unknown>; listKey?: string }> = {
  '/api/v1/oplog': {
    listKey: 'entries',
    template: {
      userId: 'u-1',
      platformAccountId: 'acct-1',
      operationType: 'GET_REVIEWS',
      status: 'FAILED',
      errorType: 'TIMEOUT',
      executionTimeMs: 10,
      createdAt: '2026-11-27T10:00:00Z',
    },
  },
  '/api/v1/login-results': {
    listKey: 'results',
    template: {
      userId: 'u-1',
      platformAccountId: 'acct-1',
      status: 'FAILED',
      authType: '2FA',
      createdAt: '2026-11-27T10:00:00Z',
    },
  },
  '/api/v1/inventory/reservations': {
    template: { sku: 'FUZ-1', location: 'FZW', quantity: 1, idempotencyKey: 'fuzz-1', expiresInSeconds: 900 },
  },
};

function hostileCsv(r: Rng): string {
  const header = pick(r, [
    'slug,name,category,status,base_price,currency,sku,size,colour,variant_price,attr.fabric',
    'slug,name',
    '\u0000',
    '',
    'a,b,c',
  ]);
  const rows = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
    Array.from({ length: 11 }, () => anyString(r).replace(/[\r\n]/g, ' ')).join(','),
  );
  return [header, ...rows].join('\n');
}

describe('route handlers answer hostile input with 4xx, never 5xx or internals', () => {
  for (const file of routeFiles) {
    const urlPath = urlPathOf(file);
    const slots = [...urlPath.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
    it(`${urlPath}: ${CASES} cases per method`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const handlers = Object.entries(mod).filter((e): e is [string, Handler] => isHandler(e[1]));
      expect(handlers.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const [method, handler] of handlers) {
        const r = seeded(SEED ^ (urlPath.length * 31 + method.length));
        for (let i = 0; i < CASES; i++) {
          session.user = admin.current;
          const params: Record<string, string> = {};
          let pathname = urlPath;
          for (const slot of slots) {
            const s = segment(r, r() < 0.3 ? pick(r, real[slot] ?? ['x']) : hostileString(r));
            params[slot] = s.param;
            pathname = pathname.replace(`[${slot}]`, s.raw);
          }
          const url = new URL(`http://test.local${pathname}`);
          for (const [k, v] of hostileQuery(r, PARAM_NAMES[i % PARAM_NAMES.length]!)) url.searchParams.append(k, v);
          if (urlPath === '/api/catalog/import' && r() < 0.7)
            url.searchParams.set('mode', pick(r, ['check', 'commit']));
          if (urlPath === '/api/dashboards' && r() < 0.7)
            url.searchParams.set('view', pick(r, ['overview', 'operations', 'errors', 'proxies', 'sessions']));
          const headers: Record<string, string> = {
            host: 'test.local',
            origin: 'http://test.local',
            'content-type': 'application/json',
          };
          if (handler.meta.access.kind === 'apiKey')
            headers.authorization = `Bearer ${r() < 0.9 ? apiKey : anyString(r).replace(/[^\x20-\x7e]/g, '')}`;
          let body: string | undefined;
          if (method !== 'GET' && method !== 'HEAD') {
            const tpl = TEMPLATES[urlPath];
            body =
              urlPath === '/api/catalog/import'
                ? hostileCsv(r)
                : tpl
                  ? hostileJsonBody(r, tpl.template, tpl.listKey)
                  : r() < 0.5
                    ? ''
                    : JSON.stringify(hostileValue(r));
          }
          const failure = await outcome(
            `${method} ${url.pathname}${url.search}`,
            async () =>
              screenUrl(url) ??
              handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) }),
          );
          if (failure) failures.push(failure);
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});

describe('sign-in answers hostile credentials and callback URLs with its own messages', () => {
  it(`authorize and redirect: ${CASES} cases each`, async () => {
    const options = getAuthOptions();
    const provider = options.providers[0] as unknown as {
      options: { authorize: (c: unknown, req: unknown) => Promise<unknown> };
    };
    const r = seeded(SEED + 1);
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const creds = {
        email: r() < 0.3 ? `${anyString(r)}@example.test` : (hostileValue(r) as string),
        password: hostileValue(r) as string,
        callbackUrl: anyString(r),
      };
      const failure = await outcome(`authorize ${JSON.stringify(creds).slice(0, 80)}`, async () => {
        try {
          return await provider.options.authorize(creds, { headers: { 'x-forwarded-for': '203.0.113.77' } });
        } catch (err) {
          // next-auth shows this message to the anonymous caller.
          if (INTERNALS.test((err as Error).message)) throw err;
          return null;
        }
      });
      if (failure) failures.push(failure);
      const url = anyString(r);
      const redirected = await outcome(`redirect ${JSON.stringify(url).slice(0, 60)}`, async () => {
        const to = await options.callbacks!.redirect!({ url, baseUrl: 'http://test.local' });
        if (!to.startsWith('http://test.local/') || /[\u0000-\u001f]/.test(to))
          throw new Error(`unsafe redirect to ${to}`);
        return null;
      });
      if (redirected) failures.push(redirected);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('the next-auth route refuses callback URLs next-auth itself would answer with a 500', () => {
  // next-auth reads next/headers through require(), out of reach of vi.mock, so only the refusals run here;
  // the accepted ones are what next-auth's own check accepts (isAcceptableCallbackUrl mirrors it).
  it(`${CASES} cases`, async () => {
    const { GET } = (await import('@/app/api/auth/[...nextauth]/route')) as { GET: Handler };
    const r = seeded(SEED + 2);
    const failures: string[] = [];
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const callbackUrl = anyString(r);
      if (isAcceptableCallbackUrl(callbackUrl)) continue;
      const url = new URL(
        `http://test.local/api/auth/${pick(r, ['signin', 'session', 'csrf', 'providers', 'signout', 'error'])}`,
      );
      url.searchParams.set('callbackUrl', callbackUrl);
      const failure = await outcome(`GET ${url.pathname}${url.search}`, async () => {
        const res =
          screenUrl(url) ??
          (await GET(new NextRequest(url), {
            params: Promise.resolve({ nextauth: url.pathname.split('/').slice(3) }),
          }));
        if (res.status !== 400) throw new Error(`expected 400, got ${res.status}`);
        refused++;
        return res;
      });
      if (failure) failures.push(failure);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(refused).toBeGreaterThan(CASES / 4);
  });
});

describe('server actions answer hostile input with field errors, never internal', () => {
  const FIELDS = [
    'id',
    'version',
    'name',
    'email',
    'role',
    'password',
    'sku',
    'quantity',
    'locationId',
    'reason',
    'slug',
    'title',
    'definition',
    'categoryId',
    'status',
    'basePrice',
    'currency',
    'tags',
    'note',
    'ids',
    'scopes',
    'attr.fabric',
    'lines',
    'versionId',
    'idempotencyToken',
    'q_top',
    'from',
    'to',
  ];
  for (const file of actionFiles) {
    it(`${rel(file)}: ${ACTION_CASES} cases per action`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const actions = Object.entries(mod).filter((e): e is [string, Action<unknown>] => isAction(e[1]));
      const failures: string[] = [];
      for (const [name, action] of actions) {
        const r = seeded(SEED ^ (name.length * 131));
        for (let i = 0; i < ACTION_CASES; i++) {
          session.user = admin.current;
          request.headers = new Headers({ 'x-forwarded-for': '203.0.113.77' });
          const input: Record<string, unknown> = {};
          for (let k = 1 + Math.floor(r() * 5); k > 0; k--)
            input[r() < 0.9 ? pick(r, FIELDS) : anyString(r)] =
              r() < 0.3 && real.id ? pick(r, real.id) : hostileValue(r);
          const asForm = r() < 0.5;
          const failure = await outcome(`${name} ${JSON.stringify(input).slice(0, 100)}`, async () => {
            if (!asForm) return action(input);
            const fd = new FormData();
            for (const [k, v] of Object.entries(input))
              fd.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
            return action(null, fd);
          });
          if (failure) failures.push(failure);
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});

describe('what proxy.ts refuses before a page or action runs', () => {
  it('malformed addresses and cross-site or oversized action posts are 4xx', async () => {
    const none = { kind: 'hops', hops: 0 } as const;
    for (const u of [
      'http://test.local/s/%ZZ',
      'http://test.local/api/surveys/%E0%A4%A/export',
      'http://test.local/catalog?q=%00',
      'http://test.local/support/users/a%00b',
    ]) {
      expect(screenUrl(new URL(u))?.status, u).toBe(400);
    }
    expect(screenUrl(new URL('http://test.local/catalog?q=dress'))).toBeNull();
    const post = (h: Record<string, string>) =>
      screenPagePost(new Headers({ host: 'test.local', ...h }), none)?.status ?? 200;
    expect(post({ origin: 'http://evil.example', 'content-length': '10' })).toBe(403);
    expect(post({ 'content-length': '10' })).toBe(403);
    expect(post({ origin: 'http://evil.example', 'x-forwarded-host': 'evil.example', 'content-length': '10' })).toBe(
      403,
    );
    expect(post({ origin: 'http://test.local', 'content-length': String(1024 * 1024 + 1) })).toBe(413);
    expect(post({ origin: 'http://test.local' })).toBe(411);
    expect(post({ origin: 'http://test.local', 'content-length': '10' })).toBe(200);
  });

  it('a JavaScript action call whose body is not a React reply is 400; real replies pass', async () => {
    const call = (body: BodyInit) =>
      screenActionBody(
        new Request('http://test.local/surveys', { method: 'POST', headers: { 'next-action': 'ab'.repeat(21) }, body }),
      );
    for (const body of ['{{{', '[', 'x', '"\u0000"', '{"a":1}', '["$Q1"]', '["$@1"]', '[{"a":"$2:b"}]'])
      expect((await call(body))?.status, body).toBe(400);
    for (const body of [
      '[]',
      '[{"id":"x","n":"$n12","d":"$D2026-01-01T00:00:00.000Z","u":"$undefined"}]',
      '["$K1"]',
      '[{"a":1},"$0:0"]',
      '["$$literal dollar"]',
    ]) {
      expect(await call(body), body).toBeNull();
    }
    const form = (fields: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      return fd;
    };
    expect(await call(form({ '0': '["$K1"]', '1_email': 'a@example.test' }))).toBeNull();
    expect(await call(form({ '0': '["$Q1"]', '1': '[["a",1]]' }))).toBeNull();
    expect((await call(form({ '0': '["$Q2"]', '1': '[]' })))?.status).toBe(400);
    expect((await call(form({ '1': '[]' })))?.status).toBe(400);
    expect((await call(form({ '0': '{{' })))?.status).toBe(400);
    const truncated = new Request('http://test.local/surveys', {
      method: 'POST',
      headers: { 'next-action': 'ab', 'content-type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="0"\r\n\r\nabc',
    });
    expect((await screenActionBody(truncated))?.status).toBe(400);
  });
});
