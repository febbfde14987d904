/**
 * SKU codes for a size × colour matrix. The pattern uses {product}, {size}, {colour} and {n} (1-based
 * position); each part is upper-cased and reduced to letters, digits and dashes.
 */
export const DEFAULT_SKU_PATTERN = '{product}-{size}-{colour}';
export const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

export function skuPart(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Colours shorten to 3 letters ("Navy Blue" → "NAV"), sizes stay as they are ("XL", "38"). */
export function colourCode(colour: string): string {
  return skuPart(colour).replace(/-/g, '').slice(0, 3);
}

export type MatrixRow = { size: string; colour: string; sku: string };

/** Rows of the matrix, sizes outer, colours inner, with generated SKU codes. */
export function generateSkus(
  pattern: string,
  productCode: string,
  sizes: readonly string[],
  colours: readonly string[],
): MatrixRow[] {
  const rows: MatrixRow[] = [];
  const sizeList = sizes.length ? sizes : [''];
  const colourList = colours.length ? colours : [''];
  let n = 0;
  for (const size of sizeList) {
    for (const colour of colourList) {
      n += 1;
      const sku = pattern
        .replaceAll('{product}', skuPart(productCode))
        .replaceAll('{size}', skuPart(size))
        .replaceAll('{colour}', colourCode(colour))
        .replaceAll('{n}', String(n).padStart(2, '0'))
        .replace(/-{2,}/g, '-')
        .replace(/^-+|-+$/g, '');
      rows.push({ size, colour, sku });
    }
  }
  return rows;
}

/** Per-row problems in a list of SKU codes: invalid format or duplicates (ignoring case). Keyed by index. */
export function skuProblems(skus: readonly string[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<string, number>();
  skus.forEach((sku, i) => {
    if (!SKU_RE.test(sku))
      problems.set(i, 'Use letters, digits, . _ / - (at most 64, starting with a letter or digit).');
    const lower = sku.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) problems.set(i, `Same SKU as row ${first + 1}.`);
    else seen.set(lower, i);
  });
  return problems;
}

/** A size × colour combination, compared ignoring case and surrounding spaces. */
export const comboKey = (size: string, colour: string) =>
  `${size.trim().toLowerCase()}\u0000${colour.trim().toLowerCase()}`;

export type GeneratedRow = MatrixRow & { existingSku: string | null };

/**
 * Marks generated rows whose size × colour the product already has (with that variant's SKU), so the generator
 * shows them as existing and creates only the missing ones.
 */
export function markExisting(
  rows: readonly MatrixRow[],
  existing: readonly { size: string; colour: string; sku: string }[],
): GeneratedRow[] {
  const have = new Map<string, string>();
  for (const v of existing) if (!have.has(comboKey(v.size, v.colour))) have.set(comboKey(v.size, v.colour), v.sku);
  return rows.map((r) => ({ ...r, existingSku: have.get(comboKey(r.size, r.colour)) ?? null }));
}
