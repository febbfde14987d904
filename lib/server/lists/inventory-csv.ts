import type { MovementRow, StockRow } from '../../../db/queries/inventory-read';
import type { CsvValue } from '../../csv';
import { orderQuantity } from '../../inventory/replenishment';

/**
 * CSV cells per column key (the keys of lib/lists/inventory.ts): an export writes the list's visible columns in
 * the screen's order, from the rows of the screen's own query.
 */
export type CsvColumns<R> = Record<string, { header: string[]; cells: (r: R) => CsvValue[] }>;

export const stockCsvColumns: CsvColumns<StockRow> = {
  sku: { header: ['sku', 'product'], cells: (r) => [r.sku, r.product] },
  location: { header: ['location_code', 'location'], cells: (r) => [r.locationCode, r.location] },
  onHand: { header: ['on_hand'], cells: (r) => [r.onHand] },
  reserved: { header: ['reserved'], cells: (r) => [r.reserved] },
  available: { header: ['available'], cells: (r) => [r.available] },
  incoming: { header: ['incoming'], cells: (r) => [r.incoming] },
  reorderPoint: { header: ['reorder_point'], cells: (r) => [r.reorderPoint] },
  expected: {
    header: ['next_incoming', 'expected_at'],
    cells: (r) => [r.next ? `${r.next.kind === 'po' ? 'PO' : 'T'}-${r.next.number}` : '', r.next?.expectedAt ?? ''],
  },
  velocity: { header: ['sold_per_day'], cells: (r) => [Math.round(r.velocity * 100) / 100] },
  cover: { header: ['days_of_cover'], cells: (r) => [r.cover === null ? '' : Math.floor(r.cover)] },
  suggested: {
    header: ['suggested_order'],
    cells: (r) => [
      orderQuantity({
        rule: r,
        onHand: r.onHand,
        reserved: r.reserved,
        incoming: r.incoming + r.drafted,
        velocityPerDay: r.velocity,
        leadTimeDays: r.leadTimeDays,
      }),
    ],
  },
};

export const movementCsvColumns: CsvColumns<MovementRow> = {
  when: { header: ['id', 'time'], cells: (m) => [m.id, m.createdAt] },
  kind: { header: ['kind'], cells: (m) => [m.kind] },
  sku: { header: ['sku'], cells: (m) => [m.sku] },
  location: { header: ['location'], cells: (m) => [m.location] },
  onHand: { header: ['on_hand_delta'], cells: (m) => [m.onHandDelta] },
  reserved: { header: ['reserved_delta'], cells: (m) => [m.reservedDelta] },
  reason: { header: ['reason', 'reference'], cells: (m) => [m.reason, m.reference] },
  actor: { header: ['actor'], cells: (m) => [m.actor] },
};

/** The header and a row-to-cells function for the visible columns that have CSV cells. */
export function csvShape<R>(columns: CsvColumns<R>, visible: readonly string[]) {
  const used = visible.map((k) => columns[k]).filter((c): c is CsvColumns<R>[string] => c !== undefined);
  return { header: used.flatMap((c) => c.header), row: (r: R) => used.flatMap((c) => c.cells(r)) };
}
