/**
 * Replenishment: how much to order for a level, how fast it sells, how long its stock lasts, and how the
 * suggestions group into draft purchase orders. Pure: the SQL that feeds it is db/queries/inventory-replenishment.ts.
 */

/** Windows the sales velocity is measured over (days), the first the default. */
export const VELOCITY_WINDOWS = ['30', '7', '90'] as const;
export const DEFAULT_WINDOW_DAYS = 30;

/** A reordering rule of one SKU at one location (columns on stock_levels). */
export type ReorderRule = {
  /** Reorder when available + incoming is at or below this (0: no rule). */
  reorderPoint: number;
  /** Smallest quantity worth ordering. */
  reorderQuantity: number;
  /** Order up to this level (0: just above the reorder point). */
  reorderMax: number;
  /** Pack size: order in multiples of it (1: any quantity). */
  reorderMultiple: number;
  /** Extra days of sales to cover beyond the supplier's lead time. */
  safetyDays: number;
};

export type ReorderInput = {
  rule: ReorderRule;
  onHand: number;
  reserved: number;
  /** Already on order (open and draft purchase orders) or in transit to the location. */
  incoming: number;
  /** Units sold per day (0 when unknown or not selling). */
  velocityPerDay?: number;
  leadTimeDays?: number;
};

/**
 * The quantity to order: nothing unless available + incoming is at or below the reorder point; otherwise up to
 * the highest of the order-up-to level, one above the reorder point, and the sales expected over lead time plus
 * safety days; at least the minimum order; rounded up to the pack size.
 */
export function orderQuantity(input: ReorderInput): number {
  const { rule } = input;
  if (rule.reorderPoint <= 0) return 0;
  const projected = input.onHand - input.reserved + input.incoming;
  if (projected > rule.reorderPoint) return 0;
  const target = Math.max(
    rule.reorderMax,
    rule.reorderPoint + 1,
    velocityTarget(input.velocityPerDay ?? 0, (input.leadTimeDays ?? 0) + rule.safetyDays),
  );
  const need = Math.max(target - projected, rule.reorderQuantity, 1);
  const pack = Math.max(1, rule.reorderMultiple);
  return Math.ceil(need / pack) * pack;
}

/** Stock needed to sell for `days` at `perDay` (rounded up: a part unit is a whole one on the shelf). */
export function velocityTarget(perDay: number, days: number): number {
  if (perDay <= 0 || days <= 0) return 0;
  return Math.ceil(perDay * days - 1e-9);
}

/** Units sold per day over a window. */
export function velocity(unitsSold: number, windowDays: number): number {
  if (windowDays <= 0 || unitsSold <= 0) return 0;
  return unitsSold / windowDays;
}

/**
 * Days the available stock lasts at `perDay` (open reservations are demand already taken off available);
 * null when nothing sells (it lasts indefinitely), 0 when nothing is available.
 */
export function daysOfCover(available: number, perDay: number): number | null {
  if (perDay <= 0) return null;
  return Math.max(0, available) / perDay;
}

/** `today` (YYYY-MM-DD) plus the supplier's lead time, as YYYY-MM-DD. */
export function expectedDate(today: string, leadTimeDays: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.max(0, leadTimeDays));
  return d.toISOString().slice(0, 10);
}

/** Incoming is overdue once its expected date (YYYY-MM-DD) is before today. */
export function isOverdue(expectedAt: string | null, today: string): boolean {
  return expectedAt !== null && expectedAt < today;
}

export type DraftCandidate = { levelId: number; variantId: string; locationId: string; supplierId: string | null };
export type DraftGroup = {
  supplierId: string;
  locationId: string;
  lines: { levelId: number; variantId: string; quantity: number }[];
};

/**
 * One draft per supplier and location, lines with a quantity only; candidates without a supplier are returned
 * apart (nobody to order from). Groups and lines in a fixed order so concurrent runs lock rows alike.
 */
export function planDrafts(candidates: readonly (DraftCandidate & { quantity: number })[]): {
  groups: DraftGroup[];
  noSupplier: DraftCandidate[];
} {
  const groups = new Map<string, DraftGroup>();
  const noSupplier: DraftCandidate[] = [];
  for (const c of candidates) {
    if (c.quantity <= 0) continue;
    if (!c.supplierId) {
      noSupplier.push(c);
      continue;
    }
    const key = `${c.supplierId}|${c.locationId}`;
    let g = groups.get(key);
    if (!g) {
      g = { supplierId: c.supplierId, locationId: c.locationId, lines: [] };
      groups.set(key, g);
    }
    g.lines.push({ levelId: c.levelId, variantId: c.variantId, quantity: c.quantity });
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g);
  for (const g of sorted) g.lines.sort((a, b) => a.variantId.localeCompare(b.variantId));
  return { groups: sorted, noSupplier };
}
