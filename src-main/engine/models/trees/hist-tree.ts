import type { Binning } from './binning';

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

/** The shared training state a tree reads. grad is n×K (channel-major per row), hess is n. */
export interface GrowData {
  bins: Uint8Array;
  p: number;
  binning: Binning;
  K: number;
  grad: Float64Array;
  hess: Float64Array;
  rng: () => number;
}

/** A tree in bin space (thresholds as bin indices), plus where each leaf's rows ended up in `idx`. */
export interface BinTree {
  feature: number[];
  /** Go left when 1 <= bin <= binThr (missing bin 0 follows missingLeft). */
  binThr: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Per node: [G_0..G_{K-1}, H] sums, used for leaf values. */
  sums: Float64Array[];
  segStart: number[];
  segEnd: number[];
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

interface Open {
  node: number;
  depth: number;
  start: number;
  end: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** Grows one tree over rows idx[0..count) (idx is partitioned in place). */
export function growTree(data: GrowData, idx: Int32Array, count: number, features: Int32Array, params: GrowParams): BinTree {
  const { K, binning } = data;
  const S = K + 1;
  const tree: BinTree = { feature: [], binThr: [], missingLeft: [], left: [], right: [], sums: [], segStart: [], segEnd: [] };
  const tmp = new Int32Array(count);
  const newNode = (start: number, end: number, sums: Float64Array): number => {
    tree.feature.push(-1);
    tree.binThr.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.sums.push(sums);
    tree.segStart.push(start);
    tree.segEnd.push(end);
    return tree.feature.length - 1;
  };
  const nodeFeatures = (): Int32Array => {
    if (!params.featuresPerNode || params.featuresPerNode >= features.length) return features;
    const pick = Int32Array.from(features);
    for (let i = 0; i < params.featuresPerNode; i++) {
      const j = i + Math.floor(data.rng() * (pick.length - i));
      const t = pick[i];
      pick[i] = pick[j];
      pick[j] = t;
    }
    return pick.subarray(0, params.featuresPerNode).sort();
  };
  const sumsOf = (start: number, end: number): Float64Array => {
    const s = new Float64Array(S);
    for (let i = start; i < end; i++) {
      const r = idx[i];
      for (let k = 0; k < K; k++) s[k] += data.grad[r * K + k];
      s[K] += data.hess[r];
    }
    return s;
  };
  const evaluate = (o: Open, feats: Int32Array, depth: number): void => {
    o.split = depth < params.maxDepth ? bestSplit(o.hist as Float64Array, tree.sums[o.node], feats, binning, K, params, data.rng) : null;
    if (!params.subtract) o.hist = null;
  };

  const root = newNode(0, count, sumsOf(0, count));
  const rootFeats = params.subtract ? features : nodeFeatures();
  const open: Open[] = [{ node: root, depth: 0, start: 0, end: count, hist: buildHist(data, idx, 0, count, rootFeats), split: null }];
  evaluate(open[0], rootFeats, 0);
  let leaves = 1;
  while (leaves < params.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++) {
      const s = open[i].split;
      if (s && s.gain > params.minGain && (bi < 0 || s.gain > (open[bi].split as Split).gain)) bi = i;
    }
    if (bi < 0) break;
    const o = open[bi];
    open.splice(bi, 1);
    const sp = o.split as Split;
    const mid = partition(data, idx, tmp, o.start, o.end, sp);
    const lSums = sumsOf(o.start, mid);
    const rSums = new Float64Array(S);
    const pSums = tree.sums[o.node];
    for (let k = 0; k < S; k++) rSums[k] = pSums[k] - lSums[k];
    const l = newNode(o.start, mid, lSums);
    const r = newNode(mid, o.end, rSums);
    tree.feature[o.node] = sp.feature;
    tree.binThr[o.node] = sp.bin;
    tree.missingLeft[o.node] = sp.missingLeft;
    tree.left[o.node] = l;
    tree.right[o.node] = r;
    leaves++;
    const lo: Open = { node: l, depth: o.depth + 1, start: o.start, end: mid, hist: null, split: null };
    const ro: Open = { node: r, depth: o.depth + 1, start: mid, end: o.end, hist: null, split: null };
    if (lo.depth < params.maxDepth) {
      if (params.subtract && o.hist) {
        const leftSmall = mid - o.start <= o.end - mid;
        const small = leftSmall ? lo : ro;
        const big = leftSmall ? ro : lo;
        small.hist = buildHist(data, idx, small.start, small.end, features);
        const ph = o.hist;
        const sh = small.hist;
        for (let i = 0; i < ph.length; i++) ph[i] -= sh[i];
        big.hist = ph;
        evaluate(lo, features, lo.depth);
        evaluate(ro, features, ro.depth);
      } else {
        const lf = nodeFeatures();
        lo.hist = buildHist(data, idx, lo.start, lo.end, lf);
        evaluate(lo, lf, lo.depth);
        const rf = nodeFeatures();
        ro.hist = buildHist(data, idx, ro.start, ro.end, rf);
        evaluate(ro, rf, ro.depth);
      }
    }
    o.hist = null;
    if (lo.split) open.push(lo);
    if (ro.split) open.push(ro);
  }
  return tree;
}

/** Histogram of [G_0..G_{K-1}, H] per bin for the listed features, over rows idx[start..end). */
export function buildHist(data: GrowData, idx: Int32Array, start: number, end: number, feats: Int32Array): Float64Array {
  const { bins, p, K, grad, hess, binning } = data;
  const off = binning.offsets;
  const hist = new Float64Array(binning.totalBins * (K + 1));
  const nf = feats.length;
  if (K === 1) {
    if (nf === p) {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const g = grad[r];
        const h = hess[r];
        const base = r * p;
        for (let f = 0; f < p; f++) {
          const o = (off[f] + bins[base + f]) << 1;
          hist[o] += g;
          hist[o + 1] += h;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const g = grad[r];
        const h = hess[r];
        const base = r * p;
        for (let q = 0; q < nf; q++) {
          const f = feats[q];
          const o = (off[f] + bins[base + f]) << 1;
          hist[o] += g;
          hist[o + 1] += h;
        }
      }
    }
    return hist;
  }
  const S = K + 1;
  for (let i = start; i < end; i++) {
    const r = idx[i];
    const base = r * p;
    const gb = r * K;
    const h = hess[r];
    for (let q = 0; q < nf; q++) {
      const f = feats[q];
      const o = (off[f] + bins[base + f]) * S;
      for (let k = 0; k < K; k++) hist[o + k] += grad[gb + k];
      hist[o + K] += h;
    }
  }
  return hist;
}

function score(g: Float64Array, h: number, lambda: number): number {
  let s = 0;
  for (let k = 0; k < g.length; k++) s += g[k] * g[k];
  return s / (h + lambda);
}

/** Best split of a node over its features, or null when no split satisfies the child-weight limit. */
function bestSplit(hist: Float64Array, total: Float64Array, feats: Int32Array, b: Binning, K: number, params: GrowParams, rng: () => number): Split | null {
  const S = K + 1;
  const lam = params.lambda;
  const mcw = params.minChildWeight;
  const H = total[K];
  const G = total.subarray(0, K);
  const parent = score(G, H, lam);
  let best: Split | null = null;
  const GL = new Float64Array(K);
  const GLm = new Float64Array(K);
  const GR = new Float64Array(K);
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q];
    const nb = b.nBins[f];
    if (nb < 3) continue;
    const base = b.offsets[f] * S;
    const mh = hist[base + K];
    let lo = 1;
    let hi = nb - 2;
    if (params.extraRandom) lo = hi = 1 + Math.floor(rng() * (nb - 2));
    GL.fill(0);
    let HL = 0;
    // Accumulate the bins below the first candidate threshold.
    for (let t = 1; t < lo; t++) {
      for (let k = 0; k < K; k++) GL[k] += hist[base + t * S + k];
      HL += hist[base + t * S + K];
    }
    for (let t = lo; t <= hi; t++) {
      const o = base + t * S;
      for (let k = 0; k < K; k++) GL[k] += hist[o + k];
      HL += hist[o + K];
      // Missing to the right.
      let HR = H - HL;
      if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0) {
        for (let k = 0; k < K; k++) GR[k] = G[k] - GL[k];
        const gain = score(GL, HL, lam) + score(GR, HR, lam) - parent;
        if (!best || gain > best.gain) best = { gain, feature: f, bin: t, missingLeft: mh === 0 && HL > HR };
      }
      if (mh > 0) {
        // Missing to the left.
        const HLm = HL + mh;
        HR = H - HLm;
        if (HLm >= mcw && HR >= mcw && HR > 0) {
          for (let k = 0; k < K; k++) {
            GLm[k] = GL[k] + hist[base + k];
            GR[k] = G[k] - GLm[k];
          }
          const gain = score(GLm, HLm, lam) + score(GR, HR, lam) - parent;
          if (!best || gain > best.gain) best = { gain, feature: f, bin: t, missingLeft: true };
        }
      }
    }
  }
  return best;
}

/** Stable partition of idx[start..end) by the split; returns the first right position. */
function partition(data: GrowData, idx: Int32Array, tmp: Int32Array, start: number, end: number, sp: Split): number {
  const { bins, p } = data;
  const f = sp.feature;
  const t = sp.bin;
  const ml = sp.missingLeft;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i];
    const bv = bins[row * p + f];
    if (bv === 0 ? ml : bv <= t) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(0, r), l);
  return l;
}

/** Leaf reached in bin space (fast path for training rows and validation rows). */
export function binLeaf(tree: BinTree, bins: Uint8Array, base: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const bv = bins[base + tree.feature[node]];
    node = (bv === 0 ? tree.missingLeft[node] : bv <= tree.binThr[node]) ? tree.left[node] : tree.right[node];
  }
  return node;
}
