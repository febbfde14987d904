import type { ProductStatus } from './constants';

/** The product list's query shape, shared by the URL parser (client and server) and the SQL builder. */
export const PRODUCT_SORTS = ['updated', 'name', '-name', 'price', '-price', 'completeness', '-completeness'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const PAGE_SIZES = [25, 50, 100] as const;

export type ProductFilter = {
  q?: string;
  category?: string;
  status?: ProductStatus;
  supplier?: string;
  tag?: string;
  /** [key, value] pairs; all must match. */
  attrs?: [string, string][];
  /** Minor units, on the base price. */
  priceMin?: number;
  priceMax?: number;
  /** Only products whose completeness score is below 100. */
  incomplete?: boolean;
};

export type ProductListQuery = ProductFilter & { sort?: ProductSort; page?: number; pageSize?: number };
