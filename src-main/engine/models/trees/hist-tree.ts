import type { BinMatrix, Binning } from './binning';
import { addInto, splitRows, type HistArena } from './hist-wasm';
import { bestSplit, type Split } from './split-search';

/** How one tree grows. Gain of a split = Σ_k G_Lk²/(H_L+λ) + Σ_k G_Rk²/(H_R+λ) − Σ_k G_k²/(H+λ). */
export interface GrowParams {
  maxDepth: number;
  maxLeaves: number;
  lambda: number;
  /** Minimum hessian (GBM) or weight (forests) in each child. */
  minChildWeight: number;
  minGain: number;
  /** Features tried at each node (forests); 0 = all of the tree's features. */
  featuresPerNode: number;
  /** Extra trees: one random threshold per feature instead of the best one. */
  extraRandom: boolean;
  /** Keep each open leaf's histogram and derive the larger child by subtraction (GBM); else build per node. */
  subtract: boolean;
}

/**
 * The shared training state a tree reads. `gh` is row-interleaved: row r holds [g_0 .. g_{K-1}, h] at r·(K+1),
 * so one cache line serves a row's gradient and hessian while histogramming.
 */
export interface GrowData {
  /** Row-major global codes; absent in huge fits, which keep only `local` (see LOCAL_CODES_CELLS). */
  bins?: BinMatrix;
  /** Row-major uint8 local codes (0 = missing) when `bins` is absent: global code = binning.offsets[f] + local. */
  local?: Uint8Array;
  /** The same codes column-major as local uint8 bins (see columnCodes), for partitioning. */
  cols: Uint8Array;
  /** Row-major uint8 local codes (rowCodes) when the binning is padded (stride > 0): the fast histogram path. */
  rows8?: Uint8Array;
  /** When rows8, gh and the row indices live in this arena, the all-features pass runs its wasm kernel. */
  arena?: HistArena | null;
  n: number;
  p: number;
  binning: Binning;
  K: number;
  gh: Float32Array;
  rng: () => number;
}

/** A tree in bin space, plus where each leaf's rows ended up in `idx`. */
export interface BinTree {
  feature: number[];
  /** Local bin threshold t: go left when 1 <= bin <= t; the missing bin follows missingLeft. */
  binThr: number[];
  /** The same threshold and the missing code as global codes (offsets[f] + bin), for BinMatrix rows. */
  codeThr: number[];
  codeMiss: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Per node: [G_0..G_{K-1}, H] sums, used for leaf values. */
  sums: Float64Array[];
  segStart: number[];
  segEnd: number[];
}

