import type { LogDbHandle } from './client';
import { writeOperationLogs, type StoredEntry } from './queries/oplog-write';
import { mergeLoginTallies, upsertReviewMetadata, type ReviewInput } from './queries/oplog';
import { redactSecrets } from '../lib/oplog/redact';
import { seeded } from '../lib/random';
import { type OperationType, type WindowEntry, WINDOW_SIZE } from '../lib/oplog/rules';

/** Deterministic PRNG (mulberry32): the same seed gives the same traffic, so demos and tests repeat. */
const rng = seeded;

export const SIM_OPS: [OperationType, number, number][] = [
  // type, share of traffic, median latency ms
  ['GET_REVIEWS', 0.35, 850],
  ['CHECK_LOGIN', 0.15, 1300],
  ['VALIDATE_SESSION', 0.15, 300],
  ['GET_STORES', 0.1, 450],
  ['ADD_REPLY', 0.12, 1600],
  ['UPDATE_REPLY', 0.08, 1400],
  ['DELETE_REPLY', 0.05, 900],
];
export const SIM_PROXIES: [string, number][] = [
  ['proxy-fra-1', 0.99],
  ['proxy-fra-2', 0.98],
  ['proxy-ams-1', 0.97],
  ['proxy-ams-2', 0.97], // starts timing out late in the run
  ['proxy-par-1', 0.95],
  ['proxy-lon-1', 0.93],
  ['proxy-waw-1', 0.85],
  ['proxy-mad-1', 0.7], // the bad one
];
export const SIM_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1',
  'BobbinBot/2.3 (+headless)',
];

type SimUser = {
  userId: string;
  account: string;
  email: string;
  authType: '2FA' | 'NORMAL';
  base: number;
  sliding: boolean;
};

export type SimulateOptions = {
  rows: number;
  days: number;
  seed?: number;
  now?: Date;
  batchSize?: number;
  users?: number;
  onProgress?: (done: number) => void;
};
export type SimulateResult = { rows: number; users: number; profiles: number; reviews: number; ms: number };

/**
 * Generates realistic platform traffic straight into the database: users of varied stability (some sliding into
 * CRITICAL), 2FA and NORMAL, proxies with different success rates (one starts timing out at 70% of the run),
 * long-tailed per-operation latencies, and a selector that breaks for a day halfway through.
 */
