import type { NextRequest } from 'next/server';
import { requestIdProxy } from './lib/server/request-id-proxy';

/** Runs before every request (Node runtime): gives it a request id (lib/server/request-id-proxy.ts). */
export function proxy(request: NextRequest) {
  return requestIdProxy(request);
}

// Static assets need no id.
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