interface Open {
  node: number;
  depth: number;
  start: number;
  end: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** Reuses histogram buffers across nodes and trees: allocation and GC were a fifth of the fit time. */
export class HistPool {
  private free: Float64Array[] = [];
  /** With an arena, buffers come from its slots first (so the wasm kernel can write them). */
  constructor(
    readonly size: number,
    private readonly arena?: HistArena | null,
  ) {}
  get(): Float64Array {
    return this.free.pop() ?? this.arena?.takeSlot() ?? new Float64Array(this.size);
  }
  release(h: Float64Array | null): void {
    if (h && this.free.length < 256) this.free.push(h);
  }
  private tmp = new Int32Array(0);
  /** A reusable row-index buffer of at least `n` entries (partition scratch space). */
  scratch(n: number): Int32Array {
    if (this.tmp.length < n) this.tmp = new Int32Array(n);
    return this.tmp;
  }
}

/** Grows one tree, leaf-wise (largest gain first) within maxDepth and maxLeaves, over rows idx[0..count). */
export function growTree(
  data: GrowData,
  idx: Int32Array,
  count: number,
  features: Int32Array,
  params: GrowParams,
  pool?: HistPool,
): BinTree {
  const { K, binning } = data;
  const S = K + 1;
  const hp = pool ?? new HistPool(binning.totalBins * S);
  const hist = (start: number, end: number, feats: Int32Array): Float64Array =>
    buildHist(data, idx, start, end, feats, hp.get());
  const tree: BinTree = {
    feature: [],
    binThr: [],
    codeThr: [],
    codeMiss: [],
    missingLeft: [],
    left: [],
    right: [],
    sums: [],
    segStart: [],
    segEnd: [],
  };
  const tmp = hp.scratch(count);
  const newNode = (start: number, end: number, sums: Float64Array): number => {
    tree.feature.push(-1);
    tree.binThr.push(0);
    tree.codeThr.push(0);
    tree.codeMiss.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.sums.push(sums);
    tree.segStart.push(start);
    tree.segEnd.push(end);
    return tree.feature.length - 1;
  };
  const pick = Int32Array.from(features);
  const nodeFeatures = (): Int32Array => {
    if (!params.featuresPerNode || params.featuresPerNode >= features.length) return features;
    for (let i = 0; i < params.featuresPerNode; i++) {
      const j = i + Math.floor(data.rng() * (pick.length - i));
      const t = pick[i];
      pick[i] = pick[j];
      pick[j] = t;
    }
    return pick.subarray(0, params.featuresPerNode);
  };
  const arena =
    data.arena && data.arena.owns(idx) && data.arena.owns(data.gh) && data.cols === data.arena.cols ? data.arena : null;
  const sumsOf = (start: number, end: number): Float64Array => {
    if (arena && S === 2) return arena.sums(idx, start, end);
    const s = new Float64Array(S);
    const gh = data.gh;
    for (let i = start; i < end; i++) {
      const o = idx[i] * S;
      for (let k = 0; k < S; k++) s[k] += gh[o + k];
    }
    return s;
  };
  const evaluate = (o: Open, feats: Int32Array): void => {
    o.split =
      o.depth < params.maxDepth
        ? bestSplit(o.hist as Float64Array, tree.sums[o.node], feats, binning, K, params, data.rng)
        : null;
    if (!params.subtract || !o.split) {
      hp.release(o.hist);
      o.hist = null;
    }
  };

  const root = newNode(0, count, sumsOf(0, count));
  const rootFeats = params.subtract ? features : nodeFeatures();
  const open: Open[] = [{ node: root, depth: 0, start: 0, end: count, hist: hist(0, count, rootFeats), split: null }];
  evaluate(open[0], rootFeats);
  let leaves = 1;
  while (leaves < params.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i].split;
      if (s && s.gain > params.minGain && (bi < 0 || s.gain > (open[bi].split as Split).gain)) bi = i;
    }
    if (bi < 0) break;
    const o = open[bi];
    // Order of open leaves does not matter: swap-remove.
    open[bi] = open[open.length - 1];
    open.pop();
    const sp = o.split as Split;
    const off = binning.offsets[sp.feature];
    const mid = partition(data, idx, tmp, o.start, o.end, sp.feature, sp.bin, sp.missingLeft, arena);
    const leftSmall = mid - o.start <= o.end - mid;
    const lSums = sp.left;
    const rSums = new Float64Array(S);
    const pSums = tree.sums[o.node];
    for (let k = 0; k < S; k++) rSums[k] = pSums[k] - lSums[k];
    const l = newNode(o.start, mid, lSums);
    const r = newNode(mid, o.end, rSums);
    tree.feature[o.node] = sp.feature;
    tree.binThr[o.node] = sp.bin;
    tree.codeThr[o.node] = off + sp.bin;
    tree.codeMiss[o.node] = off;
    tree.missingLeft[o.node] = sp.missingLeft;
    tree.left[o.node] = l;
    tree.right[o.node] = r;
    leaves++;
    const lo: Open = { node: l, depth: o.depth + 1, start: o.start, end: mid, hist: null, split: null };
    const ro: Open = { node: r, depth: o.depth + 1, start: mid, end: o.end, hist: null, split: null };
    if (lo.depth < params.maxDepth) {
      if (params.subtract && o.hist) {
        const small = leftSmall ? lo : ro;
        const big = leftSmall ? ro : lo;
        small.hist = hist(small.start, small.end, features);
        const ph = o.hist;
        const sh = small.hist;
        if (data.arena?.owns(ph) && data.arena.owns(sh)) data.arena.subtract(ph, sh);
        else for (let i = 0; i < ph.length; i++) ph[i] -= sh[i];
        big.hist = ph;
        o.hist = null;
        evaluate(lo, features);
        evaluate(ro, features);
      } else {
        const lf = nodeFeatures();
        lo.hist = hist(lo.start, lo.end, lf);
        evaluate(lo, lf);
        const rf = nodeFeatures();
        ro.hist = hist(ro.start, ro.end, rf);
        evaluate(ro, rf);
      }
    }
    hp.release(o.hist);
    o.hist = null;
    if (lo.split) open.push(lo);
    if (ro.split) open.push(ro);
  }
  for (const o of open) hp.release(o.hist);
  return tree;
}

