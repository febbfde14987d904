/** The header carrying a request's id in and out (load balancers and proxies commonly set it). */
export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept when it is a plain token (a UUID, a ULID, a proxy's hex id), so traces line up across
// hops; anything else (long, spaces, control characters, markup) is replaced so it cannot forge log lines.
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The incoming id when it is sane, else a fresh UUID. */
export function acceptRequestId(incoming: string | null | undefined): string {
  return incoming && SANE_ID.test(incoming) ? incoming : globalThis.crypto.randomUUID();
}
