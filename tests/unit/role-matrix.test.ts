import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setDbHandle, type Db } from '@/db/client';
import { ROLES, type Role } from '@/lib/roles';
import { isAction } from '@/lib/server/action';
import { isHandler } from '@/lib/server/route';
import type { SessionUser } from '@/lib/server/session';

/**
 * Every server action and route handler, found by walking app/, called as each role and as anonymous.
 * A new action or route that skips the helpers (and so the role check) fails here.
 */
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const APP = path.resolve(__dirname, '../../app');
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const files = walk(APP);
const actionFiles = files.filter((f) => /(^|\/)actions\.tsx?$/.test(f) || /^['"]use server['"]/.test(fs.readFileSync(f, 'utf8').trimStart()));
const routeFiles = files.filter((f) => /\/route\.tsx?$/.test(f));
const pageFiles = files.filter((f) => /\/page\.tsx$/.test(f));
const rel = (f: string) => path.relative(APP, f);

const asRole = (role: Role): SessionUser => ({ id: '00000000-0000-4000-8000-00000000000' + ROLES.indexOf(role), email: `${role}@x.test`, name: role, role });
const callers: (Role | 'anonymous')[] = ['anonymous', ...ROLES];

beforeEach(() => {
  // Refusals must happen before any query; a fake database proves none is made.
  setDbHandle({ db: new Proxy({}, { get: () => { throw new Error('database touched before the role check'); } }) as Db, driver: 'pglite', target: 'fake', query: async () => { throw new Error('database touched before the role check'); }, close: async () => {} });
});

/** What a browser sends from one of our pages, and what a cross-site page or a script can send. */
const SAME_ORIGIN = { host: 'test.local', origin: 'http://test.local' };
const CROSS_SITE: Record<string, string>[] = [
  { host: 'test.local', origin: 'http://evil.example' },
  { host: 'test.local', origin: 'http://test.local:3999' }, // same site, another port
  { host: 'test.local', origin: 'null' },
  { host: 'test.local' }, // no Origin at all
  { host: 'test.local', 'sec-fetch-site': 'same-site' },
  { host: 'test.local', origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }, // no proxy is trusted
];

describe('server actions', () => {
  it('finds the action files', () => {
    expect(actionFiles.length).toBeGreaterThan(0);
  });

  for (const file of actionFiles) {
    describe(rel(file), async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [exportName, value] of Object.entries(mod)) {
        it(`${exportName} is built with defineAction (so it checks the session and role)`, () => {
          expect(isAction(value), `${rel(file)} exports ${exportName} without defineAction`).toBe(true);
        });
        if (!isAction(value)) continue;
        const why = value.meta.public;
        if (why !== undefined) {
          // definePublicAction: no session needed, by decision; an empty form still stops at validation, before any query.
          it(`${exportName} is public on purpose: ${why}`, async () => {
            expect(why.length).toBeGreaterThan(10);
            expect(value.meta.roles).toEqual([]);
            session.user = null;
            expect(await value(null, new FormData())).toMatchObject({ ok: false, code: 'invalid' });
          });
          continue;
        }
        for (const caller of callers) {
          const allowed = caller !== 'anonymous' && value.meta.roles.includes(caller);
          it(`${exportName} as ${caller}: ${allowed ? 'gets past the role check' : 'is refused'}`, async () => {
            session.user = caller === 'anonymous' ? null : asRole(caller);
            // An empty form: allowed callers stop at validation, refused ones never get that far.
            const result = await value(null, new FormData());
            if (allowed) expect(result).toMatchObject({ ok: false, code: 'invalid' });
            else expect(result).toMatchObject({ ok: false, code: caller === 'anonymous' ? 'unauthenticated' : 'forbidden' });
          });
        }
      }
    });
  }
});

describe('route handlers', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  for (const file of routeFiles) {
    describe(rel(file), async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => m in mod)) {
        const handler = mod[method];
        it(`${method} is built with staffRoute or publicRoute`, () => {
          expect(isHandler(handler), `${rel(file)} ${method} has no declared access`).toBe(true);
        });
        if (!isHandler(handler)) continue;
        const access = handler.meta.access;
        if (access.kind === 'public') {
          it(`${method} is public on purpose: ${access.why}`, () => {
            expect(access.why.length).toBeGreaterThan(10);
          });
          continue;
        }
        if (access.kind === 'apiKey') {
          for (const caller of callers) {
            it(`${method} as ${caller} without an API key is refused (sessions grant nothing here)`, async () => {
              session.user = caller === 'anonymous' ? null : asRole(caller);
              const res = await handler(new Request('http://test.local/', { method, headers: { authorization: 'Bearer not-a-key' } }), { params: Promise.resolve({}) });
              expect(res.status).toBe(401);
            });
          }
          continue;
        }
        for (const caller of callers) {
          const allowed = caller !== 'anonymous' && access.roles.includes(caller);
          if (allowed) continue; // allowed calls are exercised by the feature's own tests
          it(`${method} as ${caller} is refused`, async () => {
            session.user = caller === 'anonymous' ? null : asRole(caller);
            const res = await handler(new Request('http://test.local/', { method, headers: SAME_ORIGIN }), { params: Promise.resolve({}) });
            expect(res.status).toBe(caller === 'anonymous' ? 401 : 403);
          });
        }
        if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
          const allowedRole = access.roles[0]!;
          it(`${method} with a session refuses a foreign or missing Origin (CSRF) with 403 JSON`, async () => {
            session.user = asRole(allowedRole);
            for (const headers of CROSS_SITE) {
              const res = await handler(new Request('http://test.local/', { method, headers }), { params: Promise.resolve({}) });
              expect(res.status, JSON.stringify(headers)).toBe(403);
              expect((await res.json()).error.code).toBe('forbidden');
            }
          });
        }
      }
    });
  }
});

describe('pages', () => {
  const staffPages = pageFiles.filter((f) => rel(f).startsWith('(admin)/'));
  it('finds the staff pages', () => {
    expect(staffPages.length).toBeGreaterThan(0);
  });
  for (const file of staffPages) {
    it(`${rel(file)} checks the role on the server before anything else`, () => {
      const source = fs.readFileSync(file, 'utf8');
      const body = source.slice(source.indexOf('export default async function'));
      expect(body, 'a page must be an async server component').not.toBe('');
      // The first await in the page is the role check.
      expect(body.match(/await\s+([\w.]+)\(/)?.[1]).toBe('requireRole');
    });
    // A roleLayout layout in the page's folder or an ancestor below (admin)/ gates the role before streaming.
    it(`${rel(file)} has a role-gating layout above its loading state`, () => {
      const gates: string[] = [];
      for (let dir = path.dirname(file); path.basename(dir) !== '(admin)' && dir.startsWith(APP); dir = path.dirname(dir)) {
        const layout = path.join(dir, 'layout.tsx');
        if (fs.existsSync(layout) && /export default roleLayout\('\/[\w/-]*'\)/.test(fs.readFileSync(layout, 'utf8'))) gates.push(rel(layout));
      }
      expect(gates, `${rel(file)} needs a layout.tsx: export default roleLayout('<href>') in its folder or a parent feature folder`).not.toEqual([]);
    });
  }
});
