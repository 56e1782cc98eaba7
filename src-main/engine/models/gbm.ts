import { availableParallelism } from 'node:os';
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
  rowCodes,
  type BinMatrix,
} from './trees/binning';
import { binLeaf, growTree, HistPool, localLeaf, type BinTree, type GrowParams } from './trees/hist-tree';
import { gradientRows, LOG_LOSS, SQUARED_ERROR } from './trees/gradient-rows';
import { HistArena } from './trees/hist-wasm';
import { makeRng } from './trees/rng';
import { sampleIndices } from '../util/sample-rows';
import { toTree } from './trees/to-tree';
import { budgetNow } from '../util/budget-clock';

/** Defaults chosen to be strong out of the box (early stopping decides the real number of rounds). */
export const GBM_DEFAULTS = {
  n_estimators: 300,
  learning_rate: 0.1,
  max_depth: 6,
  max_leaves: 31,
  reg_lambda: 1,
  min_child_weight: 1,
  subsample: 1,
  colsample: 1,
};

/**
 * Histogram gradient boosting: squared error, logistic (binary) or softmax (one tree per class per round).
 * Early stopping on `input.valid` keeps the best round when no improvement is seen for `early_stopping` rounds.
 *
 * Growth is best-first (leaf-wise, as LightGBM) within `max_depth` and `max_leaves` (alias `num_leaves`); with
 * max_leaves >= 2^max_depth every positive-gain split up to the depth is taken, which is depth-wise growth (XGBoost).
 * `min_data_in_leaf` (LightGBM) is applied in hessian units: each tree's minimum child hessian is at least
 * min_data_in_leaf × the mean row hessian of that tree's rows (exact for unweighted squared error, where every row's
 * hessian is 1; for log loss it scales with the current p(1-p)). `extra_trees` draws one random threshold per feature
 * and node (LightGBM's extra_trees), a regulariser on small or noisy data.
 */
