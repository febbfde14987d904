import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formDataToObject } from '@/lib/form-data';
import { safeCallbackPath } from '@/lib/safe-redirect';
import { accountKey, throttledMessage } from '@/lib/throttle';
import { PEER_HEADER, clientIp } from '@/lib/client-address';
import { checkSameOrigin } from '@/lib/server/origin';

describe('safeCallbackPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeCallbackPath('/staff?role=admin')).toBe('/staff?role=admin');
  });
  it('reduces absolute URLs to their path, so host mismatches and open redirects are impossible', () => {
    expect(safeCallbackPath('http://localhost:3000/audit')).toBe('/audit');
    expect(safeCallbackPath('https://evil.example/steal')).toBe('/steal');
    expect(safeCallbackPath('//evil.example')).toBe('/');
  });
  it('falls back to home for junk, API and login paths', () => {
    for (const v of [undefined, '', 42, '/api/auth/signout', '/login?x=1', ['/staff', '/x']]) {
      expect(safeCallbackPath(v)).toBe(Array.isArray(v) ? '/staff' : '/');
    }
  });
});

describe('throttle helpers', () => {
  it('keys accounts case-insensitively', () => {
    expect(accountKey('  Ada@Example.TEST ')).toBe('email:ada@example.test');
  });
  const token = 'per-process-token';
  const hops = (n: number) => ({ kind: 'hops', hops: n }) as const;
  const stamped = (peer: string, extra: Record<string, string> = {}) =>
    new Headers({ [PEER_HEADER]: `${token} ${peer}`, ...extra });

  it('with no trusted proxy (the default) counts the socket address and ignores what the client wrote', () => {
    const h = stamped('::ffff:198.51.100.20', { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8' });
    expect(clientIp(h, hops(0), token)).toBe('198.51.100.20');
  });
  it('believes a socket stamp only with this process token; without one every client shares one bucket', () => {
    const forged = new Headers({ [PEER_HEADER]: 'guessed 203.0.113.7', 'x-forwarded-for': '203.0.113.7' });
    expect(clientIp(forged, hops(0), token)).toBe('unknown');
    expect(clientIp(stamped('198.51.100.20'), hops(0), undefined)).toBe('unknown');
    expect(clientIp(undefined, hops(0), token)).toBe('unknown');
  });
  it('with n trusted proxies takes the n-th address from the right of [...X-Forwarded-For, socket]', () => {
    const h = stamped('10.0.0.1', { 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 192.0.2.44' });
    expect(clientIp(h, hops(1), token)).toBe('192.0.2.44');
    expect(clientIp(h, hops(2), token)).toBe('203.0.113.9');
    expect(clientIp(stamped('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), hops(3), token)).toBe('203.0.113.9');
    // No stamp (started without scripts/server.mjs): the proxy's own address is simply not in the chain.
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.2.3.4, 192.0.2.44' }), hops(1), token)).toBe('192.0.2.44');
  });
  it('scripts/server.mjs replaces a forged stamp with the socket address, so spoofed headers count nothing', async () => {
    const { stampPeer } = await import('../../scripts/peer-stamp.mjs');
    const req = {
      headers: {
        [PEER_HEADER]: `${token} 203.0.113.7`,
        'x-forwarded-for': '203.0.113.7',
        'x-real-ip': '203.0.113.7',
      } as Record<string, string>,
      socket: { remoteAddress: '::ffff:192.0.2.10' },
    };
    stampPeer(req, token);
    expect(clientIp(req.headers, hops(0), token)).toBe('192.0.2.10');
    expect(clientIp(req.headers, hops(1), token)).toBe('203.0.113.7'); // only when a proxy really appended it
  });
  it('on Vercel reads the address its edge overwrites', () => {
    expect(
      clientIp({ 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7' }, { kind: 'vercel' }, token),
    ).toBe('198.51.100.7');
    expect(clientIp({ 'x-forwarded-for': '198.51.100.7' }, { kind: 'vercel' }, token)).toBe('198.51.100.7');
  });
  it('rounds the wait up to whole minutes', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(throttledMessage(new Date(now.getTime() + 61_000), now)).toBe(
      'Too many failed sign-in attempts. Try again in 2 minutes.',
    );
    expect(throttledMessage(new Date(now.getTime() + 5_000), now)).toMatch(/in 1 minute\.$/);
  });
});

describe('formDataToObject', () => {
  it('drops Next internals, keeps repeated keys as arrays', () => {
    const fd = new FormData();
    fd.append('$ACTION_ID_abc', '');
    fd.append('name', 'Ada');
    fd.append('tag', 'a');
    fd.append('tag', 'b');
    expect(formDataToObject(fd)).toEqual({ name: 'Ada', tag: ['a', 'b'] });
  });
});

describe('checkSameOrigin', () => {
  const none = { kind: 'hops', hops: 0 } as const;
  const h = (o: Record<string, string>) => new Headers({ host: 'bobbin.example:3000', ...o });
  it('accepts our own origin and a browser-vouched same-origin request without Origin', () => {
    expect(checkSameOrigin(h({ origin: 'http://bobbin.example:3000' }), none, undefined)).toEqual({ ok: true });
    expect(checkSameOrigin(h({ 'sec-fetch-site': 'same-origin' }), none, undefined)).toEqual({ ok: true });
  });
  it('refuses foreign, same-site, null and missing origins', () => {
    const refused: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'http://bobbin.example:3001' },
      { origin: 'null' },
      {},
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const o of refused) {
      expect(checkSameOrigin(h(o), none, undefined).ok, JSON.stringify(o)).toBe(false);
    }
  });
  it('believes X-Forwarded-Host only behind a trusted proxy', () => {
    const forged = h({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' });
    expect(checkSameOrigin(forged, none, undefined).ok).toBe(false);
    const proxied = new Headers({
      host: '127.0.0.1:3000',
      origin: 'https://bobbin.example',
      'x-forwarded-host': 'bobbin.example',
    });
    expect(checkSameOrigin(proxied, { kind: 'hops', hops: 1 }, undefined)).toEqual({ ok: true });
    expect(checkSameOrigin(proxied, none, undefined).ok).toBe(false);
    expect(checkSameOrigin(proxied, none, 'https://bobbin.example')).toEqual({ ok: true }); // NEXTAUTH_URL names it
  });
});

describe('zod is imported through lib/zod.ts only', () => {
  it('so browsers never probe eval under the CSP (a reported violation)', () => {
    const root = path.resolve(__dirname, '../..');
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
        );
    const direct = ['app', 'components', 'lib', 'db']
      .flatMap((d) => walk(path.join(root, d)))
      .filter((f) => !f.endsWith(path.join('lib', 'zod.ts')) && /from 'zod'/.test(fs.readFileSync(f, 'utf8')));
    expect(direct.map((f) => path.relative(root, f))).toEqual([]);
  });
});
