import { PAGE_SIZES, type ProductListQuery, type ProductSort } from '../catalog/list-query';
import { PRODUCT_STATUSES, parseMoney } from '../catalog/constants';
import { defineList, field } from '../url-state';
import { z } from '../zod';

/** A price as typed ("12", "12.5", "12,50"): kept as text in the URL, read as minor units by the query. */
const price = () => field.text(12).refine((s) => parseMoney(s) !== null);

/** `fabric:linen`: an attribute key (as categories define them) and the value it must have. */
const attribute = () =>
  z
    .string()
    .trim()
    .max(121)
    .regex(/^[a-z][a-z0-9_]{0,39}:.*\S.*$/)
    .refine((s) => s.slice(s.indexOf(':') + 1).trim().length <= 80);

/**
 * The catalog's URL state, shared by the page, its CSV export and saved views. Sorts each follow an index on
 * products: lower(name), base_price, completeness, updated_at (the default, newest first; it has no header).
 */
export const catalogList = defineList({
  path: '/catalog',
  permission: 'catalog.read',
  fields: {
    q: field.text(100),
    category: field.uuid(),
    status: field.oneOf(PRODUCT_STATUSES),
    supplier: field.uuid(),
    tag: field.text(40).transform((s) => s.toLowerCase()),
    min: price(),
    max: price(),
    incomplete: field.flag(),
    size: z.enum(PAGE_SIZES.map(String) as [string, ...string[]]),
  },
  repeated: { a: attribute() },
  paging: { page: field.page() },
  sorts: ['updated', 'name', 'price', 'completeness'],
  defaultSort: { key: 'updated', dir: 'desc' },
  columns: ['product', 'category', 'status', 'price', 'variants', 'completeness', 'supplier', 'tags'],
  required: ['product'],
});

export type CatalogState = ReturnType<typeof catalogList.parse>;

/** `fabric:linen` → ['fabric', 'linen']. */
export function attributePairs(values: readonly string[] | undefined): [string, string][] {
  return (values ?? []).map((s) => {
    const i = s.indexOf(':');
    return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
  });
}

/** The product list's query from its URL state: the page and the CSV export run exactly this. */
export function catalogQueryOf(state: Pick<CatalogState, 'filters' | 'sort' | 'paging'>): ProductListQuery {
  const f = state.filters;
  const { key, dir } = state.sort;
  // "Recently changed" reads one way only (updated_at desc); the other sorts go both ways.
  const sort = (key === 'updated' ? 'updated' : dir === 'desc' ? `-${key}` : key) as ProductSort;
  return {
    q: f.q,
    category: f.category,
    status: f.status,
    supplier: f.supplier,
    tag: f.tag,
    attrs: attributePairs(f.a),
    priceMin: f.min === undefined ? undefined : (parseMoney(f.min) ?? undefined),
    priceMax: f.max === undefined ? undefined : (parseMoney(f.max) ?? undefined),
    incomplete: f.incomplete === true,
    sort,
    page: state.paging.page,
    pageSize: f.size === undefined ? undefined : Number(f.size),
  };
}

/**
 * The supplier list: a few dozen rows, so it is read whole; sorting is still SQL (name by
 * suppliers_name_lower_key; lead time needs no index at this size).
 */
export const supplierList = defineList({
  path: '/catalog/suppliers',
  permission: 'catalog.read',
  fields: { q: field.text(100) },
  sorts: ['name', 'leadTime'],
  defaultSort: { key: 'name', dir: 'asc' },
  columns: ['name', 'contact', 'leadTime', 'products', 'notes', 'edit'],
  required: ['name'],
});

/**
 * Categories: tens of rows, read whole; sorted in SQL (name by categories_name_lower_key; last change needs no
 * index at this size).
 */
export const categoryList = defineList({
  path: '/catalog/categories',
  permission: 'catalog.read',
  fields: { q: field.text(100) },
  sorts: ['name', 'changed'],
  defaultSort: { key: 'name', dir: 'asc' },
  columns: ['name', 'attributes', 'products', 'changed', 'edit'],
  required: ['name'],
});
