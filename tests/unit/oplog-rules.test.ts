import { describe, expect, it } from 'vitest';
import {
  consecutiveFailures,
  pushWindow,
  reviewType,
  stabilityGrade,
  stabilityScore,
  type WindowEntry,
} from '@/lib/oplog/rules';
import { REDACTED, redactSecrets } from '@/lib/oplog/redact';

describe('session stability score', () => {
  it('is 0 when there were no logins', () => {
    expect(stabilityScore(0, 0)).toBe(0);
  });
  it('is success / total × 100 rounded to 2 decimals', () => {
    expect(stabilityScore(1, 3)).toBe(33.33);
    expect(stabilityScore(2, 3)).toBe(66.67);
    expect(stabilityScore(7, 7)).toBe(100);
    expect(stabilityScore(1, 8)).toBe(12.5);
    expect(stabilityScore(1, 200000)).toBe(0); // 0.0005 → 0.00 (half rounds up: 0.001 → 0.00)
    expect(stabilityScore(1, 16)).toBe(6.25);
    expect(stabilityScore(1, 1600)).toBe(0.06); // 0.0625 → 0.06
  });
});

describe('grade', () => {
  it('has exact boundaries at 80 and 50', () => {
    expect(stabilityGrade(100)).toBe('STABLE');
    expect(stabilityGrade(80)).toBe('STABLE');
    expect(stabilityGrade(79.99)).toBe('UNSTABLE');
    expect(stabilityGrade(50)).toBe('UNSTABLE');
    expect(stabilityGrade(49.99)).toBe('CRITICAL');
    expect(stabilityGrade(0)).toBe('CRITICAL');
  });
});

describe('recent login window', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
  it('keeps the 10 newest, newest first', () => {
    let w: WindowEntry[] = [];
    for (let i = 0; i < 12; i++) w = pushWindow(w, { status: i % 2 ? 'FAILED' : 'SUCCESS', createdAt: at(i) });
    expect(w).toHaveLength(10);
    expect(w[0]).toEqual({ status: 'FAILED', createdAt: at(11) });
    expect(w.at(-1)!.createdAt).toBe(at(2));
  });
  it('places a late-arriving attempt by its time', () => {
    const w = pushWindow([{ status: 'SUCCESS', createdAt: at(5) }], { status: 'FAILED', createdAt: at(1) });
    expect(w.map((e) => e.createdAt)).toEqual([at(5), at(1)]);
  });
  it('counts consecutive failures at the newest end', () => {
    expect(
      consecutiveFailures([
        { status: 'FAILED', createdAt: at(3) },
        { status: 'FAILED', createdAt: at(2) },
        { status: 'SUCCESS', createdAt: at(1) },
      ]),
    ).toBe(2);
    expect(
      consecutiveFailures([
        { status: 'SUCCESS', createdAt: at(3) },
        { status: 'FAILED', createdAt: at(2) },
      ]),
    ).toBe(0);
    expect(consecutiveFailures([])).toBe(0);
  });
});

describe('review type', () => {
  it('is TYPE_C for pickup, whatever the booking detail', () => {
    expect(reviewType({ source: 'PICKUP', hasBookingDetail: true })).toBe('TYPE_C');
    expect(reviewType({ source: 'pickup' })).toBe('TYPE_C');
  });
  it('is TYPE_A with booking detail, else TYPE_B', () => {
    expect(reviewType({ source: 'VISIT', hasBookingDetail: true })).toBe('TYPE_A');
    expect(reviewType({ source: 'RECEIPT', hasBookingDetail: false })).toBe('TYPE_B');
    expect(reviewType({})).toBe('TYPE_B');
  });
});

describe('redactSecrets', () => {
  it('redacts secret keys at any depth, in arrays, in any case', () => {
    const input = {
      user: 'ada',
      Password: 'p1',
      nested: { deeper: { accessToken: 't', API_KEY: 'k', apiKey: 'k2', 'x-api-key': 'k3', clientSecret: 's' } },
      list: [{ token: 'a' }, { ok: 1, sessionId: 'sid' }],
      headers: { Authorization: 'Bearer x', Cookie: 'c=1' },
    };
    const out = redactSecrets(input) as typeof input;
    expect(out.user).toBe('ada');
    expect(out.Password).toBe(REDACTED);
    expect(out.nested.deeper).toEqual({
      accessToken: REDACTED,
      API_KEY: REDACTED,
      apiKey: REDACTED,
      'x-api-key': REDACTED,
      clientSecret: REDACTED,
    });
    expect(out.list).toEqual([{ token: REDACTED }, { ok: 1, sessionId: REDACTED }]);
    expect(out.headers).toEqual({ Authorization: REDACTED, Cookie: REDACTED });
    expect(JSON.stringify(out)).not.toMatch(/"(p1|t|k|k2|k3|s|a|sid|c=1)"/);
    expect(input.Password).toBe('p1'); // the input is not modified
  });
  it('keeps ordinary keys that merely look alike, and errs towards redaction for token-ish names', () => {
    expect(redactSecrets({ passport: 'no', compass: 'n', tokenCount: 3, spinner: 1 })).toEqual({
      passport: 'no',
      compass: 'n',
      tokenCount: REDACTED,
      spinner: 1,
    });
  });
  it('survives cycles and depth', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactSecrets(a)).toEqual({ name: 'a', self: '[CIRCULAR]' });
    let deep: Record<string, unknown> = { password: 'x' };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[TRUNCATED]');
  });
});
