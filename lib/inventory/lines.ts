import { MAX_QUANTITY } from './constants';

/** A unit cost in cents fits the integer columns it is stored in (purchase_order_lines.unit_cost). */
const MAX_UNIT_COST_CENTS = 100_000_000;

export type ParsedLine = {
  sku: string;
  quantity: number /** Cents, when the line gave a cost. */;
  unitCost?: number;
  line: number;
};

/**
 * Parses "SKU quantity" lines (one per line; space, tab, comma or semicolon between) as typed into a
 * transfer, purchase-order or cycle-count form. `allowZero` for counts (counted nothing).
 */
export function parseSkuLines(
  text: string,
  opts: { allowZero?: boolean; allowCost?: boolean } = {},
): { lines: ParsedLine[]; errors: string[] } {
  const lines: ParsedLine[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = opts.allowCost
      ? /^(\S+)[\s,;]+(-?\d+)(?:[\s;]+(\d+(?:[.,]\d{1,2})?))?$/.exec(line)
      : /^(\S+)[\s,;]+(-?\d+)$/.exec(line);
    const min = opts.allowZero ? 0 : 1;
    if (!m)
      return errors.push(
        opts.allowCost
          ? `Line ${i + 1}: write the SKU, the quantity and optionally the unit cost ("DRS-LIN-M 5 12.50").`
          : `Line ${i + 1}: write the SKU, then the quantity ("DRS-LIN-M 5").`,
      );
    const quantity = Number(m[2]);
    if (quantity < min || quantity > MAX_QUANTITY)
      return errors.push(`Line ${i + 1}: the quantity must be between ${min} and ${MAX_QUANTITY}.`);
    const key = m[1]!.toLowerCase();
    if (seen.has(key)) return errors.push(`Line ${i + 1}: ${m[1]} appears twice.`);
    seen.add(key);
    const cost = m[3] === undefined ? undefined : Math.round(Number(m[3].replace(',', '.')) * 100);
    if (cost !== undefined && cost > MAX_UNIT_COST_CENTS)
      return errors.push(`Line ${i + 1}: the unit cost must be at most ${(MAX_UNIT_COST_CENTS / 100).toFixed(2)}.`);
    lines.push({ sku: m[1]!, quantity, line: i + 1, ...(cost === undefined ? {} : { unitCost: cost }) });
  });
  if (lines.length === 0 && errors.length === 0) errors.push('Enter at least one line.');
  return { lines, errors };
}

/**
 * What the SKU combobox and the count scanner do to the typed lines: adds `by` to the SKU's line
 * ("SKU qty …"), or appends "SKU by"; other lines (and a line's cost) stay as typed.
 */
export function bumpLine(text: string, sku: string, by = 1): { text: string; quantity: number } {
  const lines = text.split('\n');
  const i = lines.findIndex(
    (l) =>
      l
        .trim()
        .split(/[\s,;]+/)[0]
        ?.toLowerCase() === sku.toLowerCase(),
  );
  if (i === -1) return { text: [...lines.filter((l) => l.trim() !== ''), `${sku} ${by}`].join('\n'), quantity: by };
  const parts = lines[i]!.trim().split(/\s+/);
  const quantity = (Number(parts[1]) || 0) + by;
  lines[i] = [parts[0], String(quantity), ...parts.slice(2)].join(' ');
  return { text: lines.join('\n'), quantity };
}