/**
 * Histogram of [G_0..G_{K-1}, H] per global bin for the listed features over rows idx[start..end).
 * The all-features single-channel case is the hot path of boosting: unrolled by four.
 */
export function buildHist(
  data: GrowData,
  idx: Int32Array,
  start: number,
  end: number,
  feats: Int32Array,
  hist: Float64Array,
): Float64Array {
  const { bins, p, K, gh, binning } = data;
  const S = K + 1;
  const nf = feats.length;
  if (nf === p) hist.fill(0);
  else
    for (let q = 0; q < nf; q++)
      hist.fill(0, binning.offsets[feats[q]] * S, (binning.offsets[feats[q]] + binning.nBins[feats[q]]) * S);
  const arena = data.arena;
  if (
    K === 1 &&
    nf === p &&
    arena &&
    data.rows8 === arena.rows8 &&
    binning.stride > 0 &&
    arena.owns(hist) &&
    arena.owns(idx) &&
    arena.owns(gh)
  ) {
    arena.hist8(idx, start, end, hist, p, binning.stride);
    return hist;
  }
  if (K === 1 && nf === p && data.rows8 && binning.stride > 0) {
    // The same row halves as the arena's pass (splitRows), so the sums do not depend on which path ran.
    const mid = splitRows(start, end, p);
    if (mid < 0) return hist8(data.rows8, gh, p, binning.stride, idx, start, end, hist);
    hist8(data.rows8, gh, p, binning.stride, idx, start, mid, hist);
    const half = new Float64Array(p * binning.stride * 2);
    addInto(hist, hist8(data.rows8, gh, p, binning.stride, idx, mid, end, half));
    return hist;
  }
  if (!bins) return localHist(data, idx, start, end, feats, hist);
  if (K === 1 && nf === p) {
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      let b = r * p;
      const stop = b + p;
      for (; b + 3 < stop; b += 4) {
        let o = bins[b] << 1;
        hist[o] += g;
        hist[o + 1] += h;
        o = bins[b + 1] << 1;
        hist[o] += g;
        hist[o + 1] += h;
        o = bins[b + 2] << 1;
        hist[o] += g;
        hist[o + 1] += h;
        o = bins[b + 3] << 1;
        hist[o] += g;
        hist[o + 1] += h;
      }
      for (; b < stop; b++) {
        const o = bins[b] << 1;
        hist[o] += g;
        hist[o + 1] += h;
      }
    }
    return hist;
  }
  if (K === 1) {
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const base = r * p;
      for (let q = 0; q < nf; q++) {
        const o = bins[base + feats[q]] << 1;
        hist[o] += g;
        hist[o + 1] += h;
      }
    }
    return hist;
  }
  for (let i = start; i < end; i++) {
    const r = idx[i];
    const base = r * p;
    const go = r * S;
    for (let q = 0; q < nf; q++) {
      const o = bins[base + feats[q]] * S;
      for (let k = 0; k < S; k++) hist[o + k] += gh[go + k];
    }
  }
  return hist;
}

