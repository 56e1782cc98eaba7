/** At most 255 value bins per feature; bin 0 is reserved for missing values, so codes fit a Uint8Array. */
export const MAX_BINS = 255;

/**
 * Quantisation of a feature matrix. cuts[f] is increasing; a value x goes to bin 1 + #{c in cuts[f] : c <= x},
 * so "bin <= t" is exactly "x < cuts[f][t - 1]", the threshold a tree stores.
 */
export interface Binning {
  cuts: Float64Array[];
  /** Bins per feature including the missing bin: cuts.length + 2. */
  nBins: Int32Array;
  /** Offset of each feature's bins in a concatenated histogram. */
  offsets: Int32Array;
  totalBins: number;
  /**
   * When > 0, feature f's bins start at f·stride (a power of two ≥ every nBins), so a histogram index is
   * (f·stride + local code) and the hot loop can read 1-byte local codes (see rowCodes); 0 = packed offsets.
   */
  stride: number;
}

/** Fits cut points per feature from (a sample of) the training rows: midpoints of distinct values, else quantiles. */
export function fitBinning(X: Float64Array, n: number, p: number, maxBins = MAX_BINS, sampleRows = 60_000): Binning {
  const cuts: Float64Array[] = [];
  const step = n > sampleRows ? n / sampleRows : 1;
  const m = Math.min(n, sampleRows);
  const buf = new Float64Array(m);
  for (let f = 0; f < p; f++) {
    let k = 0;
    for (let s = 0; s < m; s++) {
      const v = X[Math.floor(s * step) * p + f];
      if (!Number.isNaN(v)) buf[k++] = v;
    }
    const vals = buf.subarray(0, k).sort();
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < k; i++) {
      if (i === 0 || vals[i] !== vals[i - 1]) {
        distinct.push(vals[i]);
        counts.push(1);
      } else counts[counts.length - 1]++;
    }
    const c: number[] = [];
    if (distinct.length <= maxBins) {
      for (let i = 1; i < distinct.length; i++) c.push(midpoint(distinct[i - 1], distinct[i]));
    } else {
      // Equal-frequency cuts over distinct values weighted by their counts.
      let acc = 0;
      let next = 1;
      for (let i = 0; i < distinct.length - 1 && c.length < maxBins - 1; i++) {
        acc += counts[i];
        if (acc >= (next * k) / maxBins) {
          c.push(midpoint(distinct[i], distinct[i + 1]));
          while (acc >= (next * k) / maxBins) next++;
        }
      }
    }
    cuts.push(Float64Array.from(c));
  }
  const nBins = Int32Array.from(cuts, (c) => c.length + 2);
  const offsets = new Int32Array(p);
  let total = 0;
  let widest = 1;
  for (let f = 0; f < p; f++) {
    offsets[f] = total;
    total += nBins[f];
    widest = Math.max(widest, nBins[f]);
  }
  let stride = 1;
  while (stride < widest) stride *= 2;
  // Padding costs histogram clearing and subtraction (per node, ∝ total bins); take it only when it is cheap.
  if (stride > 256 || p * stride > 2 * total) return { cuts, nBins, offsets, totalBins: total, stride: 0 };
  for (let f = 0; f < p; f++) offsets[f] = f * stride;
  return { cuts, nBins, offsets, totalBins: p * stride, stride };
}

/** A midpoint that survives float32 rounding where possible (ONNX trees compare in float32). */
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  const f = Math.fround(m);
  return f > a && f <= b ? f : m;
}

/**
 * Row-major bin codes. Each feature is quantised to at most 256 codes (uint8 range, 0 = missing); the matrix stores
 * them already offset into the concatenated histogram (offsets[f] + bin), which measured 2.4x faster to histogram
 * than uint8 codes plus an offset lookup per cell. Uint16 while the histogram has < 65,536 bins, else Uint32.
 */
export type BinMatrix = Uint16Array | Uint32Array;

/**
 * Fits of at least this many cells (rows × features) keep their row-major codes as uint8 local codes only (0 =
 * missing, global code = offsets[f] + local), not as a BinMatrix: at 8M × 35 a Uint16 matrix is 560 MB on top of the
 * column codes, the wasm arena and the caller's Float64 matrix, which took an all-rows refit at 10M rows past 6 GB.
 * The histogram passes that read them pay an offset lookup per cell (slower than global codes, see BinMatrix), so
 * smaller fits keep the BinMatrix.
 */
