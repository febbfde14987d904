/**
 * Moving-average (AVCO) cost of a SKU, in cents per unit with 4 decimals (docs/adr/0017-stock-valuation.md).
 * Only receipts change the average; every other movement leaves or enters at the average it finds.
 */

/** Decimals kept on an average: the database column is numeric(16,4). */
export const COST_SCALE = 4;

export function roundCost(cents: number): number {
  const f = 10 ** COST_SCALE;
  return Math.round(cents * f) / f;
}

/**
 * The average after receiving `quantity` units at `unitCost` onto `onHand` units worth `average` each.
 * - No stock to blend with (on hand ≤ 0, e.g. back to zero after selling out) or no known average: the
 *   receipt's cost becomes the average, so a negative or empty history cannot poison it.
 * - A receipt without a cost (null) leaves the average as it is.
 */
export function movingAverage(
  before: { onHand: number; average: number | null },
  receipt: { quantity: number; unitCost: number | null },
): number | null {
  if (!Number.isInteger(receipt.quantity) || receipt.quantity <= 0)
    throw new RangeError('A receipt quantity is a whole number above 0.');
  if (receipt.unitCost === null) return before.average;
  if (!Number.isFinite(receipt.unitCost) || receipt.unitCost < 0) throw new RangeError('A unit cost is 0 or more.');
  if (before.onHand <= 0 || before.average === null) return roundCost(receipt.unitCost);
  const total = before.onHand + receipt.quantity;
  return roundCost((before.onHand * before.average + receipt.quantity * receipt.unitCost) / total);
}

export type CostMovement = { kind: string; onHandDelta: number; unitCost: number | null };

/**
 * Replays a SKU's movements (in ledger order, every location) into its on-hand total and average after each
 * one: what `inventory:verify` compares with the stored averages, and what the valuation tests replay.
 */
export function replayAverage(movements: readonly CostMovement[]): { onHand: number; average: number | null }[] {
  const out: { onHand: number; average: number | null }[] = [];
  let onHand = 0;
  let average: number | null = null;
  for (const m of movements) {
    if (m.kind === 'receipt' && m.onHandDelta > 0)
      average = movingAverage({ onHand, average }, { quantity: m.onHandDelta, unitCost: m.unitCost });
    onHand += m.onHandDelta;
    out.push({ onHand, average });
  }
  return out;
}

/** Value of `onHand` units at `average` cents, in whole cents (null average: unknown, counted as 0). */
export function stockValue(onHand: number, average: number | null): number {
  return average === null ? 0 : Math.round(onHand * average);
}

/** Costs and stock values are kept in the house currency (purchase costs are entered in it). */
export const VALUATION_CURRENCY = 'EUR';

/**
 * The "as of" of a valuation: the end of a calendar day in UTC (movements before the next midnight). Missing:
 * today. A malformed or future date falls back to today with a message for the form field.
 */
export function valuationCutoff(
  at: string | undefined,
  now: Date = new Date(),
): { date: string; before: Date; error?: string } {
  const today = now.toISOString().slice(0, 10);
  const endOf = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  if (!at) return { date: today, before: endOf(today) };
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(at) && !Number.isNaN(Date.parse(`${at}T00:00:00Z`));
  if (!ok || new Date(`${at}T00:00:00Z`).toISOString().slice(0, 10) !== at)
    return { date: today, before: endOf(today), error: 'Enter a date like 2026-01-31.' };
  if (at > today) return { date: today, before: endOf(today), error: 'Choose today or an earlier date.' };
  return { date: at, before: endOf(at) };
}

const SYMBOL: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** 366785156 → "€3,667,851.56": values run to millions, so they are grouped (prices elsewhere are not). */
export function formatValue(cents: number, currency = VALUATION_CURRENCY): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(Math.round(cents));
  const units = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}${SYMBOL[currency] ?? `${currency} `}${units}.${String(abs % 100).padStart(2, '0')}`;
}
