import { checkBudget } from './budget';
/**
 * A small gradient-boosted regression tree ensemble (squared loss) on quantile-binned features, for the
 * lag/calendar forecaster: a few thousand rows and a dozen features, so simple histograms suffice.
 * Trees are plain JSON. A row goes left when x <= threshold.
 */
export interface GbmTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbmModel {
  base: number;
  trees: GbmTree[];
}

export interface GbmOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  bins: number;
  /** Epoch ms; boosting throws BudgetExceeded once it has passed (rounds are the long part). */
  deadline?: number;
}

const DEFAULTS: GbmOptions = { rounds: 150, learningRate: 0.08, maxDepth: 4, minLeaf: 5, lambda: 1, bins: 48 };

function cutPoints(values: Float64Array, bins: number): number[] {
  const s = Array.from(values).sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = s[Math.floor((b * s.length) / bins)];
    if (cuts.length === 0 || v > cuts[cuts.length - 1]) cuts.push(v);
  }
  return cuts;
}

function binOf(cuts: number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fits on row-major x (n x f). */
export function fitGbm(x: Float64Array, y: Float64Array, f: number, opts: Partial<GbmOptions> = {}): GbmModel {
  const o = { ...DEFAULTS, ...opts };
  const n = y.length;
  const cuts: number[][] = [];
  const bins = new Uint8Array(n * f);
  for (let j = 0; j < f; j++) {
    const col = Float64Array.from({ length: n }, (_, i) => x[i * f + j]);
    cuts.push(cutPoints(col, o.bins));
    for (let i = 0; i < n; i++) bins[i * f + j] = binOf(cuts[j], col[i]);
  }
  let base = 0;
  for (const v of y) base += v / n;
  const pred = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const trees: GbmTree[] = [];
  for (let r = 0; r < o.rounds; r++) {
    checkBudget(o.deadline);
    for (let i = 0; i < n; i++) grad[i] = pred[i] - y[i];
    const tree: GbmTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const all = Int32Array.from({ length: n }, (_, i) => i);
    grow(tree, all, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) pred[i] += predictTree(tree, x, i * f);
  }
  return { base, trees };

  function grow(tree: GbmTree, rows: Int32Array, depth: number): number {
    const id = tree.feature.length;
    let g = 0;
    for (const i of rows) g += grad[i];
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-g / (rows.length + o.lambda)) * o.learningRate);
    if (depth >= o.maxDepth || rows.length < 2 * o.minLeaf) return id;
    let bestGain = 1e-12;
    let bestF = -1;
    let bestB = -1;
    const parent = (g * g) / (rows.length + o.lambda);
    const hg = new Float64Array(o.bins);
    const hc = new Float64Array(o.bins);
    for (let j = 0; j < f; j++) {
      const nb = cuts[j].length + 1;
      hg.fill(0, 0, nb);
      hc.fill(0, 0, nb);
      for (const i of rows) {
        const b = bins[i * f + j];
        hg[b] += grad[i];
        hc[b]++;
      }
      let gl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b];
        cl += hc[b];
        const cr = rows.length - cl;
        if (cl < o.minLeaf || cr < o.minLeaf) continue;
        const gr = g - gl;
        const gain = (gl * gl) / (cl + o.lambda) + (gr * gr) / (cr + o.lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = j;
          bestB = b;
        }
      }
    }
    if (bestF < 0) return id;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of rows) (bins[i * f + bestF] <= bestB ? left : right).push(i);
    tree.feature[id] = bestF;
    tree.threshold[id] = cuts[bestF][bestB];
    tree.left[id] = grow(tree, Int32Array.from(left), depth + 1);
    tree.right[id] = grow(tree, Int32Array.from(right), depth + 1);
    return id;
  }
}

function predictTree(t: GbmTree, x: ArrayLike<number>, off: number): number {
  let node = 0;
  while (t.left[node] !== -1) node = x[off + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return t.value[node];
}

export function predictGbm(m: GbmModel, row: ArrayLike<number>): number {
  let s = m.base;
  for (const t of m.trees) s += predictTree(t, row, 0);
  return s;
}
