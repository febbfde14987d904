import { describe, expect, it } from 'vitest';
import { formDataToObject } from '@/lib/form-data';
import { safeCallbackPath } from '@/lib/safe-redirect';
import { accountKey, clientIp, throttledMessage } from '@/lib/throttle';

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
  it('trusts only the right end of X-Forwarded-For (what our own proxies appended), then x-real-ip, then unknown', () => {
    const spoofed = new Headers({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 10.0.0.1' });
    expect(clientIp(spoofed, 1)).toBe('10.0.0.1');
    expect(clientIp(spoofed, 2)).toBe('203.0.113.9');
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.9' }), 3)).toBe('203.0.113.9');
    expect(clientIp({ 'x-real-ip': '198.51.100.7' })).toBe('198.51.100.7');
    expect(clientIp(undefined)).toBe('unknown');
  });
  it('rounds the wait up to whole minutes', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(throttledMessage(new Date(now.getTime() + 61_000), now)).toBe('Too many failed sign-in attempts. Try again in 2 minutes.');
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
