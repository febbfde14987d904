import { z } from '../zod';
import type { FieldErrors } from '../errors';

/**
 * Garment types and the brand's size chart. The chart itself is maintained in the app (tables
 * `size_chart_sizes` and `size_chart_categories`, page /surveys/size-chart); this file holds the fixed garment
 * types, the pure rules for editing a size list, and the chart as it was when it lived in code. That default
 * seeds the tables (drizzle/0012_size_chart_defaults.sql) and is the size list of survey versions published before sizes were frozen
 * into versions, so their answers still validate and chart whatever the live chart becomes.
 */
export const GARMENT_TYPES = ['tops', 'bottoms', 'shoes'] as const;
export type GarmentType = (typeof GARMENT_TYPES)[number];

export const GARMENT_LABELS: Record<GarmentType, string> = { tops: 'Tops', bottoms: 'Bottoms', shoes: 'Shoes' };

/** One size a customer can pick: `code` is what answers and profiles store, `label` what the form shows. */
export type SizeOption = { code: string; label: string };
export type SizeChart = Record<GarmentType, SizeOption[]>;

const codes = (list: string[]): SizeOption[] => list.map((code) => ({ code, label: code }));

export const DEFAULT_SIZE_CHART: SizeChart = {
  tops: codes(['XS', 'S', 'M', 'L', 'XL']),
  bottoms: codes(['34', '36', '38', '40', '42', '44']),
  shoes: codes(['36', '37', '38', '39', '40', '41', '42', '43', '44', '45']),
};

/** The default garment type → catalog categories mapping (category names, matched case-insensitively). */
export const DEFAULT_GARMENT_CATEGORIES: Record<GarmentType, string[]> = {
  tops: ['Tops', 'Knitwear', 'Dresses'],
  bottoms: ['Trousers', 'Skirts'],
  shoes: ['Shoes'],
};

export function isGarmentType(v: unknown): v is GarmentType {
  return typeof v === 'string' && (GARMENT_TYPES as readonly string[]).includes(v);
}

export const MAX_SIZES = 40;
export const SIZE_CODE_MAX = 16;
export const SIZE_LABEL_MAX = 40;

export const sizeOptionSchema = z.object({
  code: z
    .string({ error: 'Give the size a code.' })
    .trim()
    .min(1, 'Give the size a code.')
    .max(SIZE_CODE_MAX, `Use at most ${SIZE_CODE_MAX} characters.`)
    // Profiles store sizes as "garment:code" tokens and filters put codes in URLs.
    .regex(/^[A-Za-z0-9./+ -]*$/, 'Use letters, digits, spaces and . / + - only.'),
  label: z.string().trim().max(SIZE_LABEL_MAX, `Use at most ${SIZE_LABEL_MAX} characters.`).default(''),
});

/**
 * Checks an edited size list (in display order) and normalises it: empty labels become the code. Errors are
 * keyed `sizes.<index>.code` / `.label`, or `sizes` for the list as a whole.
 */
export function checkSizeList(raw: unknown): { ok: true; sizes: SizeOption[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const list = Array.isArray(raw) ? raw : [];
  if (list.length === 0) errors.sizes = ['Keep at least one size.'];
  if (list.length > MAX_SIZES) errors.sizes = [`Use at most ${MAX_SIZES} sizes.`];
  const sizes: SizeOption[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const parsed = sizeOptionSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        (errors[`sizes.${i}.${String(issue.path[0] ?? 'code')}`] ??= []).push(issue.message);
      return;
    }
    const key = parsed.data.code.toLowerCase();
    if (seen.has(key)) (errors[`sizes.${i}.code`] ??= []).push(`Size ${parsed.data.code} is listed twice.`);
    seen.set(key, i);
    sizes.push({ code: parsed.data.code, label: parsed.data.label || parsed.data.code });
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, sizes };
}

/** Moves the item at `from` one place up (-1) or down (+1); out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

/**
 * The sizes a size question offers: its own frozen list when the version has one (published since sizes are
 * frozen), else the chart given (a draft in the builder), else the chart as it was in code (older versions).
 */
export function sizeOptionsOf(q: { garment: GarmentType; sizes?: SizeOption[] }, chart?: SizeChart): SizeOption[] {
  return q.sizes ?? chart?.[q.garment] ?? DEFAULT_SIZE_CHART[q.garment];
}
