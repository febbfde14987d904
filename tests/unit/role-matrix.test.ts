import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setDbHandle, type Db } from '@/db/client';
import { NAV_ITEMS } from '@/lib/navigation';
import { can, PERMISSION_NAMES, PERMISSIONS, rolesWith, type Permission } from '@/lib/permissions';
import { ROLES, type Role } from '@/lib/roles';
import { isAction } from '@/lib/server/action';
import { isHandler } from '@/lib/server/route';
import type { SessionUser } from '@/lib/server/session';
import { filesUnder } from '../support/source-files';

/**
 * Every server action and route handler, found by walking app/, called as each role and as anonymous; who is
 * let through is read from the permission map (lib/permissions.ts), never restated here. A new action or route
 * that skips the helpers (and so the capability check) fails here, and so does a page without its guard.
 */
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const APP = path.resolve(__dirname, '../../app');
const files = filesUnder(APP);
const actionFiles = files.filter(
  (f) => /(^|\/)actions\.tsx?$/.test(f) || /^['"]use server['"]/.test(fs.readFileSync(f, 'utf8').trimStart()),
);
const routeFiles = files.filter((f) => /\/route\.tsx?$/.test(f));
const pageFiles = files.filter((f) => /\/page\.tsx$/.test(f));
const rel = (f: string) => path.relative(APP, f);

const asRole = (role: Role): SessionUser => ({
  id: '00000000-0000-4000-8000-00000000000' + ROLES.indexOf(role),
  email: `${role}@x.test`,
  name: role,
  role,
});
const callers: (Role | 'anonymous')[] = ['anonymous', ...ROLES];

beforeEach(() => {
  // Refusals must happen before any query; a fake database proves none is made.
  setDbHandle({
    db: new Proxy(
      {},
      {
        get: () => {
          throw new Error('database touched before the role check');
        },
      },
    ) as Db,
    driver: 'pglite',
    target: 'fake',
    query: async () => {
      throw new Error('database touched before the role check');
    },
    close: async () => {},
  });
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
            expect(value.meta.permission).toBeUndefined();
            session.user = null;
            expect(await value(null, new FormData())).toMatchObject({ ok: false, code: 'invalid' });
          });
          continue;
        }
        const permission = value.meta.permission;
        it(`${exportName} names a capability of the map`, () => {
          expect(PERMISSION_NAMES).toContain(permission);
        });
        for (const caller of callers) {
          const allowed = caller !== 'anonymous' && can(caller, permission!);
          it(`${exportName} as ${caller}: ${allowed ? 'gets past the role check' : 'is refused'}`, async () => {
            session.user = caller === 'anonymous' ? null : asRole(caller);
            // An empty form: allowed callers stop at validation, refused ones never get that far.
            const result = await value(null, new FormData());
            if (allowed) expect(result).toMatchObject({ ok: false, code: 'invalid' });
            else
              expect(result).toMatchObject({
                ok: false,
                code: caller === 'anonymous' ? 'unauthenticated' : 'forbidden',
              });
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
              const res = await handler(
                new Request('http://test.local/', { method, headers: { authorization: 'Bearer not-a-key' } }),
                { params: Promise.resolve({}) },
              );
              expect(res.status).toBe(401);
            });
          }
          continue;
        }
        for (const caller of callers) {
          const allowed = caller !== 'anonymous' && can(caller, access.permission);
          if (allowed) continue; // allowed calls are exercised by the feature's own tests
          it(`${method} as ${caller} is refused`, async () => {
            session.user = caller === 'anonymous' ? null : asRole(caller);
            const res = await handler(new Request('http://test.local/', { method, headers: SAME_ORIGIN }), {
              params: Promise.resolve({}),
            });
            expect(res.status).toBe(caller === 'anonymous' ? 401 : 403);
          });
        }
        if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
          const allowedRole = rolesWith(access.permission)[0]!;
          it(`${method} with a session refuses a foreign or missing Origin (CSRF) with 403 JSON`, async () => {
            session.user = asRole(allowedRole);
            for (const headers of CROSS_SITE) {
              const res = await handler(new Request('http://test.local/', { method, headers }), {
                params: Promise.resolve({}),
              });
              expect(res.status, JSON.stringify(headers)).toBe(403);
              expect((await res.json()).error.code).toBe('forbidden');
            }
          });
        }
      }
    });
  }
});

