import type { StoredEntry } from '@/db/queries/oplog-write';

let n = 0;
/** A complete operation-log entry with sensible defaults. */
export function opEntry(overrides: Partial<StoredEntry> = {}): StoredEntry {
  n++;
  return {
    createdAt: new Date(),
    userId: 'user-1',
    platformAccountId: 'acct-1',
    operationType: 'GET_REVIEWS',
    resourceId: `res-${n}`,
    status: 'SUCCESS',
    errorCode: null,
    errorType: null,
    errorMessage: null,
    executionTimeMs: 100 + (n % 50),
    retryCount: 0,
    authTypeDetected: 'NORMAL',
    sessionRefreshed: false,
    proxyUsed: 'proxy-a',
    userAgent: 'bobbin-test',
    requestPayload: { shopId: 'shop-1' },
    responseSummary: { count: 3 },
    ...overrides,
  };
}

export const failed = (errorType: string, overrides: Partial<StoredEntry> = {}) =>
  opEntry({
    status: 'FAILED',
    errorType,
    errorCode: `E_${errorType}`,
    errorMessage: `${errorType} happened`,
    ...overrides,
  });
