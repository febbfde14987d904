import Papa from 'papaparse';
import { formulaSafe } from '../csv';
import { validateAttributes, type AttributeDefinition, type AttributeValue, type AttributeValues } from './attributes';
import { CURRENCIES, PRODUCT_STATUSES, formatMoneyPlain, parseMoney, type ProductStatus } from './constants';
import { SKU_RE } from './sku';
import type { CsvError } from './csv-errors';

export { csvErrorsOf, csvFieldErrors, type CsvError } from './csv-errors';

/**
 * The catalog CSV format, shared by export and import: one row per variant (a row with an empty `sku` is a
 * product without variants), product columns repeated on each of its rows, one `attr.<key>` column per
 * attribute. Lists (tags, multi-value attributes) are separated by `|`.
 */
export const BASE_COLUMNS = [
  'slug',
  'name',
  'category',
  'status',
  'base_price',
  'currency',
  'supplier',
  'tags',
  'description',
  'sku',
  'size',
  'colour',
  'price_override',
  'barcode',
  'weight_grams',
  'active',
] as const;
export type BaseColumn = (typeof BASE_COLUMNS)[number];

/**
 * `images`: optional. The product's image URLs in order, `|`-separated, a colour's images as `Colour=URL`. The
 * import fetches nothing: it accepts only URLs of images already stored for that product, and applies their order.
 */
export const IMAGES_COLUMN = 'images';

/** A parsed `images` cell entry: the colour group ('' = the product's own) and the served path. */
export type ImageRef = { colour: string; url: string };

export function parseImagesCell(cell: string): { refs: ImageRef[] } | { error: string } {
  const refs: ImageRef[] = [];
  for (const part of splitList(cell)) {
    const eq = part.indexOf('=');
    const colour = eq >= 0 ? part.slice(0, eq).trim() : '';
    const url = (eq >= 0 ? part.slice(eq + 1) : part).trim();
    let path = url;
    if (/^https?:\/\//i.test(url)) {
      try {
        path = new URL(url).pathname;
      } catch {
        return { error: `"${url}" is not a URL.` };
      }
    }
    if (!/^\/media\/catalog\/[0-9a-f-]{36}\/[0-9a-f]{16}-(?:display|thumb)\.webp$/.test(path)) {
      return {
        error: `"${url}" is not the address of a stored catalog image (/media/catalog/…). Upload new images on the product page.`,
      };
    }
    if (colour.length > 40) return { error: 'Use at most 40 characters for a colour.' };
    refs.push({ colour, url: path });
  }
  if (refs.length > 40) return { error: 'List at most 40 images.' };
  return { refs };
}

