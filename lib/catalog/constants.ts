/** Product lifecycle. Shared by the schema enum, zod schemas, filters and the CSV format. */
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const STATUS_LABELS: Record<ProductStatus, string> = { draft: 'Draft', active: 'Active', archived: 'Archived' };
export const STATUS_TONES = { draft: 'amber', active: 'green', archived: 'neutral' } as const;

export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;

/** "12.50" or "12,50" or "12" → 1250 minor units; null when it is not a price. */
export function parseMoney(input: string | number): number | null {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 ? input : null;
  const s = input.trim().replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 1250 → "12.50" (the form and CSV format; no currency symbol). */
export function formatMoneyPlain(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** 1250, 'EUR' → "€12.50". */
export function formatMoney(minor: number, currency: string): string {
  return `${SYMBOLS[currency] ?? `${currency} `}${formatMoneyPlain(minor)}`;
}

/** "Linen Wrap Dress" → "linen-wrap-dress". */
export function slugify(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** "a, b ,, c" → ['a','b','c'], trimmed, de-duplicated, order kept. */
export function parseList(input: string | readonly string[] | undefined | null): string[] {
  const parts = Array.isArray(input) ? input : String(input ?? '').split(',');
  const out: string[] = [];
  for (const p of parts) {
    const v = String(p).trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}
