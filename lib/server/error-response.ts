import { NextResponse } from 'next/server';
import { STATUS_OF, type ErrorCode, type FieldErrors } from '../errors';
import { currentRequestId } from './request-context';

/**
 * The JSON error every route (and proxy.ts) answers with: `{ error: { code, message, fieldErrors?, requestId? } }`;
 * `requestId` (inside a request) is what support searches the logs for.
 */
export function errorResponse(code: ErrorCode, message: string, fieldErrors?: FieldErrors, init?: ResponseInit): Response {
  const requestId = currentRequestId();
  return NextResponse.json(
    { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(requestId ? { requestId } : {}) } },
    { status: STATUS_OF[code], ...init },
  );
}
