import { describe, expect, it } from 'vitest';
import {
  addDense,
  binValue,
  denseQuantiles,
  denseSketch,
  exactQuantile,
  mergeSketches,
  relativeError,
  SKETCH_ALPHA,
  SKETCH_MAX_BIN,
  sketchBin,
  sketchCount,
  sketchOf,
  sketchQuantiles,
} from '@/lib/observability/sketch';
import {
  ALERT_MIN_OPS,
  AUTH_SPIKE_MIN,
  denseMinutes,
  evaluateAlerts,
  ruleValue,
  type MinutePoint,
} from '@/lib/observability/alerts';
import { failingUsersHref, parseDashboardParams, resolutionFor } from '@/lib/observability/range';

// A small deterministic PRNG so the distributions are the same on every run.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const distributions: Record<string, (r: () => number) => number> = {
  lognormal: (r) => Math.round(Math.exp(5 + 1.2 * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r()))),
  uniform: (r) => Math.floor(r() * 30_000),
  bimodal: (r) => (r() < 0.9 ? 80 + Math.floor(r() * 40) : 9_000 + Math.floor(r() * 6_000)),
  heavyTail: (r) => Math.floor(50 / Math.pow(r() || 1e-9, 0.8)),
};

describe('latency sketch', () => {
  it('states a bound below 1%', () => {
    expect(SKETCH_ALPHA).toBeLessThanOrEqual(0.01);
  });

  it('maps every integer latency to a bin whose value is within α of it', () => {
    for (let v = 1; v < 200_000; v += v < 2000 ? 1 : 97) {
      expect(relativeError(binValue(sketchBin(v)), v)).toBeLessThanOrEqual(SKETCH_ALPHA);
    }
    expect(sketchBin(0)).toBe(0);
    expect(binValue(0)).toBe(0);
  });

  for (const [name, gen] of Object.entries(distributions)) {
    it(`P50/P95/P99 are within α of percentile_cont on a ${name} distribution`, () => {
      const r = rng(name.length * 7919);
      const values = Array.from({ length: 50_000 }, () => gen(r));
      const sorted = [...values].sort((a, b) => a - b);
      const est = sketchQuantiles(sketchOf(values), [0.5, 0.95, 0.99]);
      [0.5, 0.95, 0.99].forEach((q, i) => {
        expect(relativeError(est[i]!, exactQuantile(sorted, q)!)).toBeLessThanOrEqual(SKETCH_ALPHA);
      });
    });
  }

  it('merging per-part sketches gives the sketch of the whole (the rollups rely on it)', () => {
    const r = rng(3);
    const parts = Array.from({ length: 12 }, () => Array.from({ length: 500 }, () => distributions.lognormal!(r)));
    const merged = mergeSketches(...parts.map((p) => sketchOf(p)));
    const whole = sketchOf(parts.flat());
    expect([...merged.entries()].sort()).toEqual([...whole.entries()].sort());
    expect(sketchCount(merged)).toBe(6000);
  });

  it('answers null for an empty sketch and the exact value for one value', () => {
    expect(sketchQuantiles(new Map(), [0.5])).toEqual([null]);
    expect(relativeError(sketchQuantiles(sketchOf([4200]), [0.99])[0]!, 4200)).toBeLessThanOrEqual(SKETCH_ALPHA);
  });
});

describe('dense sketches', () => {
  it('give the same quantiles as the sparse sketch, and merge by adding', () => {
    const r = (() => {
      let x = 7;
      return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    })();
    const a = Array.from({ length: 3000 }, () => Math.round(Math.exp(5 + 1.5 * r() * r()) + (r() < 0.01 ? 30_000 : 0)));
    const b = Array.from({ length: 500 }, () => Math.round(50 + r() * 20));
    const dense = (vals: number[]) => {
      const d = denseSketch();
      for (const v of vals) d[sketchBin(v)]! += 1;
      return d;
    };
    const qs = [0, 0.5, 0.95, 0.99, 1];
    expect(denseQuantiles(dense(a), qs)).toEqual(sketchQuantiles(sketchOf(a), qs));
    expect(denseQuantiles(addDense(dense(a), dense(b)), qs)).toEqual(
      sketchQuantiles(mergeSketches(sketchOf(a), sketchOf(b)), qs),
    );
    expect(denseQuantiles(denseSketch(), [0.5])).toEqual([null]);
    expect(sketchBin(2 ** 31 - 1)).toBeLessThanOrEqual(SKETCH_MAX_BIN);
  });
});

const minute = (i: number, p: Partial<MinutePoint> = {}): MinutePoint => ({
  t: i * 60_000,
  total: 0,
  success: 0,
  authRequired: 0,
  ...p,
});

