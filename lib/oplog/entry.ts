import { z } from '../zod';
import { reportedInstant } from '../validation';
import { AUTH_TYPES, OP_STATUSES, OPERATION_TYPES } from './rules';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().max(max).nullish().transform((v) => (v === '' ? null : (v ?? null)));

/** One operation-log entry as the ingest API and the logger accept it. */
export const operationLogEntry = z
  .object({
    createdAt: reportedInstant.optional(),
    userId: text(128),
    platformAccountId: text(128),
    operationType: z.enum(OPERATION_TYPES),
    resourceId: optText(256),
    status: z.enum(OP_STATUSES),
    errorCode: optText(64),
    errorType: optText(64),
    errorMessage: optText(2000),
    executionTimeMs: z.number().int().min(0).max(3_600_000),
    retryCount: z.number().int().min(0).max(100).default(0),
    authTypeDetected: z.enum(AUTH_TYPES).nullish().transform((v) => v ?? null),
    sessionRefreshed: z.boolean().default(false),
    proxyUsed: optText(128),
    userAgent: optText(512),
    requestPayload: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? null),
    responseSummary: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? null),
  })
  .refine((e) => e.status === 'FAILED' || !e.errorType, { path: ['errorType'], message: 'Only FAILED operations carry an error type.' });

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

/** Entry with secrets already redacted, ready for the bulk path. `createdAt` may be epoch ms (the logger's buffer). */
export type StoredEntry = Omit<OperationLogEntry, 'createdAt'> & { createdAt: Date | number };
