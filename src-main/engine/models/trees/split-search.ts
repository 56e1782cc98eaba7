import type { Binning } from './binning';
import type { GrowParams } from './hist-tree';

export interface Split {
  gain: number;
  feature: number;
  /** Local bin threshold: value bins 1..bin go left. */
  bin: number;
  missingLeft: boolean;
  /** [G_0..G_{K-1}, H] of the left child, read off the histogram (saves a pass over the rows). */
  left: Float64Array;
}

function score(g: Float64Array, h: number, lambda: number): number {
  let s = 0;
  for (let k = 0; k < g.length; k++) s += g[k] * g[k];
  return s / (h + lambda);
}

/**
 * Best split of a node over its features (histogram indexed by global bin, stride K+1), trying the missing bin
 * on either side; null when no split keeps both children above the minimum weight.
 */
export function bestSplit(
  hist: Float64Array,
  total: Float64Array,
  feats: Int32Array,
  b: Binning,
  K: number,
  params: GrowParams,
  rng: () => number,
): Split | null {
  if (K === 1) return bestSplit1(hist, total[0], total[1], feats, b, params, rng);
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
    for (let t = 1; t < lo; t++) {
      for (let k = 0; k < K; k++) GL[k] += hist[base + t * S + k];
      HL += hist[base + t * S + K];
    }
    for (let t = lo; t <= hi; t++) {
      const o = base + t * S;
      for (let k = 0; k < K; k++) GL[k] += hist[o + k];
      HL += hist[o + K];
      if (hist[o + K] === 0 && t > lo) continue;
      let HR = H - HL;
      if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0) {
        for (let k = 0; k < K; k++) GR[k] = G[k] - GL[k];
        const gain = score(GL, HL, lam) + score(GR, HR, lam) - parent;
        if (!best || gain > best.gain)
          best = { gain, feature: f, bin: t, missingLeft: mh === 0 && HL > HR, left: Float64Array.from([...GL, HL]) };
      }
      if (mh > 0) {
        const HLm = HL + mh;
        HR = H - HLm;
        if (HLm >= mcw && HR >= mcw && HR > 0) {
          for (let k = 0; k < K; k++) {
            GLm[k] = GL[k] + hist[base + k];
            GR[k] = G[k] - GLm[k];
          }
          const gain = score(GLm, HLm, lam) + score(GR, HR, lam) - parent;
          if (!best || gain > best.gain)
            best = { gain, feature: f, bin: t, missingLeft: true, left: Float64Array.from([...GLm, HLm]) };
        }
      }
    }
  }
  return best;
}

/** bestSplit for one gradient channel (GBM, regression and binary forests): the hot path, kept scalar. */
function bestSplit1(
  hist: Float64Array,
  G: number,
  H: number,
  feats: Int32Array,
  b: Binning,
  params: GrowParams,
  rng: () => number,
): Split | null {
  const lam = params.lambda;
  const mcw = Math.max(params.minChildWeight, 1e-300);
  const parent = (G * G) / (H + lam);
  let bestGain = -Infinity;
  let bf = -1;
  let bt = 0;
  let bml = false;
  let bgl = 0;
  let bhl = 0;
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q];
    const nb = b.nBins[f];
    if (nb < 3) continue;
    const base = b.offsets[f] << 1;
    const mg = hist[base];
    const mh = hist[base + 1];
    let lo = 1;
    let hi = nb - 2;
    if (params.extraRandom) lo = hi = 1 + Math.floor(rng() * (nb - 2));
    let GL = 0;
    let HL = 0;
    for (let t = 1; t < lo; t++) {
      GL += hist[base + 2 * t];
      HL += hist[base + 2 * t + 1];
    }
    for (let t = lo; t <= hi; t++) {
      const h = hist[base + 2 * t + 1];
      GL += hist[base + 2 * t];
      HL += h;
      // An empty bin gives the same partition as the threshold before it.
      if (h === 0 && t > lo) continue;
      const HR = H - HL;
      if (HL >= mcw && HR >= mcw) {
        const GR = G - GL;
        const gain = (GL * GL) / (HL + lam) + (GR * GR) / (HR + lam) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bf = f;
          bt = t;
          bml = mh === 0 && HL > HR;
          bgl = GL;
          bhl = HL;
        }
      }
      if (mh > 0) {
        const HLm = HL + mh;
        const HRm = H - HLm;
        if (HLm >= mcw && HRm >= mcw) {
          const GLm = GL + mg;
          const GRm = G - GLm;
          const gain = (GLm * GLm) / (HLm + lam) + (GRm * GRm) / (HRm + lam) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bf = f;
            bt = t;
            bml = true;
            bgl = GLm;
            bhl = HLm;
          }
        }
      }
    }
  }
  if (bf < 0) return null;
  // With no missing rows in the node, the missing direction does not change the left child's sums.
  return { gain: bestGain, feature: bf, bin: bt, missingLeft: bml, left: Float64Array.of(bgl, bhl) };
}