export function imagesCell(refs: readonly ImageRef[]): string {
  return refs.map((r) => (r.colour ? `${r.colour}=${r.url}` : r.url)).join('|');
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

/** Bytes → text, refusing anything that is not UTF-8 (a BOM is allowed and dropped). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}

/** Export side: a cell that a spreadsheet would run as a formula gets a leading `'` (the one shared helper). */
export const escapeCell = formulaSafe;

/** Import side: a formula-looking cell is refused; one escaped by `escapeCell` is restored. */
export function unescapeCell(value: string): { value: string } | { error: string } {
  // A plain signed number ("-2") is data, not a formula; its column's own check decides if it fits.
  if (!value.startsWith("'") && formulaSafe(value) !== value && !/^[-+]\d+([.,]\d+)?$/.test(value)) {
    const c = value.trimStart()[0] ?? value[0];
    const shown = value[0] === '\t' ? 'a tab' : value[0] === '\r' ? 'a line break' : `"${c}"`;
    return {
      error: `Starts with ${shown}, which a spreadsheet would run as a formula. Remove it, or put a ' in front to keep it as text.`,
    };
  }
  return { value: value.startsWith("'") && formulaSafe(value.slice(1)) !== value.slice(1) ? value.slice(1) : value };
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse({ fields: [...header], data: rows.map((r) => r.map(escapeCell)) }, { newline: '\r\n' });
}

/** Parses CSV text into a header and string rows; a malformed file gets one clear message. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } | { error: string } {
  if (text.trim() === '') return { error: 'The file is empty.' };
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.code === 'UndetectableDelimiter');
  if (fatal && fatal.code !== 'UndetectableDelimiter')
    return { error: `The file is not valid CSV near row ${(fatal.row ?? 0) + 1}: ${fatal.message}.` };
  const [header, ...rows] = parsed.data;
  if (!header) return { error: 'The file is empty.' };
  if (rows.length > MAX_IMPORT_ROWS)
    return {
      error: `The file has ${rows.length.toLocaleString('en')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at a time.`,
    };
  return { header: header.map((h) => h.trim()), rows };
}

/** Checks the header row: every base column once, plus any `attr.<key>` columns. */
export function checkHeader(header: string[]): { attrKeys: string[] } | { error: string } {
  const missing = BASE_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter(
    (h) =>
      !(BASE_COLUMNS as readonly string[]).includes(h) &&
      h !== IMAGES_COLUMN &&
      !/^attr\.[a-z][a-z0-9_]{0,39}$/.test(h),
  );
  const dupes = header.filter((h, i) => header.indexOf(h) !== i);
  const problems: string[] = [];
  if (missing.length) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (unknown.length)
    problems.push(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (attribute columns are named attr.<key>)`,
    );
  if (dupes.length) problems.push(`repeated column${dupes.length > 1 ? 's' : ''} ${[...new Set(dupes)].join(', ')}`);
  if (problems.length)
    return {
      error: `The header row does not match the catalog format: ${problems.join('; ')}. Export a CSV to get a correct template.`,
    };
  return { attrKeys: header.filter((h) => h.startsWith('attr.')).map((h) => h.slice(5)) };
}

export type ImportContext = {
  categories: Map<string, { id: string; name: string; attributeDefs: AttributeDefinition[] }>;
  suppliers: Map<string, { id: string; name: string }>;
};

export type ProductFields = {
  slug: string;
  name: string;
  categoryId: string;
  status: ProductStatus;
  basePrice: number;
  currency: string;
  supplierId: string | null;
  tags: string[];
  description: string;
  attributes: AttributeValues;
};

export type VariantFields = {
  sku: string;
  size: string;
  colour: string;
  priceOverride: number | null;
  barcode: string;
  weightGrams: number | null;
  active: boolean;
};

/**
 * A valid row. `absentKeys`: attributes of the category without a column in the file (an existing product
 * keeps its values for them); `missingRequired`: the required ones among them (a new product needs a column).
 */
export type ImportRow = {
  line: number;
  product: ProductFields;
  variant: VariantFields | null;
  absentKeys: string[];
  missingRequired: string[];
  images: ImageRef[] | null;
};

const splitList = (s: string) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Validates one data row (`line` = its spreadsheet row number) against the categories and suppliers.
 * Returns the typed row, or the row's errors (each with its column).
 */
export function validateRow(
  header: string[],
  cells: string[],
  line: number,
  ctx: ImportContext,
): { row: ImportRow } | { errors: CsvError[] } {
  const errors: CsvError[] = [];
  const err = (column: string, message: string) => errors.push({ row: line, column, message });
  if (cells.length !== header.length) {
    return {
      errors: [{ row: line, column: '', message: `Has ${cells.length} cells; the header has ${header.length}.` }],
    };
  }
  const get: Record<string, string> = {};
  header.forEach((h, i) => {
    const result = unescapeCell(cells[i] ?? '');
    if ('error' in result) err(h, result.error);
    else get[h] = result.value.trim();
  });
  if (errors.length) return { errors };

  const slug = get.slug!;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 80)
    err('slug', 'Use lowercase letters, digits and dashes (at most 80).');
  if (!get.name) err('name', 'Enter a name.');
  else if (get.name.length > 160) err('name', 'Use at most 160 characters.');
  const category = ctx.categories.get(get.category!.toLowerCase());
  if (!category)
    err(
      'category',
      get.category ? `No category "${get.category}". Create it first or fix the spelling.` : 'Enter a category.',
    );
  const status = (get.status || 'draft').toLowerCase();
  if (!(PRODUCT_STATUSES as readonly string[]).includes(status)) err('status', `Use ${PRODUCT_STATUSES.join(', ')}.`);
  const basePrice = parseMoney(get.base_price!);
  if (basePrice === null) err('base_price', 'Enter a price like 49.90.');
  const currency = (get.currency || 'EUR').toUpperCase();
  if (!(CURRENCIES as readonly string[]).includes(currency)) err('currency', `Use ${CURRENCIES.join(', ')}.`);
  const supplier = get.supplier ? ctx.suppliers.get(get.supplier.toLowerCase()) : null;
  if (get.supplier && !supplier) err('supplier', `No supplier "${get.supplier}". Create it first or fix the spelling.`);
  const tags = splitList(get.tags!.toLowerCase());
  if (tags.length > 20 || tags.some((t) => t.length > 40)) err('tags', 'Use at most 20 tags of at most 40 characters.');
  if (get.description!.length > 5000) err('description', 'Use at most 5000 characters.');
  let images: ImageRef[] | null = null;
  if (IMAGES_COLUMN in get) {
    const parsed = parseImagesCell(get[IMAGES_COLUMN]!);
    if ('error' in parsed) err(IMAGES_COLUMN, parsed.error);
    else images = parsed.refs;
  }

  let attributes: AttributeValues = {};
  const inFile = new Set(header.filter((h) => h.startsWith('attr.')).map((h) => h.slice(5)));
  const absentKeys = (category?.attributeDefs ?? []).map((d) => d.key).filter((k) => !inFile.has(k));
  const missingRequired: string[] = [];
  if (category) {
    const raw: Record<string, unknown> = {};
    for (const h of header) if (h.startsWith('attr.') && get[h] !== '') raw[h.slice(5)] = get[h];
    const result = validateAttributes(category.attributeDefs, raw);
    for (const [field, messages] of Object.entries(result.errors)) {
      const key = field.replace(/^attributes\./, '');
      if (absentKeys.includes(key))
        missingRequired.push(key); // no column: decided against the stored product
      else err(`attr.${key}`, messages.join(' '));
    }
    attributes = result.values;
  }

  let variant: VariantFields | null = null;
  if (get.sku) {
    if (!SKU_RE.test(get.sku))
      err('sku', 'Use letters, digits, . _ / - (at most 64, starting with a letter or digit).');
    const priceOverride = get.price_override ? parseMoney(get.price_override) : null;
    if (get.price_override && priceOverride === null)
      err('price_override', 'Enter a price like 49.90, or leave it empty.');
    if (get.barcode && !/^\d{8,14}$/.test(get.barcode)) err('barcode', 'Use 8 to 14 digits.');
    const weight = get.weight_grams ? Number(get.weight_grams) : null;
    if (weight !== null && !(Number.isInteger(weight) && weight >= 0 && weight <= 100_000))
      err('weight_grams', 'Enter whole grams (0 to 100000).');
    const active = (get.active || 'yes').toLowerCase();
    if (!['yes', 'no', 'true', 'false', '1', '0'].includes(active)) err('active', 'Use yes or no.');
    if (get.size!.length > 40) err('size', 'Use at most 40 characters.');
    if (get.colour!.length > 40) err('colour', 'Use at most 40 characters.');
    variant = {
      sku: get.sku,
      size: get.size!,
      colour: get.colour!,
      priceOverride,
      barcode: get.barcode!,
      weightGrams: weight,
      active: ['yes', 'true', '1'].includes(active),
    };
  } else if (get.size || get.colour || get.price_override || get.barcode || get.weight_grams) {
    err('sku', 'Enter a SKU for this variant (only a row without variant columns may leave it empty).');
  }
  if (errors.length) return { errors };
  return {
    row: {
      line,
      product: {
        slug,
        name: get.name!,
        categoryId: category!.id,
        status: status as ProductStatus,
        basePrice: basePrice!,
        currency,
        supplierId: supplier?.id ?? null,
        tags,
        description: get.description!,
        attributes,
      },
      variant,
      absentKeys,
      missingRequired,
      images,
    },
  };
}

/** A JSON-stable form of a value, for comparing attribute objects regardless of key order. */
export function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const PRODUCT_COLUMNS: [keyof ProductFields, BaseColumn][] = [
  ['name', 'name'],
  ['categoryId', 'category'],
  ['status', 'status'],
  ['basePrice', 'base_price'],
  ['currency', 'currency'],
  ['supplierId', 'supplier'],
  ['tags', 'tags'],
  ['description', 'description'],
  ['attributes', 'slug'], // reported as the first differing attr.<key> column
];

/** The first product column where two rows of the same slug disagree, or null. */
export function productDifference(a: ProductFields, b: ProductFields): string | null {
  for (const [field, column] of PRODUCT_COLUMNS) {
    if (stable(a[field]) === stable(b[field])) continue;
    if (field !== 'attributes') return column;
    const keys = [...new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)])].sort();
    return `attr.${keys.find((k) => stable(a.attributes[k]) !== stable(b.attributes[k]))}`;
  }
  return null;
}

/** Cell text of an attribute value in the CSV format. */
export function attributeCell(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('|');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function moneyCell(minor: number | null): string {
  return minor === null ? '' : formatMoneyPlain(minor);
}