export const LOCAL_CODES_CELLS = 1 << 26;

/**
 * Column-major uint8 local bin codes (0 = missing): partitioning reads one feature at scattered rows, and a
 * 1-byte column stays in cache where the row-major matrix does not.
 */
export function columnCodes(
  b: Binning,
  rows: BinMatrix | Uint8Array,
  n: number,
  p: number,
  out: Uint8Array = new Uint8Array(n * p),
): Uint8Array {
  // Uint8 rows are local codes already (applyBinning with local = true).
  const local = rows instanceof Uint8Array;
  for (let r = 0; r < n; r++) {
    const base = r * p;
    for (let f = 0; f < p; f++) out[f * n + r] = rows[base + f] - (local ? 0 : b.offsets[f]);
  }
  return out;
}

/**
 * Row-major uint8 local bin codes, for a padded binning (stride > 0): the histogram pass reads 1 byte per cell
 * instead of 2, which measured ~1.7x faster on the scattered rows of deeper nodes (half the cache lines).
 */
export function rowCodes(
  b: Binning,
  rows: BinMatrix,
  n: number,
  p: number,
  out: Uint8Array = new Uint8Array(n * p),
): Uint8Array {
  for (let i = 0; i < n * p; i++) out[i] = rows[i] & (b.stride - 1);
  return out;
}

/** Buckets per feature in the bin lookup table. */
const LUT = 1024;

/**
 * Codes rows of X (row-major n×p) into a row-major matrix of global bin codes. A per-feature table over
 * [first cut, last cut] narrows each value to a few cuts before the binary search, so coding 4M values
 * costs one or two comparisons each instead of eight unpredictable branches.
 */
export function applyBinning(b: Binning, X: Float64Array, n: number, p: number): BinMatrix {
  return codeRows(b, X, n, p, b.totalBins < 65_536 ? new Uint16Array(n * p) : new Uint32Array(n * p), b.offsets);
}

/** The same codes as applyBinning without the offsets: uint8 local codes (0 = missing), into `out` when given. */
export function applyBinningLocal(
  b: Binning,
  X: Float64Array,
  n: number,
  p: number,
  out: Uint8Array = new Uint8Array(n * p),
): Uint8Array {
  return codeRows(b, X, n, p, out, new Int32Array(p));
}

function codeRows<M extends BinMatrix | Uint8Array>(
  b: Binning,
  X: Float64Array,
  n: number,
  p: number,
  out: M,
  offsets: Int32Array,
): M {
  const { cuts } = b;
  const lo0 = new Float64Array(p);
  const scale = new Float64Array(p);
  const tables: Int32Array[] = [];
  for (let f = 0; f < p; f++) {
    const c = cuts[f];
    const t = new Int32Array(LUT + 2);
    if (c.length > 1) {
      lo0[f] = c[0];
      scale[f] = LUT / (c[c.length - 1] - c[0]);
      // t[j] = number of cuts <= the start of bucket j (a lower bound for any x in the bucket).
      let k = 0;
      for (let j = 0; j <= LUT + 1; j++) {
        const start = c[0] + j / scale[f];
        while (k < c.length && c[k] <= start) k++;
        t[j] = k;
      }
    }
    tables.push(t);
  }
  for (let r = 0; r < n; r++) {
    const base = r * p;
    for (let f = 0; f < p; f++) {
      const x = X[base + f];
      const off = offsets[f];
      if (Number.isNaN(x)) {
        out[base + f] = off;
        continue;
      }
      const c = cuts[f];
      let lo = 0;
      let hi = c.length;
      if (c.length > 1) {
        if (x < c[0]) {
          out[base + f] = off + 1;
          continue;
        }
        const j = Math.min(LUT, Math.floor((x - lo0[f]) * scale[f]));
        const t = tables[f];
        lo = t[j];
        hi = Math.min(c.length, t[j + 1] + 1);
      }
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      out[base + f] = off + lo + 1;
    }
  }
  return out;
}
