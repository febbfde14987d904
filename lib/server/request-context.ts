import { AsyncLocalStorage } from 'node:async_hooks';

/** What the log lines and error bodies of one request share. Set by the route wrappers and the action helpers. */
export type RequestContext = { requestId: string };

// On globalThis: Next bundles this module more than once (route handlers, pages), and they must share the store.
const g = globalThis as unknown as { __bobbinRequestContext?: AsyncLocalStorage<RequestContext> };
const store: AsyncLocalStorage<RequestContext> = (g.__bobbinRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequest<T>(ctx: RequestContext, fn: () => T): T {
  return store.run(ctx, fn);
}

/** The current request's id, if this code runs inside a request. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
