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

const MAX_MIN_IMAGES = 20;
const MAX_MIN_DESCRIPTION = 2_000;

/** The rules' switches and thresholds as the category form shows them (labels shared by the form and the audit trail). */
export const RULE_LABELS: Record<keyof CompletenessRules, string> = {
  attributes: 'Required attributes have values',
  minImages: 'Minimum images',
  altText: 'Every image has alt text',
  minDescription: 'Minimum description length (characters)',
  prices: 'Every variant has a price',
  barcodes: 'Every variant has a barcode',
};

/**
 * A category's rules from a form or an API (strings, numbers or booleans; missing keys take the defaults).
 * Errors are keyed `completenessRules.<rule>`.
 */
export function validateRules(raw: Record<string, unknown> | null | undefined): {
  rules: CompletenessRules;
  errors: Record<string, string[]>;
} {
  const errors: Record<string, string[]> = {};
  const rules = { ...DEFAULT_COMPLETENESS_RULES };
  const flag = (key: 'attributes' | 'altText' | 'prices' | 'barcodes') => {
    const v = raw?.[key];
    if (v === undefined) return;
    if (typeof v === 'boolean') rules[key] = v;
    else if (v === 'true' || v === 'on' || v === '1') rules[key] = true;
    else if (v === 'false' || v === 'off' || v === '0' || v === '') rules[key] = false;
    else errors[`completenessRules.${key}`] = ['Choose yes or no.'];
  };
  const count = (key: 'minImages' | 'minDescription', max: number, what: string) => {
    const v = raw?.[key];
    if (v === undefined) return;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < 0)
      errors[`completenessRules.${key}`] = [`Enter ${what} as a whole number, 0 or more.`];
    else if (n > max) errors[`completenessRules.${key}`] = [`Use at most ${max.toLocaleString('en')}.`];
    else rules[key] = n;
  };
  flag('attributes');
  flag('altText');
  flag('prices');
  flag('barcodes');
  count('minImages', MAX_MIN_IMAGES, 'the number of images');
  count('minDescription', MAX_MIN_DESCRIPTION, 'the description length');
  for (const key of Object.keys(raw ?? {}))
    if (!(key in DEFAULT_COMPLETENESS_RULES)) errors[`completenessRules.${key}`] = ['Unknown rule.'];
  return { rules, errors };
}

/** "images ≥ 2, alt text, prices" : the rules in words, for the category list and the audit trail. */
export function describeRules(rules: CompletenessRules): Record<string, string> {
  return {
    [RULE_LABELS.attributes]: rules.attributes ? 'yes' : 'no',
    [RULE_LABELS.minImages]: String(rules.minImages),
    [RULE_LABELS.altText]: rules.altText ? 'yes' : 'no',
    [RULE_LABELS.minDescription]: String(rules.minDescription),
    [RULE_LABELS.prices]: rules.prices ? 'yes' : 'no',
    [RULE_LABELS.barcodes]: rules.barcodes ? 'yes' : 'no',
  };
}
