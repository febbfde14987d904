import { z } from '../zod';
import type { AttributeDefinition, AttributeValues } from './attributes';

/**
 * What a category asks of its products before they are complete. Data (a JSONB column on the category), so a
 * merchandiser changes it without a release. Every enabled rule is one check (each required attribute is its own);
 * the score is the share of checks passed.
 */
export type CompletenessRules = {
  /** Every attribute the category marks required has a value. */
  attributes: boolean;
  /** At least this many images (0: no image rule). */
  minImages: number;
  /** Every image has alt text. */
  altText: boolean;
  /** A description of at least this many characters (0: no description rule). */
  minDescription: number;
  /** At least one variant, and every variant has a price (its override or the product's base price above 0). */
  prices: boolean;
  /** At least one variant, and every variant has a barcode. */
  barcodes: boolean;
};

export const DEFAULT_COMPLETENESS_RULES: CompletenessRules = {
  attributes: true,
  minImages: 1,
  altText: true,
  minDescription: 40,
  prices: true,
  barcodes: true,
};

/** Rules as stored (possibly older or partial): missing keys take the defaults. */
export function rulesOf(stored: Partial<CompletenessRules> | null | undefined): CompletenessRules {
  return { ...DEFAULT_COMPLETENESS_RULES, ...(stored ?? {}) };
}

/** What the rules look at, per product (gathered in one query for many products: db/queries/catalog-completeness.ts). */
export type ProductFacts = {
  attributes: AttributeValues;
  description: string;
  basePrice: number;
  images: number;
  imagesWithoutAlt: number;
  variants: number;
  variantsWithoutPrice: number;
  variantsWithoutBarcode: number;
};

export type CompletenessCheck = { key: string; label: string; ok: boolean; missing?: string };
export type Completeness = { score: number; checks: CompletenessCheck[]; missing: string[] };

const hasValue = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The product's checks under its category's rules, the score (0-100, rounded down) and what is missing, in words. */
export function assessCompleteness(
  rules: CompletenessRules,
  defs: readonly AttributeDefinition[],
  f: ProductFacts,
): Completeness {
  const checks: CompletenessCheck[] = [];
  const add = (key: string, label: string, ok: boolean, missing: string) =>
    checks.push(ok ? { key, label, ok } : { key, label, ok, missing });
  if (rules.attributes) {
    for (const d of defs.filter((d) => d.required))
      add(`attr.${d.key}`, d.label, hasValue(f.attributes[d.key]), `${d.label} (a required attribute) has no value`);
  }
  if (rules.minImages > 0) {
    add(
      'images',
      'Images',
      f.images >= rules.minImages,
      `${plural(rules.minImages - f.images, 'more image')} needed (at least ${rules.minImages})`,
    );
  }
  if (rules.altText)
    add('alt', 'Alt text', f.imagesWithoutAlt === 0, `${plural(f.imagesWithoutAlt, 'image')} without alt text`);
  if (rules.minDescription > 0) {
    const len = f.description.trim().length;
    add(
      'description',
      'Description',
      len >= rules.minDescription,
      len === 0 ? 'No description' : `Description too short (${len} of ${rules.minDescription} characters)`,
    );
  }
  if (rules.prices) {
    add(
      'prices',
      'Prices',
      f.variants > 0 && f.variantsWithoutPrice === 0,
      f.variants === 0
        ? 'No variants, so nothing to price'
        : `${plural(f.variantsWithoutPrice, 'variant')} without a price`,
    );
  }
  if (rules.barcodes) {
    add(
      'barcodes',
      'Barcodes',
      f.variants > 0 && f.variantsWithoutBarcode === 0,
      f.variants === 0
        ? 'No variants, so no barcodes'
        : `${plural(f.variantsWithoutBarcode, 'variant')} without a barcode`,
    );
  }
  const passed = checks.filter((c) => c.ok).length;
  const score = checks.length === 0 ? 100 : Math.floor((100 * passed) / checks.length);
  return { score, checks, missing: checks.filter((c) => !c.ok).map((c) => c.missing!) };
}
