/** Operation-log domain rules (docs/domain.md §4). Pure functions; the SQL in db/queries/oplog.ts mirrors them. */

export const OPERATION_TYPES = [
  'CHECK_LOGIN',
  'VALIDATE_SESSION',
  'GET_REVIEWS',
  'ADD_REPLY',
  'UPDATE_REPLY',
  'DELETE_REPLY',
  'GET_STORES',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OP_STATUSES = ['SUCCESS', 'FAILED'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

/** The error types the platform integration reports today; the column stays open text for new ones. */
export const KNOWN_ERROR_TYPES = [
  'TIMEOUT',
  'SELECTOR_NOT_FOUND',
  'AUTH_REQUIRED',
  'RATE_LIMIT',
  'NETWORK',
  'CAPTCHA',
  'UNKNOWN',
] as const;

export const AUTH_TYPES = ['2FA', 'NORMAL'] as const;

export const GRADES = ['STABLE', 'UNSTABLE', 'CRITICAL'] as const;
export type Grade = (typeof GRADES)[number];

export const WINDOW_SIZE = 10;
export type WindowEntry = { status: OpStatus; createdAt: string };

/** success / total × 100, rounded to 2 decimals; 0 when there were no logins. */
export function stabilityScore(success: number, total: number): number {
  if (total <= 0) return 0;
  // Integer numerator keeps the half-way cases exact, as numeric rounding does in SQL.
  return Math.round((success * 10_000) / total) / 100;
}

/**
 * The lowest score of each grade. Twin of the SQL function session_stability_grade (drizzle/0002); the oplog
 * integration test checks the two agree, and score-range filters (db/queries/support.ts) use these numbers.
 */
export const GRADE_FLOOR = { STABLE: 80, UNSTABLE: 50 } as const;

/** score ≥ 80 → STABLE; ≥ 50 → UNSTABLE; below → CRITICAL. */
export function stabilityGrade(score: number): Grade {
  if (score >= GRADE_FLOOR.STABLE) return 'STABLE';
  if (score >= GRADE_FLOOR.UNSTABLE) return 'UNSTABLE';
  return 'CRITICAL';
}

/** Adds a login attempt to the recent window: newest first by time, at most 10. */
export function pushWindow(window: readonly WindowEntry[], entry: WindowEntry): WindowEntry[] {
  return [entry, ...window]
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .slice(0, WINDOW_SIZE);
}

/** Failures in a row at the newest end of the window: the signal that a session needs refreshing. */
export function consecutiveFailures(window: readonly WindowEntry[]): number {
  let n = 0;
  for (const e of window) {
    if (e.status !== 'FAILED') break;
    n++;
  }
  return n;
}

export const REVIEW_TYPES = ['TYPE_A', 'TYPE_B', 'TYPE_C'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

/** TYPE_C for pickup reviews; otherwise TYPE_A with booking detail (salons, clinics), else TYPE_B (receipts). */
export function reviewType(review: { source?: string | null; hasBookingDetail?: boolean | null }): ReviewType {
  if (review.source?.toUpperCase() === 'PICKUP') return 'TYPE_C';
  return review.hasBookingDetail ? 'TYPE_A' : 'TYPE_B';
}
