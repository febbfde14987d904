import { z } from '../zod';
import { reportedInstant } from '../validation';
import { AUTH_TYPES, OP_STATUSES, OPERATION_TYPES } from './rules';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v === '' ? null : (v ?? null)));

/** One operation-log entry as the ingest API and the logger accept it. */
export const operationLogEntry = z
  .object({
    createdAt: reportedInstant.optional().describe('Defaults to the time of receipt.'),
    userId: text(128),
    platformAccountId: text(128),
    operationType: z.enum(OPERATION_TYPES),
    resourceId: optText(256),
    status: z.enum(OP_STATUSES),
    errorCode: optText(64),
    errorType: optText(64).describe('Only for FAILED, e.g. TIMEOUT, SELECTOR_NOT_FOUND, AUTH_REQUIRED, RATE_LIMIT.'),
    errorMessage: optText(2000),
    executionTimeMs: z.number().int().min(0).max(3_600_000),
    retryCount: z.number().int().min(0).max(100).default(0),
    authTypeDetected: z
      .enum(AUTH_TYPES)
      .nullish()
      .transform((v) => v ?? null),
    sessionRefreshed: z.boolean().default(false),
    proxyUsed: optText(128),
    userAgent: optText(512),
    requestPayload: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? null)
      .describe(
        'Secrets are redacted at any depth before storage: values under secret-named keys (password, token, key, auth, cookie, session, jwt…) and credential-looking strings (Bearer/Basic, JWTs, URL userinfo, secret query parameters), also in errorMessage, userAgent and proxyUsed.',
      ),
    responseSummary: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((e) => e.status === 'FAILED' || !e.errorType, {
    path: ['errorType'],
    message: 'Only FAILED operations carry an error type.',
  });

export type OperationLogInput = z.input<typeof operationLogEntry>;
export type OperationLogEntry = z.output<typeof operationLogEntry>;

export const loginResultEntry = z.object({
  userId: text(128),
  platformAccountId: text(128),
  status: z.enum(OP_STATUSES),
  authType: z.enum(AUTH_TYPES).optional(),
  email: z.email().max(254).optional(),
  createdAt: reportedInstant.optional(),
  errorType: optText(64),
  executionTimeMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type LoginResult = z.output<typeof loginResultEntry>;

const OPERATION_TYPE_SET = new Set<string>(OPERATION_TYPES);
const AUTH_TYPE_SET = new Set<string>(AUTH_TYPES);
const DAY_MS = 24 * 60 * 60 * 1000;
const INSTANT_MIN = Date.UTC(2000, 0, 1);
const INSTANT_MAX = Date.UTC(2100, 0, 1);

/** The trimmed value when `v` passes `text(max)`, else undefined. */
function fastText(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length >= 1 && t.length <= max ? t : undefined;
}

/** The value `optText(max)` outputs (null for absent or ''), or undefined when it would refuse it. */
function fastOptText(v: unknown, max: number): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function fastRecord(v: unknown): Record<string, unknown> | null | undefined {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
    ? (v as Record<string, unknown>)
    : undefined;
}

function fastInt(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/**
 * The ingest hot path's validation: the common well-formed entry checked field by field without zod's
 * per-issue machinery, returning exactly what `operationLogEntry` would output for it. Anything unusual (a
 * wrong type, a numeric timestamp, a value out of range) returns null and the caller runs the schema, which
 * then either accepts it or produces the field messages. So the schema stays the one definition of valid;
 * tests/unit/oplog-entry-fast.test.ts checks the two agree.
 */
export function fastOperationLogEntry(v: unknown, now = Date.now()): OperationLogEntry | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const e = v as Record<string, unknown>;
  let createdAt: Date | undefined;
  if (e.createdAt !== undefined) {
    if (typeof e.createdAt !== 'string') return null;
    createdAt = new Date(e.createdAt);
    const t = createdAt.getTime();
    if (!(t >= INSTANT_MIN && t < INSTANT_MAX && t <= now + DAY_MS)) return null;
  }
  const userId = fastText(e.userId, 128);
  const platformAccountId = fastText(e.platformAccountId, 128);
  const operationType = e.operationType;
  const status = e.status;
  if (userId === undefined || platformAccountId === undefined) return null;
  if (typeof operationType !== 'string' || !OPERATION_TYPE_SET.has(operationType)) return null;
  if (status !== 'SUCCESS' && status !== 'FAILED') return null;
  const resourceId = fastOptText(e.resourceId, 256);
  const errorCode = fastOptText(e.errorCode, 64);
  const errorType = fastOptText(e.errorType, 64);
  const errorMessage = fastOptText(e.errorMessage, 2000);
  const proxyUsed = fastOptText(e.proxyUsed, 128);
  const userAgent = fastOptText(e.userAgent, 512);
  if (resourceId === undefined || errorCode === undefined || errorType === undefined || errorMessage === undefined)
    return null;
  if (proxyUsed === undefined || userAgent === undefined) return null;
  if (status !== 'FAILED' && errorType) return null;
  const executionTimeMs = fastInt(e.executionTimeMs, 0, 3_600_000);
  const retryCount = e.retryCount === undefined ? 0 : fastInt(e.retryCount, 0, 100);
  if (executionTimeMs === undefined || retryCount === undefined) return null;
  const auth = e.authTypeDetected;
  if (auth !== undefined && auth !== null && !(typeof auth === 'string' && AUTH_TYPE_SET.has(auth))) return null;
  const sessionRefreshed = e.sessionRefreshed === undefined ? false : e.sessionRefreshed;
  if (typeof sessionRefreshed !== 'boolean') return null;
  const requestPayload = fastRecord(e.requestPayload);
  const responseSummary = fastRecord(e.responseSummary);
  if (requestPayload === undefined || responseSummary === undefined) return null;
  const out: OperationLogEntry = {
    userId,
    platformAccountId,
    operationType: operationType as OperationLogEntry['operationType'],
    resourceId,
    status,
    errorCode,
    errorType,
    errorMessage,
    executionTimeMs,
    retryCount,
    authTypeDetected: (auth ?? null) as OperationLogEntry['authTypeDetected'],
    sessionRefreshed,
    proxyUsed,
    userAgent,
    requestPayload,
    responseSummary,
  };
  if (createdAt) out.createdAt = createdAt; // absent, not undefined: the schema's output has no key then
  return out;
}

/** Entry with secrets already redacted, ready for the bulk path. `createdAt` may be epoch ms (the logger's buffer). */
export type StoredEntry = Omit<OperationLogEntry, 'createdAt'> & { createdAt: Date | number };
