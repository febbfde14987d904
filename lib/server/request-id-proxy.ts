import { NextResponse, type NextRequest } from 'next/server';
import { acceptRequestId, REQUEST_ID_HEADER } from '../request-id';

/**
 * The request id for every request, pages and server actions included: a sane incoming X-Request-Id is kept,
 * anything else replaced. Next passes the request headers a proxy sets on to route handlers and server
 * components (`headers()`), so the route wrappers and the action helpers read the same id; the response
 * carries it back to the caller.
 */
export function requestIdProxy(request: NextRequest): NextResponse {
  const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}
