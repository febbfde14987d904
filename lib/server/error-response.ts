import { NextResponse } from 'next/server';
import { STATUS_OF, type ErrorCode, type ErrorDetails, type FieldErrors } from '../errors';
import { currentRequestId } from './request-context';

/**
 * The JSON error every route (and proxy.ts) answers with: `{ error: { code, message, fieldErrors?, ...details,
 * requestId? } }`, with the code's status from lib/errors.ts (never chosen here); `requestId` (inside a request)
 * is what support searches the logs for.
 */
export function errorResponse(
  code: ErrorCode,
  message: string,
  fieldErrors?: FieldErrors,
  init?: { headers?: HeadersInit; details?: ErrorDetails },
): Response {
  const requestId = currentRequestId();
  return NextResponse.json(
    {
      error: {
        code,
        message,
        ...(fieldErrors ? { fieldErrors } : {}),
        ...init?.details,
        ...(requestId ? { requestId } : {}),
      },
    },
    { status: STATUS_OF[code], ...(init?.headers ? { headers: init.headers } : {}) },
  );
}
