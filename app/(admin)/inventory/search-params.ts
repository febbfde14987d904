import { MOVEMENT_KINDS, type MovementKind } from '@/lib/inventory/constants';
import { isUuid, parseIdCursor } from '@/lib/validation';

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

const cursorOf = (v: string) => parseIdCursor(v);

/** The stock list's URL state: ?location=&q=&low=1&page=&after=|before= (shared by the page and its links). */
export function parseStockParams(p: Params) {
  const location = one(p.location);
  const page = Number.parseInt(one(p.page), 10);
  const after = cursorOf(one(p.after));
  return {
    locationId: isUuid(location) ? location : undefined,
    q: one(p.q).trim().slice(0, 60) || undefined,
    low: one(p.low) === '1',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 10_000) : 1,
    after,
    before: after === undefined ? cursorOf(one(p.before)) : undefined,
  };
}

/** Previous/Next links of a keyset-paged list: the cursor plus the page number to show. */
export function pageLinks(
  base: string,
  keep: Record<string, string | number | boolean | undefined>,
  paging: { page: number; prev: number | null; next: number | null },
) {
  return {
    prev: paging.prev === null ? null : `${base}${qs({ ...keep, before: paging.prev, page: paging.page > 2 ? paging.page - 1 : undefined })}`,
    next: paging.next === null ? null : `${base}${qs({ ...keep, after: paging.next, page: paging.page + 1 })}`,
  };
}

/** The movement history's URL state: ?sku=&location=&kind=&before= */
export function parseMovementParams(p: Params) {
  const location = one(p.location);
  const kind = one(p.kind);
  return {
    sku: one(p.sku).trim().slice(0, 100) || undefined,
    locationId: isUuid(location) ? location : undefined,
    kind: (MOVEMENT_KINDS as readonly string[]).includes(kind) ? (kind as MovementKind) : undefined,
    before: parseIdCursor(one(p.before)),
  };
}

/** A query string from the non-empty values. */
export function qs(values: Record<string, string | number | boolean | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '' && v !== false) u.set(k, v === true ? '1' : String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
