export type DemandRow = {
  size: string;
  customers: number;
  demandShare: number;
  available: number;
  stockShare: number;
  short: boolean;
};

/** A size is short when its share of demand exceeds its share of stock by more than this (percentage points). */
export const SHORTFALL_MARGIN = 0.05;

/**
 * Demand vs stock per chart size (`sizes`: the garment's chart codes, in order): the share of customers preferring each size beside the share of available
 * units. Sizes outside the chart (e.g. "One size") are left out of both sides so the shares stay comparable.
 */
export function demandVsStock(
  sizes: readonly string[],
  demand: Record<string, number>,
  stock: Record<string, number>,
): DemandRow[] {
  const totalDemand = sizes.reduce((n, s) => n + (demand[s] ?? 0), 0);
  const totalStock = sizes.reduce((n, s) => n + Math.max(0, stock[s] ?? 0), 0);
  return sizes.map((size) => {
    const customers = demand[size] ?? 0;
    const available = Math.max(0, stock[size] ?? 0);
    const demandShare = totalDemand ? customers / totalDemand : 0;
    const stockShare = totalStock ? available / totalStock : 0;
    return {
      size,
      customers,
      demandShare,
      available,
      stockShare,
      short: customers > 0 && (available === 0 || demandShare - stockShare > SHORTFALL_MARGIN),
    };
  });
}
