/**
 * Retry schedule of a failed delivery: exponential (base × 2^(attempt−1), capped) with "equal jitter" — the
 * delay is between half and all of that, so retries of many deliveries that failed together spread out, yet
 * the schedule still grows predictably. `attempt` is the attempt that just failed (1 = the first).
 */
export type BackoffPolicy = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, capMs: 60 * 60_000 };

export function backoffCeilingMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(Math.max(attempt, 1) - 1, 30); // 2^30 × any base is past any cap
  return Math.min(policy.capMs, policy.baseMs * 2 ** exp);
}

export function backoffMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