export function fitGbm(input: FitInput, params: Params): TreeModel & { bestIteration: number; curve: number[] } {
  const { X, n, p, y, task, nClasses, signal } = input;
  const rounds = num(params, 'n_estimators', GBM_DEFAULTS.n_estimators);
  const lr = num(params, 'learning_rate', GBM_DEFAULTS.learning_rate);
  const subsample = num(params, 'subsample', GBM_DEFAULTS.subsample);
  const colsample = num(params, 'colsample', GBM_DEFAULTS.colsample);
  // Early stopping: patience in rounds (default ~3 / learning_rate, 20 to 100: a slow learner plateaus longer);
  // early_stopping = false grows all n_estimators rounds and keeps them (scikit-learn HGB and XGBoost defaults).
  const stopEarly = params.early_stopping !== false;
  const patience = num(params, 'early_stopping', Math.min(100, Math.max(20, Math.round(3 / lr))));
  const minData = num(params, 'min_data_in_leaf', 0);
  const grow: GrowParams = {
    maxDepth: num(params, 'max_depth', GBM_DEFAULTS.max_depth),
    maxLeaves: num(params, 'num_leaves', num(params, 'max_leaves', GBM_DEFAULTS.max_leaves)),
    lambda: num(params, 'reg_lambda', GBM_DEFAULTS.reg_lambda),
    // 'auto': about 20 rows per leaf, in hessian units (1 per row for squared error, ~0.2 for log loss).
    minChildWeight:
      params.min_child_weight === 'auto'
        ? task === 'regression'
          ? 20
          : 4
        : num(params, 'min_child_weight', GBM_DEFAULTS.min_child_weight),
    minGain: 1e-12,
    featuresPerNode: 0,
    extraRandom: params.extra_trees === true,
    subtract: true,
  };
  const minChildWeight = grow.minChildWeight;
  const rng = makeRng(input.seed ?? 1);
  const K = task === 'multiclass' ? nClasses : 1;
  const w = input.weights;
  // Wide inputs (TF-IDF) use 63 bins: histograms stay small enough to clear and scan per node.
  const binning = fitBinning(X, n, p, num(params, 'max_bins', p > 200 ? 63 : 255));
  // Huge fits keep uint8 local codes only (in the arena when there is one): no Uint16 matrix beside them.
  const huge = n * p >= LOCAL_CODES_CELLS;
  const bins = huge ? undefined : applyBinning(binning, X, n, p);
  // Open leaves keep their histograms (subtraction), so up to maxLeaves are live; more fall back to JS arrays.
  // Slots are capped at ~256 MB of histograms (wide inputs); the JS pool serves any overflow.
  const slots = Math.max(4, Math.min(grow.maxLeaves + 4, 132, Math.floor(2 ** 28 / (16 * binning.totalBins))));
  // Large fits share each histogram pass with a helper thread (bit-identical trees; see HistArena.create).
  const threads = n * p >= THREADED_MIN_CELLS ? num(params, 'threads', trainThreads()) : 1;
  // A single-output fit keeps its scores in the arena too: the helper then computes half of each round's gradients.
  const arena = binning.stride > 0 ? HistArena.create(n, p, binning.totalBins * 2, slots, threads, K === 1) : null;
  try {
    const local = bins ? undefined : applyBinningLocal(binning, X, n, p, arena?.rows8);
    const rows8 = binning.stride > 0 ? (local ?? rowCodes(binning, bins as BinMatrix, n, p, arena?.rows8)) : undefined;
    const cols = columnCodes(binning, local ?? (bins as BinMatrix), n, p, arena?.cols);
    const valid = input.valid;
    const vbins = valid ? applyBinning(binning, valid.X, valid.n, p) : null;

    const base = baseScore(y, n, task, K, w);
    const shared = arena?.rowsF64;
    const F = shared?.scores ?? new Float64Array(n * K);
    for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) F[r * K + k] = base[k];
    if (shared) {
      shared.target.set(y.subarray(0, n));
      if (w) shared.weights.set(w.subarray(0, n));
    }
    const FV = valid ? new Float64Array(valid.n * K) : null;
    if (FV && valid) for (let r = 0; r < valid.n; r++) for (let k = 0; k < K; k++) FV[r * K + k] = base[k];

    const gh = arena?.gh ?? new Float32Array(2 * n);
    const prob = new Float64Array(K > 1 ? n * K : 0);
    const idx = arena?.idx ?? new Int32Array(n);
    const allFeatures = Int32Array.from({ length: p }, (_, i) => i);
    const trees: Tree[] = [];
    const pool = new HistPool(binning.totalBins * 2, arena);
    let bestLoss = Infinity;
    let bestIter = 0;
    let sinceBest = 0;
    const curve: number[] = [];
    for (let it = 0; it < rounds; it++) {
      if (signal?.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
      if (input.deadline && it > 0 && budgetNow() > input.deadline) break;
      if (K > 1) softmaxInto(F, prob, n, K);
      // Row subsample (without replacement) and column subsample, once per round.
      let count = 0;
      for (let r = 0; r < n; r++) if (subsample >= 1 || rng() < subsample) idx[count++] = r;
      const feats = colsample >= 1 ? allFeatures : sampleFeatures(p, colsample, rng);
      for (let k = 0; k < K; k++) {
        if (shared) arena.gradients(task === 'binary' ? LOG_LOSS : SQUARED_ERROR, w !== undefined);
        else gradients(task, F, prob, y, w, n, K, k, gh);
        if (minData > 0) {
          let hs = 0;
          for (let i = 0; i < count; i++) hs += gh[2 * idx[i] + 1];
          grow.minChildWeight = Math.max(minChildWeight, (minData * hs) / Math.max(count, 1));
        }
        const grown = { bins, local, cols, rows8, arena, n, p, binning, K: 1, gh, rng };
        const bt = growTree(grown, idx, count, feats, grow, pool);
        const leafVals = bt.sums.map((s) => (-s[0] / (s[1] + grow.lambda)) * lr);
        const leafOf = (r: number): number =>
          local ? localLeaf(bt, local, r * p) : binLeaf(bt, bins as BinMatrix, r * p);
        // With every row in the tree and the scores in the arena: wasm adds, shared with the helper.
        if (!(shared && arena && subsample >= 1 && arena.addLeaves(bt, leafVals)))
          updateScores(bt, leafVals, leafOf, n, F, K, k, idx, count, subsample < 1);
        if (FV && vbins && valid)
          for (let r = 0; r < valid.n; r++) FV[r * K + k] += leafVals[binLeaf(bt, vbins, r * p)];
        trees.push(
          toTree(
            bt,
            binning,
            (_s, node) => {
              const v = new Array<number>(K).fill(0);
              v[k] = leafVals[node];
              return v;
            },
            K,
          ),
        );
      }
      let vloss: number | null = null;
      if (FV && valid) {
        vloss = lossOf(task, FV, valid.y, valid.n, K);
        curve.push(vloss);
        if (!stopEarly) bestIter = it + 1;
        else if (vloss < bestLoss - 1e-12) {
          bestLoss = vloss;
          bestIter = it + 1;
          sinceBest = 0;
        } else sinceBest++;
      } else bestIter = it + 1;
      input.onIteration?.(it + 1, vloss, (it + 1) / rounds);
      if (valid && stopEarly && sinceBest >= patience) break;
    }
    return {
      family: 'gradient_boosting',
      // With keepAllRounds the caller chooses the rounds (k-fold: one count for all folds, from their mean curve).
      trees: input.keepAllRounds ? trees : trees.slice(0, bestIter * K),
      aggregate: 'sum',
      baseScore: Array.from(base),
      link: task === 'regression' ? 'identity' : task === 'binary' ? 'logistic' : 'softmax',
      bestIteration: bestIter,
      // Without early stopping every round is kept as grown: no curve, so no caller cuts the rounds either.
      curve: stopEarly ? curve : [],
    };
  } finally {
    arena?.close();
  }
}

