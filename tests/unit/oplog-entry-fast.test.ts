import { describe, expect, it } from 'vitest';
import { fastOperationLogEntry, operationLogEntry } from '@/lib/oplog/entry';

const base = {
  createdAt: '2026-01-05T10:00:00.000Z',
  userId: ' u-1 ',
  platformAccountId: 'acct-1',
  operationType: 'GET_REVIEWS',
  resourceId: 'shop-1',
  status: 'FAILED',
  errorCode: 'E1',
  errorType: 'TIMEOUT',
  errorMessage: 'slow',
  executionTimeMs: 120,
  retryCount: 2,
  authTypeDetected: '2FA',
  sessionRefreshed: true,
  proxyUsed: 'p-1',
  userAgent: 'ua',
  requestPayload: { page: 2, nested: { a: [1] } },
  responseSummary: { items: 3 },
  extra: 'stripped',
};

/** Values each field may take: valid ones, edge ones and invalid ones, for both parsers to see. */
const variants: Record<string, unknown[]> = {
  createdAt: [
    undefined,
    null,
    '',
    'nope',
    1_767_000_000_000,
    '1999-12-31T23:59:59Z',
    '2000-01-01T00:00:00Z',
    new Date(Date.now() + 2 * 86_400_000).toISOString(),
    '2026-01-05',
  ],
  userId: [undefined, null, '', '   ', 'x'.repeat(128), ` ${'x'.repeat(128)} `, 'x'.repeat(129), 5],
  platformAccountId: [undefined, '', 'a'],
  operationType: [undefined, 'GET_STORES', 'get_reviews', 'NOPE', 1],
  resourceId: [undefined, null, '', 'r'.repeat(256), 'r'.repeat(257), 7],
  status: [undefined, 'SUCCESS', 'FAILED', 'failed', null],
  errorCode: [undefined, null, '', 'c'.repeat(65)],
  errorType: [undefined, null, '', 'RATE_LIMIT', 'e'.repeat(65)],
  errorMessage: [null, 'm'.repeat(2000), 'm'.repeat(2001), {}],
  executionTimeMs: [undefined, null, 0, -1, 1.5, 3_600_000, 3_600_001, '12', Number.NaN],
  retryCount: [undefined, null, 0, 100, 101, -1, 2.5],
  authTypeDetected: [undefined, null, 'NORMAL', 'SMS', ''],
  sessionRefreshed: [undefined, null, false, 'true', 1],
  proxyUsed: [undefined, '', 'p'.repeat(129)],
  userAgent: [undefined, 'u'.repeat(512), 'u'.repeat(513)],
  requestPayload: [undefined, null, {}, [], 'x', { a: undefined }],
  responseSummary: [undefined, null, [1], { ok: true }],
};

describe('fastOperationLogEntry', () => {
  it('accepts a well-formed entry with exactly the schema output', () => {
    const fast = fastOperationLogEntry(base);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(operationLogEntry.parse(base));
  });

  it('never accepts what the schema refuses, and outputs what the schema outputs when it accepts', () => {
    let accepted = 0;
    let checked = 0;
    const status = ['SUCCESS', 'FAILED'];
    for (const [field, values] of Object.entries(variants)) {
      for (const value of values) {
        for (const s of status) {
          const input: Record<string, unknown> = {
            ...base,
            status: s,
            errorType: s === 'FAILED' ? base.errorType : null,
            [field]: value,
          };
          if (value === undefined) delete input[field];
          const fast = fastOperationLogEntry(input);
          const slow = operationLogEntry.safeParse(input);
          checked++;
          if (fast !== null) {
            accepted++;
            expect(slow.success, `${field}=${JSON.stringify(value)} (${s})`).toBe(true);
            expect(fast, `${field}=${JSON.stringify(value)} (${s})`).toEqual(slow.data);
          }
        }
      }
    }
    // Most valid variants take the fast path; the rest fall back to the schema (messages come from it).
    expect(accepted).toBeGreaterThan(checked / 3);
  });

  it('returns null for non-objects and for a FAILED-only error type on a success', () => {
    for (const v of [null, 1, 'x', [base]]) expect(fastOperationLogEntry(v)).toBeNull();
    expect(fastOperationLogEntry({ ...base, status: 'SUCCESS' })).toBeNull();
    expect(operationLogEntry.safeParse({ ...base, status: 'SUCCESS' }).success).toBe(false);
  });
});