/**
 * buildHist's passes (hist cleared) over uint8 local codes plus each feature's offset, for fits that keep no
 * BinMatrix: the same bins as the global codes, summed in the same order.
 */
function localHist(
  data: GrowData,
  idx: Int32Array,
  start: number,
  end: number,
  feats: Int32Array,
  hist: Float64Array,
): Float64Array {
  const { local, p, K, gh, binning } = data;
  if (!local) throw new Error('tree data without bin codes');
  const offsets = binning.offsets;
  const S = K + 1;
  const nf = feats.length;
  for (let i = start; i < end; i++) {
    const r = idx[i];
    const base = r * p;
    const go = r * S;
    for (let q = 0; q < nf; q++) {
      const f = feats[q];
      const o = (offsets[f] + local[base + f]) * S;
      for (let k = 0; k < S; k++) hist[o + k] += gh[go + k];
    }
  }
  return hist;
}

/** buildHist's all-features single-channel pass over 1-byte local codes: bin index = f·stride + code. */
function hist8(
  bins: Uint8Array,
  gh: Float32Array,
  p: number,
  stride: number,
  idx: Int32Array,
  start: number,
  end: number,
  hist: Float64Array,
): Float64Array {
  const s2 = 2 * stride;
  for (let i = start; i < end; i++) {
    const r = idx[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    let b = r * p;
    const stop = b + p;
    // fo walks the features' histogram bases (in doubles); codes are shifted to index [g, h] pairs.
    let fo = 0;
    for (; b + 3 < stop; b += 4, fo += 4 * s2) {
      let o = fo + (bins[b] << 1);
      hist[o] += g;
      hist[o + 1] += h;
      o = fo + s2 + (bins[b + 1] << 1);
      hist[o] += g;
      hist[o + 1] += h;
      o = fo + 2 * s2 + (bins[b + 2] << 1);
      hist[o] += g;
      hist[o + 1] += h;
      o = fo + 3 * s2 + (bins[b + 3] << 1);
      hist[o] += g;
      hist[o + 1] += h;
    }
    for (; b < stop; b++, fo += s2) {
      const o = fo + (bins[b] << 1);
      hist[o] += g;
      hist[o + 1] += h;
    }
  }
  return hist;
}

/** Stable partition of idx[start..end) on feature f (local bin t); returns the first right position. */
function partition(
  data: GrowData,
  idx: Int32Array,
  tmp: Int32Array,
  start: number,
  end: number,
  f: number,
  t: number,
  missingLeft: boolean,
  arena: HistArena | null,
): number {
  const cols = data.cols;
  const base = f * data.n;
  // Branch-free routing: a 256-entry table says left (1) or right (0) for every bin code.
  const goLeft = new Uint8Array(256);
  for (let c = 1; c <= t; c++) goLeft[c] = 1;
  goLeft[0] = missingLeft ? 1 : 0;
  if (arena) return arena.partition(idx, start, end, f, data.n, goLeft);
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i];
    const left = goLeft[cols[base + row]];
    idx[l] = row;
    tmp[r] = row;
    l += left;
    r += 1 - left;
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}

/** Leaf reached by a row of uint8 local codes (applyBinningLocal): the same walk as binLeaf. */
export function localLeaf(tree: BinTree, codes: Uint8Array, base: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const c = codes[base + tree.feature[node]];
    node = (c === 0 ? tree.missingLeft[node] : c <= tree.binThr[node]) ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** Leaf reached by a BinMatrix row (fast path for training and validation rows). */
export function binLeaf(tree: BinTree, bins: BinMatrix, base: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const c = bins[base + tree.feature[node]];
    node = (c === tree.codeMiss[node] ? tree.missingLeft[node] : c <= tree.codeThr[node])
      ? tree.left[node]
      : tree.right[node];
  }
  return node;
}