export async function simulateTraffic(handle: LogDbHandle, opts: SimulateOptions): Promise<SimulateResult> {
  const started = Date.now();
  const rand = rng(opts.seed ?? 42);
  const now = (opts.now ?? new Date()).getTime();
  const span = opts.days * 86_400_000;
  const start = now - span;
  const userCount = opts.users ?? Math.max(20, Math.min(5000, Math.round(opts.rows / 2000)));
  const users: SimUser[] = Array.from({ length: userCount }, (_, i) => {
    const r = rand();
    const kind = r < 0.7 ? 'stable' : r < 0.88 ? 'unstable' : 'critical';
    const base =
      kind === 'stable' ? 0.9 + rand() * 0.09 : kind === 'unstable' ? 0.6 + rand() * 0.18 : 0.2 + rand() * 0.25;
    const id = String(i + 1).padStart(5, '0');
    return {
      userId: `u-${id}`,
      account: `acct-${id}${rand() < 0.15 ? 'b' : 'a'}`,
      email: `user${id}@shop.example`,
      authType: rand() < 0.3 ? '2FA' : 'NORMAL',
      base,
      sliding: rand() < 0.06,
    };
  });
  const proxyOutageAt = start + span * 0.7;
  const selectorBreak = start + Math.floor(opts.days * 0.5) * 86_400_000;
  const opCumulative = SIM_OPS.reduce<number[]>((acc, [, share]) => [...acc, (acc.at(-1) ?? 0) + share], []);
  const profiles = new Map<
    string,
    { user: SimUser; total: number; success: number; last: number; lastStatus: string; window: WindowEntry[] }
  >();
  const reviews: ReviewInput[] = [];
  const batchSize = opts.batchSize ?? 5000;
  let batch: StoredEntry[] = [];
  let pending: Promise<unknown> = Promise.resolve();
  let written = 0;

  const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  for (let i = 0; i < opts.rows; i++) {
    const t = start + ((i + rand()) / opts.rows) * span;
    const user = users[Math.floor(rand() * rand() * userCount)]!; // some users are much busier than others
    const pr = rand();
    const opIndex = opCumulative.findIndex((c) => pr < c);
    const [op, , median] = SIM_OPS[opIndex === -1 ? 0 : opIndex]!;
    const [proxy, proxyOk] = SIM_PROXIES[Math.floor(rand() * SIM_PROXIES.length)]!;
    const progress = (t - start) / span;
    let p = (user.sliding ? user.base - (user.base - 0.25) * progress : user.base) * proxyOk;
    const proxyDown = proxy === 'proxy-ams-2' && t >= proxyOutageAt;
    if (proxyDown) p *= 0.35;
    const selectorBroken = op === 'GET_REVIEWS' && t >= selectorBreak && t < selectorBreak + 86_400_000;
    if (selectorBroken) p *= 0.4;
    const ok = rand() < p;
    let errorType: string | null = null;
    if (!ok) {
      const e = rand();
      errorType =
        proxyDown && e < 0.8
          ? 'TIMEOUT'
          : selectorBroken && e < 0.85
            ? 'SELECTOR_NOT_FOUND'
            : user.authType === '2FA' && e < 0.5
              ? 'AUTH_REQUIRED'
              : e < 0.35
                ? 'TIMEOUT'
                : e < 0.55
                  ? 'RATE_LIMIT'
                  : e < 0.75
                    ? 'SELECTOR_NOT_FOUND'
                    : e < 0.9
                      ? 'AUTH_REQUIRED'
                      : 'NETWORK';
    }
    let latency = Math.round(median * Math.exp(0.55 * normal()));
    if (rand() < 0.01) latency *= 5 + Math.floor(rand() * 15); // the long tail
    if (errorType === 'TIMEOUT') latency = 10_000 + Math.floor(rand() * 20_000);
    const createdAt = new Date(t);
    const resource =
      op === 'GET_STORES' || op === 'CHECK_LOGIN' || op === 'VALIDATE_SESSION'
        ? null
        : `shop-${String(1 + Math.floor(rand() * 40)).padStart(2, '0')}`;
    batch.push({
      createdAt,
      userId: user.userId,
      platformAccountId: user.account,
      operationType: op,
      resourceId: resource,
      status: ok ? 'SUCCESS' : 'FAILED',
      errorCode: errorType ? `E_${errorType}` : null,
      errorType,
      errorMessage: errorType ? (SIM_ERROR_MESSAGES[errorType] ?? errorType) : null,
      executionTimeMs: Math.max(5, latency),
      retryCount: ok ? (rand() < 0.1 ? 1 : 0) : Math.floor(rand() * 4),
      authTypeDetected: op === 'CHECK_LOGIN' ? user.authType : null,
      sessionRefreshed: op === 'VALIDATE_SESSION' && rand() < 0.2,
      proxyUsed: proxy,
      userAgent: SIM_AGENTS[Math.floor(rand() * SIM_AGENTS.length)]!,
      // The tooling sends credentials along; they must be redacted before storage.
      requestPayload: redactSecrets(
        op === 'CHECK_LOGIN'
          ? { login: user.email, password: 'hunter2', otp: '123456' }
          : { shopId: resource, page: 1 + Math.floor(rand() * 5), auth: { accessToken: 'tok_live_x' } },
      ) as Record<string, unknown>,
      responseSummary: ok
        ? { items: Math.floor(rand() * 40) }
        : { httpStatus: errorType === 'RATE_LIMIT' ? 429 : errorType === 'AUTH_REQUIRED' ? 401 : 0 },
    });
    if (op === 'CHECK_LOGIN') {
      const key = `${user.userId}|${user.account}`;
      const prof = profiles.get(key) ?? { user, total: 0, success: 0, last: 0, lastStatus: 'SUCCESS', window: [] };
      prof.total++;
      if (ok) prof.success++;
      prof.last = t;
      prof.lastStatus = ok ? 'SUCCESS' : 'FAILED';
      prof.window.unshift({ status: ok ? 'SUCCESS' : 'FAILED', createdAt: createdAt.toISOString() });
      if (prof.window.length > WINDOW_SIZE) prof.window.pop();
      profiles.set(key, prof);
    }
    if (op === 'GET_REVIEWS' && ok && rand() < 0.3) {
      const source = rand() < 0.2 ? 'PICKUP' : rand() < 0.5 ? 'VISIT' : 'RECEIPT';
      const attempted = rand() < 0.6;
      reviews.push({
        reviewId: `rv-${i}`,
        shopId: resource!,
        externalShopId: `ext-${resource}`,
        source,
        hasBookingDetail: source === 'VISIT' && rand() < 0.8,
        replyAttempted: attempted,
        replySuccess: attempted ? rand() < 0.85 : null,
        replyErrorType: null,
        fetchedAt: createdAt,
      });
    }
    if (batch.length >= batchSize) {
      const rows = batch;
      batch = [];
      await pending; // at most one insert in flight while the next batch is generated
      pending = writeOperationLogs(handle, rows).then((n) => {
        written += n;
        opts.onProgress?.(written);
      });
    }
  }
  await pending;
  if (batch.length) written += await writeOperationLogs(handle, batch);

  // Profiles: merged into existing ones by the login-profile upsert the API uses, in one statement.
  const profs = [...profiles.values()];
  await mergeLoginTallies(
    handle.db,
    profs.map((p) => ({
      userId: p.user.userId,
      platformAccountId: p.user.account,
      email: p.user.email,
      authType: p.user.authType,
      total: p.total,
      success: p.success,
      lastAt: new Date(p.last).toISOString(),
      lastStatus: p.lastStatus,
      window: p.window,
    })),
  );
  for (let i = 0; i < reviews.length; i += 1000) {
    await upsertReviewMetadata(handle.db, reviews.slice(i, i + 1000));
  }
  return { rows: written, users: userCount, profiles: profs.length, reviews: reviews.length, ms: Date.now() - started };
}

export const SIM_ERROR_MESSAGES: Record<string, string> = {
  TIMEOUT: 'Navigation timeout of 10000 ms exceeded',
  SELECTOR_NOT_FOUND: 'waiting for selector ".review-list > li" failed: timeout',
  AUTH_REQUIRED: 'Session expired: two-factor verification required',
  RATE_LIMIT: 'HTTP 429 Too Many Requests',
  NETWORK: 'net::ERR_CONNECTION_RESET',
};
