import { CodedError } from '@shared/errors';
import type { Tree, TreeModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import {
  applyBinning,
  applyBinningLocal,
  columnCodes,
  fitBinning,
  LOCAL_CODES_CELLS,
  type BinMatrix,
} from './trees/binning';
import { binLeaf, growTree, HistPool, type GrowParams } from './trees/hist-tree';
import { makeRng } from './trees/rng';
import { toTree } from './trees/to-tree';
import { budgetNow } from '../util/budget-clock';

/**
 * Random forest (bootstrap rows, best split among a random feature subset per node) and extra trees
 * (all rows, one random threshold per candidate feature). Both use the histogram builder with
 * target channels: the split gain Σ G²/H is variance reduction for regression and Gini decrease for classes.
 * Leaves hold the mean target (regression) or class probabilities (binary: p(class 1)).
 */
export function fitForest(family: 'random_forest' | 'extra_trees', input: FitInput, params: Params): TreeModel {
  const { X, n, p, y, task, nClasses, signal } = input;
  const extra = family === 'extra_trees';
  const nTrees = num(params, 'n_estimators', 100);
  const K = task === 'multiclass' ? nClasses : 1;
  const maxFeatures = num(params, 'max_features', task === 'regression' ? (extra ? 1 : 1 / 3) : Math.sqrt(p) / p);
  const grow: GrowParams = {
    maxDepth: num(params, 'max_depth', 50),
    maxLeaves: num(params, 'max_leaves', Math.max(2, Math.min(Math.ceil(n / 2), 2000))),
    lambda: 0,
    minChildWeight: num(params, 'min_samples_leaf', 1),
    minGain: 1e-12,
    featuresPerNode: Math.max(1, Math.round(maxFeatures * p)),
    extraRandom: extra,
    subtract: false,
  };
  const rng = makeRng(input.seed ?? 1);
  const binning = fitBinning(X, n, p);
  // Huge fits keep uint8 local codes instead of the Uint16 matrix (see LOCAL_CODES_CELLS).
  const huge = n * p >= LOCAL_CODES_CELLS;
  const bins = huge ? undefined : applyBinning(binning, X, n, p);
  const local = huge ? applyBinningLocal(binning, X, n, p) : undefined;
  const cols = columnCodes(binning, local ?? (bins as BinMatrix), n, p);
  const vbins = input.valid ? applyBinning(binning, input.valid.X, input.valid.n, p) : null;
  const S = K + 1;
  const gh = new Float32Array(n * S);
  const idx = new Int32Array(n);
  const counts = new Float64Array(n);
  const all = Int32Array.from({ length: p }, (_, i) => i);
  const trees: Tree[] = [];
  const pool = new HistPool(binning.totalBins * (K + 1));
  const vsum = input.valid ? new Float64Array(input.valid.n * K) : null;
  for (let t = 0; t < nTrees; t++) {
    if (signal?.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    if (input.deadline && t > 0 && budgetNow() > input.deadline) break;
    counts.fill(extra ? 1 : 0);
    if (!extra) for (let i = 0; i < n; i++) counts[Math.floor(rng() * n)]++;
    let count = 0;
    for (let r = 0; r < n; r++) {
      const c = counts[r] * (input.weights ? input.weights[r] : 1);
      gh[r * S + K] = c;
      for (let k = 0; k < K; k++) gh[r * S + k] = K === 1 ? c * y[r] : y[r] === k ? c : 0;
      if (c > 0) idx[count++] = r;
    }
    const bt = growTree({ bins, local, cols, n, p, binning, K, gh, rng }, idx, count, all, grow, pool);
    const leafValue = (s: Float64Array): number[] => Array.from(s.subarray(0, K), (g) => (s[K] > 0 ? g / s[K] : 0));
    trees.push(toTree(bt, binning, leafValue, K));
    let vloss: number | null = null;
    if (vsum && vbins && input.valid) {
      const v = input.valid;
      let loss = 0;
      for (let r = 0; r < v.n; r++) {
        const val = leafValue(bt.sums[binLeaf(bt, vbins, r * p)]);
        for (let k = 0; k < K; k++) vsum[r * K + k] += val[k];
        loss += pointLoss(task, vsum, r, K, t + 1, v.y[r]);
      }
      vloss = loss / v.n;
    }
    input.onIteration?.(t + 1, vloss, (t + 1) / nTrees);
  }
  return { family, trees, aggregate: 'mean', baseScore: new Array<number>(K).fill(0), link: 'identity' };
}

/** Squared error or log loss of the running forest average (for the live validation curve). */
function pointLoss(task: FitInput['task'], sum: Float64Array, r: number, K: number, nTrees: number, y: number): number {
  if (task === 'regression') return (sum[r] / nTrees - y) ** 2;
  const pr = K === 1 ? (y === 1 ? sum[r] / nTrees : 1 - sum[r] / nTrees) : sum[r * K + y] / nTrees;
  return -Math.log(Math.min(Math.max(pr, 1e-15), 1));
}
