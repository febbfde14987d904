/**
 * The brand's size chart: the sizes a customer can pick per garment type, in display order, and which catalog
 * categories each garment type covers (by category name, case-insensitive). The demand-vs-stock view sums
 * stock of the variants whose `size` equals a chart code in those categories.
 *
 * It lives in code (reviewed like any other rule) rather than in a table: it changes a few times a year.
 */
export const GARMENT_TYPES = ['tops', 'bottoms', 'shoes'] as const;
export type GarmentType = (typeof GARMENT_TYPES)[number];

export const GARMENT_LABELS: Record<GarmentType, string> = { tops: 'Tops', bottoms: 'Bottoms', shoes: 'Shoes' };

export const SIZE_CHART: Record<GarmentType, readonly string[]> = {
  tops: ['XS', 'S', 'M', 'L', 'XL'],
  bottoms: ['34', '36', '38', '40', '42', '44'],
  shoes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
};

/** Catalog categories per garment type: the explicit mapping the demand-vs-stock view uses. */
export const GARMENT_CATEGORIES: Record<GarmentType, readonly string[]> = {
  tops: ['Tops', 'Knitwear', 'Dresses'],
  bottoms: ['Trousers', 'Skirts'],
  shoes: ['Shoes'],
};

export function isGarmentType(v: unknown): v is GarmentType {
  return typeof v === 'string' && (GARMENT_TYPES as readonly string[]).includes(v);
}
