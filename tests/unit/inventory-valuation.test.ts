import { describe, expect, it } from 'vitest';
import { bumpLine, parseSkuLines } from '@/lib/inventory/lines';
import {
  formatValue,
  movingAverage,
  replayAverage,
  roundCost,
  stockValue,
  valuationCutoff,
} from '@/lib/inventory/valuation';

describe('moving-average cost', () => {
  it('the first receipt sets the average to its cost', () => {
    expect(movingAverage({ onHand: 0, average: null }, { quantity: 10, unitCost: 1250 })).toBe(1250);
  });

  it('receipts at different costs blend by quantity', () => {
    // 10 @ 10.00 + 30 @ 14.00 = 520.00 / 40 = 13.00
    expect(movingAverage({ onHand: 10, average: 1000 }, { quantity: 30, unitCost: 1400 })).toBe(1300);
    // 3 @ 1.00 + 1 @ 2.00 = 5/4 = 1.25
    expect(movingAverage({ onHand: 3, average: 100 }, { quantity: 1, unitCost: 200 })).toBe(125);
  });

  it('keeps four decimals: 1 @ 1.00 + 2 @ 2.00 = 1.6667 cents-per-unit × 100', () => {
    expect(movingAverage({ onHand: 1, average: 1 }, { quantity: 2, unitCost: 2 })).toBe(1.6667);
    expect(roundCost(1 / 3)).toBe(0.3333);
  });

  it('after selling out, a new receipt starts afresh at its own cost', () => {
    const steps = replayAverage([
      { kind: 'receipt', onHandDelta: 10, unitCost: 1000 },
      { kind: 'fulfilment', onHandDelta: -10, unitCost: 1000 },
      { kind: 'receipt', onHandDelta: 5, unitCost: 2000 },
    ]);
    expect(steps.map((s) => s.average)).toEqual([1000, 1000, 2000]);
    expect(steps.at(-1)!.onHand).toBe(5);
  });

  it('a negative on hand before a receipt does not poison the average (the cost is taken as is)', () => {
    expect(movingAverage({ onHand: -4, average: 900 }, { quantity: 10, unitCost: 1100 })).toBe(1100);
  });

  it('issues, transfers and counts leave the average where it is; only receipts move it', () => {
    const steps = replayAverage([
      { kind: 'receipt', onHandDelta: 4, unitCost: 500 },
      { kind: 'transfer_out', onHandDelta: -2, unitCost: 500 },
      { kind: 'transfer_in', onHandDelta: 2, unitCost: 500 },
      { kind: 'correction', onHandDelta: -1, unitCost: 500 },
      { kind: 'receipt', onHandDelta: 3, unitCost: 800 },
    ]);
    // (3 × 5.00 + 3 × 8.00) / 6 = 6.50
    expect(steps.map((s) => s.average)).toEqual([500, 500, 500, 500, 650]);
  });

  it('a receipt without a cost keeps the average (or leaves it unknown)', () => {
    expect(movingAverage({ onHand: 5, average: 700 }, { quantity: 5, unitCost: null })).toBe(700);
    expect(movingAverage({ onHand: 0, average: null }, { quantity: 5, unitCost: null })).toBeNull();
  });

  it('refuses zero, negative or fractional receipt quantities and negative costs', () => {
    expect(() => movingAverage({ onHand: 0, average: null }, { quantity: 0, unitCost: 100 })).toThrow(RangeError);
    expect(() => movingAverage({ onHand: 0, average: null }, { quantity: -3, unitCost: 100 })).toThrow(RangeError);
    expect(() => movingAverage({ onHand: 0, average: null }, { quantity: 1.5, unitCost: 100 })).toThrow(RangeError);
    expect(() => movingAverage({ onHand: 0, average: null }, { quantity: 1, unitCost: -1 })).toThrow(RangeError);
    expect(() => movingAverage({ onHand: 0, average: null }, { quantity: 1, unitCost: Number.NaN })).toThrow(
      RangeError,
    );
  });

  it('a free receipt (cost 0) is a real cost and dilutes the average', () => {
    expect(movingAverage({ onHand: 1, average: 1000 }, { quantity: 1, unitCost: 0 })).toBe(500);
  });

  it('value is on hand × average in whole cents; unknown average counts 0', () => {
    expect(stockValue(6, 1.6667)).toBe(10);
    expect(stockValue(3, 1300)).toBe(3900);
    expect(stockValue(3, null)).toBe(0);
  });
});

describe('valuation date', () => {
  const now = new Date('2026-03-10T15:00:00Z');
  it('is the end of the chosen day in UTC, today by default', () => {
    expect(valuationCutoff('2026-01-31', now)).toEqual({
      date: '2026-01-31',
      before: new Date('2026-02-01T00:00:00Z'),
    });
    expect(valuationCutoff(undefined, now)).toEqual({ date: '2026-03-10', before: new Date('2026-03-11T00:00:00Z') });
  });
  it('refuses malformed, impossible and future dates with a message, falling back to today', () => {
    expect(valuationCutoff('31/01/2026', now).error).toBe('Enter a date like 2026-01-31.');
    expect(valuationCutoff('2026-02-30', now).error).toBe('Enter a date like 2026-01-31.');
    expect(valuationCutoff('2026-03-11', now)).toMatchObject({
      date: '2026-03-10',
      error: 'Choose today or an earlier date.',
    });
  });
});

describe('line entry', () => {
  it('a purchase-order line may carry a unit cost; every bad line is reported at once', () => {
    const { lines, errors } = parseSkuLines('DRS-M 5 12.50\nDRS-L 3\nbad\nDRS-S 0 1\nDRS-M 2', { allowCost: true });
    expect(lines).toEqual([
      { sku: 'DRS-M', quantity: 5, unitCost: 1250, line: 1 },
      { sku: 'DRS-L', quantity: 3, line: 2 },
    ]);
    expect(errors).toEqual([
      'Line 3: write the SKU, the quantity and optionally the unit cost ("DRS-LIN-M 5 12.50").',
      'Line 4: the quantity must be between 1 and 1000000.',
      'Line 5: DRS-M appears twice.',
    ]);
  });

  it('a unit cost too large for its column is a line error, not a database error', () => {
    expect(parseSkuLines('DRS-M 5 1000000.00', { allowCost: true }).errors).toEqual([]);
    expect(parseSkuLines('DRS-M 5 99999999', { allowCost: true }).errors).toEqual([
      'Line 1: the unit cost must be at most 1000000.00.',
    ]);
  });

  it('without costs allowed, a third column is a format error', () => {
    expect(parseSkuLines('DRS-M 5 12.50').errors).toHaveLength(1);
  });

  it('a pick or a scan adds one to the SKU line, keeping its cost, or appends a line', () => {
    expect(bumpLine('', 'DRS-M')).toEqual({ text: 'DRS-M 1', quantity: 1 });
    expect(bumpLine('DRS-M 4 12.50\nDRS-L 1', 'drs-m')).toEqual({ text: 'DRS-M 5 12.50\nDRS-L 1', quantity: 5 });
    expect(bumpLine('DRS-L 1\n', 'DRS-S')).toEqual({ text: 'DRS-L 1\nDRS-S 1', quantity: 1 });
  });

  it('values are grouped by thousands', () => {
    expect(formatValue(366785156)).toBe('€3,667,851.56');
    expect(formatValue(5)).toBe('€0.05');
  });
});
