/** Kinds of stock movement. Each moves on hand and/or reserved by a signed delta; the ledger is append-only. */
export const MOVEMENT_KINDS = [
  'receipt',
  'adjustment',
  'correction',
  'reservation',
  'release',
  'fulfilment',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = {
  receipt: 'Receipt',
  adjustment: 'Adjustment',
  correction: 'Cycle count',
  reservation: 'Reservation',
  release: 'Release',
  fulfilment: 'Fulfilment',
  transfer_out: 'Transfer out',
  transfer_in: 'Transfer in',
};

export const RESERVATION_STATUSES = ['active', 'released', 'fulfilled', 'expired'] as const;

export const TRANSFER_STATUSES = ['in_transit', 'received', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const PO_STATUSES = ['draft', 'ordered', 'partially_received', 'received', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

export const ADJUSTMENT_REASONS = ['damaged', 'lost', 'found', 'returned', 'correction', 'other'] as const;

/** A manual adjustment can be undone (by a compensating movement) for this long. */
export const UNDO_WINDOW_MS = 10 * 60 * 1000;
/** Largest quantity a single operation may move: refuses typos like 1e9 before they reach the database. */
export const MAX_QUANTITY = 1_000_000;
/** Reservation lifetime when the storefront does not say, and its ceiling. */
export const DEFAULT_RESERVATION_SECONDS = 15 * 60;
export const MAX_RESERVATION_SECONDS = 7 * 24 * 3600;
