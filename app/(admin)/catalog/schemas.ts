import { z } from '@/lib/zod';
import { ATTRIBUTE_TYPES } from '@/lib/catalog/attributes';
import { CURRENCIES, PRODUCT_STATUSES, parseList, parseMoney, slugify } from '@/lib/catalog/constants';
import { optionalText } from '@/lib/validation';

/** Shared zod pieces of the catalog forms (form values arrive as strings). */
export const id = (what: string) => z.uuid({ error: `Unknown ${what}.` });
export const version = z.coerce.number({ error: 'Reload the page and try again.' }).int().positive();

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const money = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' || typeof v === 'number' ? (parseMoney(v) ?? v) : v),
    z
      .number({ error: `Enter ${label} like 49.90.` })
      .int()
      .min(0)
      .max(99_999_999, `${label} is too high.`),
  );

export const optionalMoney = (label: string) =>
  z.preprocess(blankToUndefined, money(label).optional()).transform((v) => v ?? null);

export const optionalInt = (label: string, max: number) =>
  z
    .preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: `Enter ${label} as a whole number.` })
        .int(`Enter ${label} as a whole number.`)
        .min(0)
        .max(max)
        .optional(),
    )
    .transform((v) => v ?? null);

export const tagList = z.preprocess(
  (v) =>
    parseList(typeof v === 'string' || Array.isArray(v) ? (v as string | string[]) : '').map((t) => t.toLowerCase()),
  z.array(z.string().max(40, 'Keep each tag under 40 characters.')).max(20, 'Use at most 20 tags.'),
);

export const productFields = {
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(160, 'Use at most 160 characters.'),
  slug: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes.')
      .max(80)
      .optional(),
  ),
  description: optionalText(5000).transform((v) => v ?? ''),
  categoryId: z.uuid({ error: 'Choose a category.' }),
  status: z.enum(PRODUCT_STATUSES, { error: 'Choose a status.' }),
  basePrice: money('a price'),
  currency: z.enum(CURRENCIES, { error: 'Choose a currency.' }),
  supplierId: z.preprocess(blankToUndefined, id('supplier').optional()).transform((v) => v ?? null),
  tags: tagList,
};

/** `attr.<key>` form fields → { key: value } (repeated checkboxes arrive as arrays). */
export function attributesFrom(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (k.startsWith('attr.')) out[k.slice(5)] = v;
  return out;
}

export function slugOr(slug: string | undefined, name: string): string {
  return slug ?? slugify(name);
}

export const variantFields = {
  sku: z
    .string({ error: 'Enter a SKU code.' })
    .trim()
    .min(1, 'Enter a SKU code.')
    .max(64, 'Use at most 64 characters.'),
  size: optionalText(40).transform((v) => v ?? ''),
  colour: optionalText(40).transform((v) => v ?? ''),
  priceOverride: optionalMoney('a price'),
  barcode: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^\d{8,14}$/, 'Use 8 to 14 digits (EAN/UPC).')
        .optional(),
    )
    .transform((v) => v ?? ''),
  weightGrams: optionalInt('a weight in grams', 100_000),
  unitCost: optionalMoney('a unit cost'),
};

export const attributeDefinition = z.object({
  key: z.string().trim(),
  label: z.string().trim(),
  type: z.enum(ATTRIBUTE_TYPES, { error: 'Choose a type.' }),
  unit: z.string().trim().optional(),
  options: z.array(z.string()).optional(),
  required: z.boolean().optional(),
});

/** The definitions editor posts its rows as one JSON field. */
export const attributeDefsJson = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  },
  z
    .array(attributeDefinition, { error: 'The attribute list could not be read. Reload and try again.' })
    .max(40, 'Use at most 40 attributes.'),
);

/** A JSON object posted as one form field (or sent as an object by a direct call). */
export const jsonObject = (error: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        return null;
      }
    },
    z.record(z.string(), z.unknown(), { error }),
  );