/** Histogram passes of fits with fewer cells (rows × features) stay on one thread: a helper is not worth starting. */
const THREADED_MIN_CELLS = 1 << 20;

/**
 * Training threads: AUTOML_TRAIN_THREADS (1 keeps every fit on one thread), else 2, capped at the cores: a fit of at
 * least THREADED_MIN_CELLS shares its histogram passes with a helper thread. Trees are identical either way (the row
 * halves do not depend on threads), and the fit never waits for a helper the machine has not scheduled (hist-wasm.ts).
 * bench/gbm (200k x 20, 100 rounds) at load 12 after that change: 2 threads 1.23x and 1.65x faster than 1 (wall),
 * XGBoost 0.95x and 1.08x (docs/engineering/speed.md).
 */
function trainThreads(): number {
  const set = Number(process.env.AUTOML_TRAIN_THREADS);
  return Math.min(set >= 1 ? set : 2, availableParallelism());
}

function baseScore(y: Float64Array, n: number, task: FitInput['task'], K: number, w?: Float64Array): Float64Array {
  const out = new Float64Array(K);
  let sw = 0;
  if (task === 'multiclass') {
    for (let r = 0; r < n; r++) {
      out[y[r]] += w ? w[r] : 1;
      sw += w ? w[r] : 1;
    }
    for (let k = 0; k < K; k++) out[k] = Math.log(Math.max(out[k] / sw, 1e-12));
    return out;
  }
  let s = 0;
  for (let r = 0; r < n; r++) {
    s += (w ? w[r] : 1) * y[r];
    sw += w ? w[r] : 1;
  }
  const m = s / sw;
  out[0] =
    task === 'binary'
      ? Math.log(Math.min(Math.max(m, 1e-12), 1 - 1e-12) / (1 - Math.min(Math.max(m, 1e-12), 1 - 1e-12)))
      : m;
  return out;
}

function softmaxInto(F: Float64Array, P: Float64Array, n: number, K: number): void {
  for (let r = 0; r < n; r++) {
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, F[r * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += P[r * K + k] = Math.exp(F[r * K + k] - mx);
    for (let k = 0; k < K; k++) P[r * K + k] /= s;
  }
}

/** Writes row-interleaved [gradient, hessian] of the loss for output k (one output: gradientRows). */
function gradients(
  task: FitInput['task'],
  F: Float64Array,
  P: Float64Array,
  y: Float64Array,
  w: Float64Array | undefined,
  n: number,
  K: number,
  k: number,
  gh: Float32Array,
): void {
  if (task !== 'multiclass') {
    gradientRows(task === 'binary' ? LOG_LOSS : SQUARED_ERROR, F, y, w ?? null, gh, 0, n);
    return;
  }
  for (let r = 0; r < n; r++) {
    const wr = w ? w[r] : 1;
    const pr = P[r * K + k];
    gh[2 * r] = wr * (pr - (y[r] === k ? 1 : 0));
    gh[2 * r + 1] = wr * Math.max(pr * (1 - pr), 1e-16);
  }
}

/** Adds leaf values to training scores: sampled rows by their leaf segment, the others by traversal. */
function updateScores(
  bt: BinTree,
  leafVals: number[],
  leafOf: (row: number) => number,
  n: number,
  F: Float64Array,
  K: number,
  k: number,
  idx: Int32Array,
  count: number,
  sampled: boolean,
): void {
  for (let node = 0; node < bt.left.length; node++) {
    if (bt.left[node] !== -1) continue;
    const v = leafVals[node];
    for (let i = bt.segStart[node]; i < bt.segEnd[node]; i++) F[idx[i] * K + k] += v;
  }
  if (!sampled) return;
  const inSample = new Uint8Array(n);
  for (let i = 0; i < count; i++) inSample[idx[i]] = 1;
  for (let r = 0; r < n; r++) if (!inSample[r]) F[r * K + k] += leafVals[leafOf(r)];
}

function sampleFeatures(p: number, frac: number, rng: () => number): Int32Array {
  return sampleIndices(p, Math.max(1, Math.round(p * frac)), rng);
}

/** Validation loss on raw scores: MSE, binary log loss or multiclass log loss. */
export function lossOf(task: FitInput['task'], F: Float64Array, y: Float64Array, n: number, K: number): number {
  let s = 0;
  for (let r = 0; r < n; r++) {
    if (task === 'regression') s += (F[r] - y[r]) ** 2;
    else if (task === 'binary') {
      const z = F[r];
      s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[r] * z;
    } else {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, F[r * K + k]);
      let e = 0;
      for (let k = 0; k < K; k++) e += Math.exp(F[r * K + k] - mx);
      s += mx + Math.log(e) - F[r * K + y[r]];
    }
  }
  return s / Math.max(n, 1);
}
