import { describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS } from '@/lib/inventory/constants';
import { reservationRequest } from '@/lib/inventory/api';
import {
  available,
  canApply,
  countCorrection,
  deltaOf,
  isLowStock,
  poStatusAfterReceipt,
  replay,
  suggestedReorder,
  withinUndoWindow,
} from '@/lib/inventory/rules';

describe('stock arithmetic', () => {
  it('available is on hand minus reserved', () => {
    expect(available({ onHand: 10, reserved: 3 })).toBe(7);
  });

  it('a delta applies only if reserved stays >= 0 and available stays >= 0', () => {
    const level = { onHand: 5, reserved: 2 };
    expect(canApply(level, deltaOf('reservation', 3))).toBe(true);
    expect(canApply(level, deltaOf('reservation', 4))).toBe(false);
    expect(canApply(level, deltaOf('release', 2))).toBe(true);
    expect(canApply(level, deltaOf('release', 3))).toBe(false);
    expect(canApply(level, deltaOf('fulfilment', 2))).toBe(true);
    expect(canApply(level, deltaOf('fulfilment', 3))).toBe(false);
    expect(canApply(level, deltaOf('transfer_out', 3))).toBe(true);
    expect(canApply(level, deltaOf('transfer_out', 4))).toBe(false);
    expect(canApply(level, deltaOf('adjustment', -4))).toBe(false);
  });

  it('replaying movements rebuilds the level', () => {
    const deltas = [
      deltaOf('receipt', 10),
      deltaOf('reservation', 4),
      deltaOf('fulfilment', 3),
      deltaOf('release', 1),
      deltaOf('transfer_out', 2),
      deltaOf('correction', -1),
    ];
    expect(replay(deltas)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('a cycle count books the difference', () => {
    expect(countCorrection(10, 7)).toBe(-3);
    expect(countCorrection(0, 4)).toBe(4);
  });

  it('the undo window is ten minutes after the adjustment', () => {
    const at = new Date('2026-01-01T10:00:00Z');
    expect(withinUndoWindow(at, new Date(at.getTime() + UNDO_WINDOW_MS))).toBe(true);
    expect(withinUndoWindow(at, new Date(at.getTime() + UNDO_WINDOW_MS + 1))).toBe(false);
    expect(withinUndoWindow(at, new Date(at.getTime() - 1))).toBe(false);
  });

  it('low stock and the suggested reorder count incoming stock', () => {
    const level = { onHand: 5, reserved: 1, reorderPoint: 5, reorderQuantity: 20 };
    expect(isLowStock(level)).toBe(true);
    expect(isLowStock({ ...level, reorderPoint: 0 })).toBe(false);
    expect(suggestedReorder(level, 0)).toBe(20);
    expect(suggestedReorder({ ...level, reorderQuantity: 0 }, 0)).toBe(2);
    expect(suggestedReorder(level, 10)).toBe(0);
  });

  it('a purchase order is partly or fully received from its lines', () => {
    expect(poStatusAfterReceipt([{ ordered: 10, received: 0 }])).toBe('ordered');
    expect(
      poStatusAfterReceipt([
        { ordered: 10, received: 10 },
        { ordered: 5, received: 1 },
      ]),
    ).toBe('partially_received');
    expect(
      poStatusAfterReceipt([
        { ordered: 10, received: 10 },
        { ordered: 5, received: 5 },
      ]),
    ).toBe('received');
  });
});

describe('reservation request', () => {
  it('accepts a minimal request and defaults the expiry', () => {
    const r = reservationRequest.parse({ sku: 'A-1', quantity: 2, idempotencyKey: 'order-123' });
    expect(r.expiresInSeconds).toBe(900);
  });
  it('refuses zero, negative, fractional, huge quantities and unknown fields', () => {
    for (const quantity of [0, -1, 1.5, 1e9, '2'])
      expect(reservationRequest.safeParse({ sku: 'A', quantity, idempotencyKey: 'order-123' }).success).toBe(false);
    expect(reservationRequest.safeParse({ sku: 'A', quantity: 1, idempotencyKey: 'order-123', price: 3 }).success).toBe(
      false,
    );
  });
});
