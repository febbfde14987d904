import { describe, expect, it } from 'vitest';
import {
  daysOfCover,
  expectedDate,
  isOverdue,
  orderQuantity,
  planDrafts,
  velocity,
  velocityTarget,
  type ReorderRule,
} from '@/lib/inventory/replenishment';
import { suggestedReorder } from '@/lib/inventory/rules';

const rule = (r: Partial<ReorderRule> = {}): ReorderRule => ({
  reorderPoint: 5,
  reorderQuantity: 0,
  reorderMax: 0,
  reorderMultiple: 1,
  safetyDays: 0,
  ...r,
});

describe('orderQuantity: min / max / multiple', () => {
  it('orders nothing above the reorder point or without a rule', () => {
    expect(orderQuantity({ rule: rule(), onHand: 6, reserved: 0, incoming: 0 })).toBe(0);
    expect(orderQuantity({ rule: rule({ reorderPoint: 0 }), onHand: 0, reserved: 0, incoming: 0 })).toBe(0);
  });
  it('orders up to the maximum from what is available', () => {
    expect(orderQuantity({ rule: rule({ reorderMax: 20 }), onHand: 5, reserved: 0, incoming: 0 })).toBe(15);
    // Reserved stock is not available: 8 on hand, 4 held → 4 available → 16 to reach 20.
    expect(orderQuantity({ rule: rule({ reorderMax: 20 }), onHand: 8, reserved: 4, incoming: 0 })).toBe(16);
  });
  it('without a maximum, orders just above the reorder point, at least the minimum order', () => {
    expect(orderQuantity({ rule: rule(), onHand: 2, reserved: 0, incoming: 0 })).toBe(4);
    expect(orderQuantity({ rule: rule({ reorderQuantity: 10 }), onHand: 2, reserved: 0, incoming: 0 })).toBe(10);
  });
  it('rounds up to the pack size', () => {
    expect(
      orderQuantity({ rule: rule({ reorderMax: 20, reorderMultiple: 6 }), onHand: 5, reserved: 0, incoming: 0 }),
    ).toBe(18);
    expect(
      orderQuantity({ rule: rule({ reorderMax: 17, reorderMultiple: 6 }), onHand: 5, reserved: 0, incoming: 0 }),
    ).toBe(12);
  });
  it('agrees with the old suggestion when only point and quantity are set', () => {
    for (const [onHand, q] of [
      [0, 0],
      [3, 20],
      [5, 1],
    ] as const) {
      const level = { onHand, reserved: 0, reorderPoint: 5, reorderQuantity: q };
      expect(orderQuantity({ rule: rule({ reorderQuantity: q }), onHand, reserved: 0, incoming: 0 })).toBe(
        suggestedReorder(level, 0),
      );
    }
  });
});

describe('orderQuantity: incoming already on order', () => {
  it('counts incoming towards the target', () => {
    expect(orderQuantity({ rule: rule({ reorderMax: 20 }), onHand: 2, reserved: 0, incoming: 3 })).toBe(15);
  });
  it('orders nothing when incoming lifts it above the reorder point (a second drafting run)', () => {
    const first = orderQuantity({ rule: rule({ reorderMax: 20 }), onHand: 2, reserved: 0, incoming: 0 });
    expect(first).toBe(18);
    expect(orderQuantity({ rule: rule({ reorderMax: 20 }), onHand: 2, reserved: 0, incoming: first })).toBe(0);
  });
});

describe('velocity, cover and velocity-based suggestions', () => {
  it('units per day over the window', () => {
    expect(velocity(60, 30)).toBe(2);
    expect(velocity(0, 30)).toBe(0);
    expect(velocity(7, 0)).toBe(0);
  });
  it('days of cover: available over velocity, null when nothing sells', () => {
    expect(daysOfCover(10, 2)).toBe(5);
    expect(daysOfCover(-3, 2)).toBe(0);
    expect(daysOfCover(10, 0)).toBeNull();
  });
  it('covers the lead time plus safety days of sales when that is more than the maximum', () => {
    // 2/day × (7 lead + 3 safety) = 20 > max 12: order 20 − 4 available.
    expect(
      orderQuantity({
        rule: rule({ reorderMax: 12, safetyDays: 3 }),
        onHand: 4,
        reserved: 0,
        incoming: 0,
        velocityPerDay: 2,
        leadTimeDays: 7,
      }),
    ).toBe(16);
    // Slow sellers fall back to the maximum.
    expect(
      orderQuantity({
        rule: rule({ reorderMax: 12, safetyDays: 3 }),
        onHand: 4,
        reserved: 0,
        incoming: 0,
        velocityPerDay: 0.1,
        leadTimeDays: 7,
      }),
    ).toBe(8);
  });
  it('rounds a part unit up', () => {
    expect(velocityTarget(0.5, 3)).toBe(2);
    expect(velocityTarget(2, 5)).toBe(10);
    expect(velocityTarget(0, 5)).toBe(0);
  });
});

describe('expected dates', () => {
  it('adds the lead time, across a month end', () => {
    expect(expectedDate('2026-01-28', 7)).toBe('2026-02-04');
    expect(expectedDate('2026-03-01', 0)).toBe('2026-03-01');
  });
  it('is overdue only before today', () => {
    expect(isOverdue('2026-01-01', '2026-01-02')).toBe(true);
    expect(isOverdue('2026-01-02', '2026-01-02')).toBe(false);
    expect(isOverdue(null, '2026-01-02')).toBe(false);
  });
});

describe('planDrafts', () => {
  it('one group per supplier and location, skipping zero quantities and SKUs without a supplier', () => {
    const { groups, noSupplier } = planDrafts([
      { levelId: 1, variantId: 'b', locationId: 'L1', supplierId: 'S1', quantity: 3 },
      { levelId: 2, variantId: 'a', locationId: 'L1', supplierId: 'S1', quantity: 4 },
      { levelId: 3, variantId: 'a', locationId: 'L2', supplierId: 'S1', quantity: 5 },
      { levelId: 4, variantId: 'c', locationId: 'L1', supplierId: 'S2', quantity: 0 },
      { levelId: 5, variantId: 'd', locationId: 'L1', supplierId: null, quantity: 2 },
    ]);
    expect(groups).toEqual([
      {
        supplierId: 'S1',
        locationId: 'L1',
        lines: [
          { levelId: 2, variantId: 'a', quantity: 4 },
          { levelId: 1, variantId: 'b', quantity: 3 },
        ],
      },
      { supplierId: 'S1', locationId: 'L2', lines: [{ levelId: 3, variantId: 'a', quantity: 5 }] },
    ]);
    expect(noSupplier.map((c) => c.levelId)).toEqual([5]);
  });
});