/** The capability a page guard or a gating layout names, read from its source (the calls take string literals). */
const pageCapability = (source: string) => /await\s+requirePermission\('([\w.]+)'/.exec(source)?.[1];
const layoutCapability = (source: string) =>
  /export default permissionLayout\('([\w.]+)', '\/[\w/-]*'\)/.exec(source)?.[1];

describe('pages', () => {
  const staffPages = pageFiles.filter((f) => rel(f).startsWith('(admin)/'));
  it('finds the staff pages', () => {
    expect(staffPages.length).toBeGreaterThan(0);
  });
  for (const file of staffPages) {
    const source = fs.readFileSync(file, 'utf8');
    it(`${rel(file)} checks its capability on the server before anything else`, () => {
      const body = source.slice(source.indexOf('export default async function'));
      expect(body, 'a page must be an async server component').not.toBe('');
      // The first await in the page is the capability check.
      expect(body.match(/await\s+([\w.]+)\(/)?.[1]).toBe('requirePermission');
      expect(PERMISSION_NAMES).toContain(pageCapability(body));
    });
    // A permissionLayout in the page's folder or an ancestor below (admin)/ gates it before streaming.
    it(`${rel(file)} has a gating layout above its loading state, with the page's own capability`, () => {
      const gates: { layout: string; capability: string | undefined }[] = [];
      for (
        let dir = path.dirname(file);
        path.basename(dir) !== '(admin)' && dir.startsWith(APP);
        dir = path.dirname(dir)
      ) {
        const layout = path.join(dir, 'layout.tsx');
        const capability = fs.existsSync(layout) ? layoutCapability(fs.readFileSync(layout, 'utf8')) : undefined;
        if (capability) gates.push({ layout: rel(layout), capability });
      }
      expect(
        gates,
        `${rel(file)} needs a layout.tsx: export default permissionLayout('<capability>', '<href>') in its folder or a parent feature folder`,
      ).not.toEqual([]);
      // The nearest gate decides the 403 before streaming; it must admit exactly whom the page admits.
      expect(gates[0]!.capability, `${gates[0]!.layout} gates ${rel(file)}`).toBe(pageCapability(source));
    });
  }
});

describe('the permission map', () => {
  it('is the contract of the README Roles table (a change of who may do what is made here and there)', () => {
    const matrix = Object.fromEntries(ROLES.map((role) => [role, PERMISSION_NAMES.filter((p) => can(role, p))]));
    expect(matrix).toEqual({
      admin: [
        'home.read',
        'catalog.read',
        'catalog.write',
        'inventory.manage',
        'surveys.manage',
        'customers.read',
        'support.read',
        'dashboards.read',
        'alerts.manage',
        'webhooks.manage',
        'staff.manage',
        'apiKeys.manage',
        'audit.read',
      ],
      merchandiser: [
        'home.read',
        'catalog.read',
        'catalog.write',
        'inventory.manage',
        'surveys.manage',
        'customers.read',
      ],
      support: ['home.read', 'catalog.read', 'support.read', 'dashboards.read'],
    });
  });

  it('agrees with the capabilities column of the README Roles table', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    for (const role of ROLES) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${role}\` |`));
      const cell = row?.split('|')[3]?.trim();
      const listed = cell === 'all' ? PERMISSION_NAMES : [...(cell ?? '').matchAll(/`([\w.]+)`/g)].map((m) => m[1]);
      expect(listed, `README Roles row of ${role}`).toEqual(PERMISSION_NAMES.filter((p) => can(role, p)));
    }
  });

  it('lists only known roles, each once', () => {
    for (const [name, roles] of Object.entries(PERMISSIONS) as [Permission, readonly Role[]][]) {
      expect(new Set(roles).size, name).toBe(roles.length);
      for (const role of roles) expect(ROLES, name).toContain(role);
    }
  });

  it('has no unused capability: each is required by a page, action or route, or carried by a nav entry', async () => {
    const used = new Set<string>(NAV_ITEMS.map((i) => i.permission));
    for (const file of [...actionFiles, ...routeFiles, ...pageFiles]) {
      for (const m of fs
        .readFileSync(file, 'utf8')
        .matchAll(/(?:permission: |requirePermission\(|staffRoute\(|can\([\w.]+, )'([\w.]+)'/g))
        used.add(m[1]!);
    }
    expect(PERMISSION_NAMES.filter((p) => !used.has(p))).toEqual([]);
  });

  it('gives every navigation entry the capability its page requires', () => {
    for (const item of NAV_ITEMS) {
      // The page file of an href: app/(admin)/<href>/page.tsx, possibly under route groups such as (list).
      const page = pageFiles.find(
        (f) =>
          rel(f).startsWith('(admin)/') &&
          `/${rel(f)
            .replace(/^\(admin\)\//, '')
            .replace(/\([\w-]+\)\//g, '')
            .replace(/\/?page\.tsx$/, '')}` === item.href,
      );
      expect(page, `no page for ${item.href}`).toBeDefined();
      expect(pageCapability(fs.readFileSync(page!, 'utf8')), item.href).toBe(item.permission);
    }
  });
});
