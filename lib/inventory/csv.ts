import Papa from 'papaparse';

type Row = { id: number; createdAt: Date; kind: string; sku: string; location: string; onHandDelta: number; reservedDelta: number; reason: string; reference: string; actor: string };

/** A cell a spreadsheet would run as a formula gets a leading quote (CSV injection). */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** Movement history as CSV: one row per movement, deltas signed. */
export function movementsCsv(rows: readonly Row[]): string {
  return Papa.unparse({
    fields: ['id', 'time', 'kind', 'sku', 'location', 'on_hand_delta', 'reserved_delta', 'reason', 'reference', 'actor'],
    data: rows.map((r) => [r.id, r.createdAt.toISOString(), r.kind, safe(r.sku), safe(r.location), r.onHandDelta, r.reservedDelta, safe(r.reason), safe(r.reference), safe(r.actor)]),
  });
}
