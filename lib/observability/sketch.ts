/**
 * A mergeable latency sketch: fixed log-scale histogram buckets in the style of DDSketch (Masson et al., VLDB
 * 2019). A latency of v ms (v ≥ 1) falls in bin k = ⌈log_γ v⌉ + 1 with γ = (1+α)/(1−α); 0 ms has its own bin 0.
 * Every value in bin k lies in (γ^(k−2), γ^(k−1)], and the bin's representative 2γ^(k−1)/(γ+1) is within α
 * relative of each of them. Bins are fixed, so sketches merge by adding counts per bin (SQL: SUM ... GROUP BY
 * bin), which is what makes per-minute rollups combine into any range exactly as if built from the raw rows.
 *
 * Guarantee: for q in [0, 1], quantile() interpolates between the representatives of the order statistics at
 * ranks ⌊q(n−1)⌋ and ⌈q(n−1)⌉, exactly as percentile_cont interpolates between the true values, so the
 * result is within α = 0.95% relative of percentile_cont (a convex combination of values each within α).
 * The SQL in db/queries/observability-rollup.ts computes the same bin with ln(); a value sitting exactly on a
 * bin boundary may land in the neighbour bin there through floating-point rounding, which moves it by at most
 * one more factor of ~1e-12: the stated bound keeps a 0.05% margin below the 1% target.
 */
export const SKETCH_ALPHA = 0.0095;
export const SKETCH_GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
export const SKETCH_LN_GAMMA = Math.log(SKETCH_GAMMA);

/** Bins are small integers: 1 h in ms is bin ~ 800, 2^31 ms ~ 1,130. */
export type Sketch = Map<number, number>;

/** The bin of a latency in ms (negative values count as 0). */
export function sketchBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.ceil(Math.log(ms) / SKETCH_LN_GAMMA) + 1;
}

/** The value a bin stands for: within α relative of every value that maps to it. */
export function binValue(bin: number): number {
  if (bin <= 0) return 0;
  return (2 * Math.pow(SKETCH_GAMMA, bin - 1)) / (SKETCH_GAMMA + 1);
}

/** A sketch of the given latencies. */
export function sketchOf(values: Iterable<number>): Sketch {
  const s: Sketch = new Map();
  for (const v of values) addToSketch(s, sketchBin(v), 1);
  return s;
}

export function addToSketch(s: Sketch, bin: number, count: number): Sketch {
  if (count) s.set(bin, (s.get(bin) ?? 0) + count);
  return s;
}

/** Merges sketches by adding counts per bin (associative and commutative: the rollups rely on it). */
export function mergeSketches(...sketches: Sketch[]): Sketch {
  const out: Sketch = new Map();
  for (const s of sketches) for (const [b, n] of s) addToSketch(out, b, n);
  return out;
}

export function sketchCount(s: Sketch): number {
  let n = 0;
  for (const c of s.values()) n += c;
  return n;
}

/** percentile_cont's rule: the order statistic at a fractional 0-based rank, linear between its two neighbours. */
function interpolatedAt(rank: number, at: (r: number) => number): number {
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const vLo = at(lo);
  return lo === hi ? vLo : vLo + (at(hi) - vLo) * (rank - lo);
}

/** Quantiles (each q in [0, 1]) in the percentile_cont sense, or null for an empty sketch. */
export function sketchQuantiles(s: Sketch, qs: readonly number[]): (number | null)[] {
  const n = sketchCount(s);
  if (n === 0) return qs.map(() => null);
  const bins = [...s.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  // Value of the order statistic at 0-based rank r.
  const at = (r: number): number => {
    let seen = 0;
    for (const [b, c] of bins) {
      seen += c;
      if (r < seen) return binValue(b);
    }
    return binValue(bins[bins.length - 1]![0]);
  };
  return qs.map((q) => interpolatedAt(Math.min(Math.max(q, 0), 1) * (n - 1), at));
}

/**
 * The same sketch as dense counts indexed by bin: what the dashboards merge hundreds of (adding arrays and
 * scanning for ranks is several times cheaper than Map entries and sorts). Latencies are int4 milliseconds,
 * so bins stop at sketchBin(2^31).
 */
export type DenseSketch = Float64Array;
export const SKETCH_MAX_BIN = sketchBin(2 ** 31);
export const denseSketch = (): DenseSketch => new Float64Array(SKETCH_MAX_BIN + 1);

/** Adds one sketch into another (in place). */
export function addDense(into: DenseSketch, from: DenseSketch): DenseSketch {
  for (let b = 0; b < from.length; b++) into[b]! += from[b]!;
  return into;
}

/** sketchQuantiles() for a dense sketch: the same ranks and bin representatives. */
export function denseQuantiles(d: DenseSketch, qs: readonly number[]): (number | null)[] {
  let n = 0;
  for (let b = 0; b < d.length; b++) n += d[b]!;
  if (n === 0) return qs.map(() => null);
  const at = (r: number): number => {
    let seen = 0;
    let last = 0;
    for (let b = 0; b < d.length; b++) {
      if (!d[b]) continue;
      seen += d[b]!;
      last = b;
      if (r < seen) return binValue(b);
    }
    return binValue(last);
  };
  return qs.map((q) => interpolatedAt(Math.min(Math.max(q, 0), 1) * (n - 1), at));
}

/** Exact percentile_cont over raw values (for tests and the bench's error figure). */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return interpolatedAt(q * (sorted.length - 1), (i) => sorted[i]!);
}

/** Relative error of an estimate against the exact value (0 when both are 0). */
export function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return estimate === 0 ? 0 : Infinity;
  return Math.abs(estimate - exact) / Math.abs(exact);
}
