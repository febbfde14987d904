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
