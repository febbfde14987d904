import { UNDO_WINDOW_MS, type MovementKind, type PoStatus } from './constants';

export type Level = { onHand: number; reserved: number };
export type Delta = { onHand: number; reserved: number };

/** What can be sold or reserved: on hand minus what is held for orders. */
export function available(level: Level): number {
  return level.onHand - level.reserved;
}

/**
 * Whether a delta keeps a level valid: reserved never negative, never more than on hand (so available never
 * negative). The database applies the same rule in one conditional UPDATE; this is its pure twin for tests.
 */
export function canApply(level: Level, delta: Delta): boolean {
  const onHand = level.onHand + delta.onHand;
  const reserved = level.reserved + delta.reserved;
  return reserved >= 0 && onHand >= reserved;
}

/** The deltas a movement of `kind` and positive `quantity` applies (adjustment/correction take a signed one). */
export function deltaOf(kind: MovementKind, quantity: number): Delta {
  switch (kind) {
    case 'receipt':
    case 'transfer_in':
      return { onHand: quantity, reserved: 0 };
    case 'transfer_out':
      return { onHand: -quantity, reserved: 0 };
    case 'adjustment':
    case 'correction':
      return { onHand: quantity, reserved: 0 };
    case 'reservation':
      return { onHand: 0, reserved: quantity };
    case 'release':
      return { onHand: 0, reserved: -quantity };
    case 'fulfilment':
      return { onHand: -quantity, reserved: -quantity };
  }
}

/** Rebuilds a level from its movements: what `inventory:verify` compares against. */
export function replay(movements: readonly Delta[]): Level {
  return movements.reduce<Level>((l, m) => ({ onHand: l.onHand + m.onHand, reserved: l.reserved + m.reserved }), {
    onHand: 0,
    reserved: 0,
  });
}

/** A cycle count books the difference between what was counted and what the system holds. */
export function countCorrection(onHand: number, counted: number): number {
  return counted - onHand;
}

/** True while a manual adjustment made at `createdAt` may still be undone. */
export function withinUndoWindow(createdAt: Date, now: Date = new Date()): boolean {
  const age = now.getTime() - createdAt.getTime();
  return age >= 0 && age <= UNDO_WINDOW_MS;
}

/** Low stock: available at or below a (positive) reorder point. */
export function isLowStock(level: Level & { reorderPoint: number }): boolean {
  return level.reorderPoint > 0 && available(level) <= level.reorderPoint;
}

/**
 * How much to order: enough to get back above the reorder point counting what is already incoming, at least
 * the configured reorder quantity; 0 when incoming stock already covers it.
 */
export function suggestedReorder(
  level: Level & { reorderPoint: number; reorderQuantity: number },
  incoming: number,
): number {
  const projected = available(level) + incoming;
  if (projected > level.reorderPoint) return 0;
  const gap = level.reorderPoint - projected + 1;
  return Math.max(gap, level.reorderQuantity);
}

/** A purchase order's status after receiving, from its lines. */
export function poStatusAfterReceipt(lines: readonly { ordered: number; received: number }[]): PoStatus {
  const total = lines.reduce((s, l) => s + l.ordered, 0);
  const got = lines.reduce((s, l) => s + l.received, 0);
  if (got === 0) return 'ordered';
  return got >= total ? 'received' : 'partially_received';
}
