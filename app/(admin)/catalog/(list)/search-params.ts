import { z } from '@/lib/zod';
import { PAGE_SIZES, PRODUCT_SORTS, type ProductListQuery } from '@/lib/catalog/list-query';
import { PRODUCT_STATUSES, parseMoney } from '@/lib/catalog/constants';

type Params = Record<string, string | string[] | undefined>;

const uuid = z.uuid().optional().catch(undefined);
const price = z
  .string()
  .optional()
  .transform((v) => (v ? (parseMoney(v) ?? undefined) : undefined))
  .catch(undefined);

/** The product list's URL state; malformed values fall back to defaults instead of failing. */
const schema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  category: uuid,
  status: z.enum(PRODUCT_STATUSES).optional().catch(undefined),
  supplier: uuid,
  tag: z.string().trim().toLowerCase().max(40).optional().catch(undefined),
  min: price,
  max: price,
  sort: z.enum(PRODUCT_SORTS).optional().catch(undefined),
  size: z.coerce
    .number()
    .pipe(z.union(PAGE_SIZES.map((n) => z.literal(n))))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  incomplete: z.enum(['1']).optional().catch(undefined),
});

export type ProductSearch = z.infer<typeof schema> & { attrs: [string, string][] };

/** `a=fabric:linen` pairs (repeatable): attribute filters. */
function parseAttrs(raw: string | string[] | undefined): [string, string][] {
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list
    .map((s) => {
      const i = s.indexOf(':');
      return i > 0 ? ([s.slice(0, i).trim(), s.slice(i + 1).trim()] as [string, string]) : null;
    })
    .filter(
      (p): p is [string, string] =>
        p !== null && /^[a-z][a-z0-9_]{0,39}$/.test(p[0]) && p[1] !== '' && p[1].length <= 80,
    )
    .slice(0, 5);
}

export function parseProductSearch(params: Params): ProductSearch {
  const first = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  const attrs = parseAttrs(params.a);
  // The filter form adds one attribute through two plain fields (works without JavaScript).
  const [key, value] = [first.akey, first.aval].map((v) => (typeof v === 'string' ? v.trim() : ''));
  if (key && value)
    attrs.push(...parseAttrs(`${key}:${value}`).filter(([k, v]) => !attrs.some(([k2, v2]) => k2 === k && v2 === v)));
  return { ...schema.parse(first), attrs: attrs.slice(0, 5) };
}

/** The query for db/queries/catalog-list.ts. */
export function toListQuery(s: ProductSearch): ProductListQuery {
  return {
    q: s.q,
    category: s.category,
    status: s.status,
    supplier: s.supplier,
    tag: s.tag,
    attrs: s.attrs,
    priceMin: s.min,
    priceMax: s.max,
    incomplete: s.incomplete === '1',
    sort: s.sort,
    page: s.page,
    pageSize: s.size,
  };
}

/** The URL search string of a product search (also used by the CSV export link). */
export function productQueryString(search: ProductSearch, patch: Partial<ProductSearch> = {}): string {
  const merged = { ...search, ...patch };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (k === 'attrs' || v === undefined || v === '' || (k === 'page' && v === 1)) continue;
    qs.set(k, k === 'min' || k === 'max' ? (Number(v) / 100).toFixed(2) : String(v));
  }
  for (const [key, value] of merged.attrs ?? []) qs.append('a', `${key}:${value}`);
  return qs.toString();
}

export function productsHref(search: ProductSearch, patch: Partial<ProductSearch> = {}): string {
  const s = productQueryString(search, patch);
  return s ? `/catalog?${s}` : '/catalog';
}
