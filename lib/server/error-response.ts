import { NextResponse } from 'next/server';
import { STATUS_OF, type ErrorCode, type FieldErrors } from '../errors';

/** The JSON error every route (and proxy.ts) answers with: `{ error: { code, message, fieldErrors? } }`. */
export function errorResponse(code: ErrorCode, message: string, fieldErrors?: FieldErrors, init?: ResponseInit): Response {
  return NextResponse.json({ error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } }, { status: STATUS_OF[code], ...init });
}