describe('alert rules', () => {
  it('success rate fires below 90% over 10 minutes, not at exactly 90%', () => {
    const at90 = Array.from({ length: 10 }, (_, i) => minute(i, { total: 10, success: 9 }));
    expect(ruleValue('SUCCESS_RATE_LOW', at90, 9)).toEqual({ value: 0.9, fires: false });
    const below = at90.map((m, i) => (i === 9 ? { ...m, success: 8 } : m));
    expect(ruleValue('SUCCESS_RATE_LOW', below, 9).fires).toBe(true);
    // Too few operations to judge.
    const few = Array.from({ length: 10 }, (_, i) => minute(i, { total: i === 9 ? ALERT_MIN_OPS - 1 : 0, success: 0 }));
    expect(ruleValue('SUCCESS_RATE_LOW', few, 9).fires).toBe(false);
  });

  it('P99 fires above 5 s over 5 minutes: when the order statistic at the P99 rank is slower than 5 s', () => {
    const win = (slow: number[]) => slow.map((n, i) => minute(i, { total: 100, success: 100, slow: n }));
    // 500 ops: percentile_cont's P99 sits between ranks 494 and 495 (0-based) of 500, so the lower one is slow
    // once 6 ops are (ranks 494-499).
    expect(ruleValue('P99_HIGH', win([1, 1, 1, 1, 1]), 4)).toEqual({ value: 0.01, fires: false });
    expect(ruleValue('P99_HIGH', win([1, 1, 1, 1, 2]), 4)).toEqual({ value: 0.012, fires: true });
    expect(ruleValue('P99_HIGH', win([0, 0, 0, 0, 100]), 4).fires).toBe(true);
    // Too few operations to judge, even all slow.
    expect(
      ruleValue('P99_HIGH', [minute(0, { total: ALERT_MIN_OPS - 1, success: 0, slow: ALERT_MIN_OPS - 1 })], 0).fires,
    ).toBe(false);
  });

  it('AUTH_REQUIRED spike needs 3× the hour before and at least 10', () => {
    const base = Array.from({ length: 80 }, (_, i) => minute(i, { authRequired: i % 2 })); // 5 per 10 min
    expect(ruleValue('AUTH_REQUIRED_SPIKE', base, 79).fires).toBe(false);
    const spike = base.map((m, i) => (i >= 70 ? { ...m, authRequired: i === 79 ? 6 : 1 } : m)); // 15 = 3 × 5
    expect(ruleValue('AUTH_REQUIRED_SPIKE', spike, 79)).toEqual({ value: 15, fires: true });
    const quiet = Array.from({ length: 80 }, (_, i) => minute(i, { authRequired: i === 79 ? AUTH_SPIKE_MIN - 1 : 0 }));
    expect(ruleValue('AUTH_REQUIRED_SPIKE', quiet, 79).fires).toBe(false);
  });

  it('merges firing minutes into events and marks the one reaching the end as firing now', () => {
    const pts = denseMinutes(
      [minute(20, { total: 30, success: 0 }), minute(50, { total: 30, success: 0 })],
      0,
      60 * 60_000,
    );
    const events = evaluateAlerts(pts, 0).filter((e) => e.rule === 'SUCCESS_RATE_LOW');
    expect(events.map((e) => [e.start / 60_000, e.end / 60_000, e.firingNow])).toEqual([
      [50, 60, true],
      [20, 30, false],
    ]);
  });
});

describe('dashboard URL state', () => {
  it('picks the bucket size from the range', () => {
    expect(resolutionFor(3_600_000)).toMatchObject({ grain: 'minute', stepSeconds: 60 });
    expect(resolutionFor(86_400_000)).toMatchObject({ grain: 'hour', stepSeconds: 3600 });
    expect(resolutionFor(30 * 86_400_000)).toMatchObject({ grain: 'day', stepSeconds: 86_400 });
  });

  it('parses ranges and filters, dropping unknown values', () => {
    const now = new Date('2026-01-10T12:34:56Z');
    const p = parseDashboardParams({ range: '7d', op: 'GET_REVIEWS', auth: 'bogus', proxy: 'proxy-ams-2' }, now);
    expect(p).toMatchObject({
      range: '7d',
      operationType: 'GET_REVIEWS',
      authType: undefined,
      proxy: 'proxy-ams-2',
      refresh: 'off',
    });
    expect(p.to.toISOString()).toBe('2026-01-10T12:35:00.000Z');
    expect(p.to.getTime() - p.from.getTime()).toBe(7 * 86_400_000);
    const c = parseDashboardParams({ range: 'custom', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, now);
    expect([c.range, c.from.toISOString()]).toEqual(['custom', '2026-01-01T00:00:00.000Z']);
    expect(parseDashboardParams({ range: 'custom', from: 'x' }, now).range).toBe('24h');
  });

  it('links an error type to the failing-users list', () => {
    expect(failingUsersHref('TIMEOUT', { range: '7d', authType: '2FA' })).toBe(
      '/support?error=TIMEOUT&range=7d&auth=2FA',
    );
  });
});
