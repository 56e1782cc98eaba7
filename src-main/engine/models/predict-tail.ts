/**
 * Scoring a model on features whose trailing TF-IDF columns come as a sparse tail (preprocess/transform.ts's
 * Matrix), without building the dense n x (p + tail) matrix: a linear text recipe has ~30,000 text columns, so the
 * dense matrix of 4,000 rows is ~1 GB. The outputs are bit-identical to predictModel on the dense matrix:
 * - linear (no polynomial expansion): predictModel's own tail path. It adds the dense features in order, then the
 *   tail's non-zeros in column order; the dense sum adds the same products in the same order plus products with a
 *   zero feature, and adding +-0 to a sum that starts at +0 changes no bit (such a sum is never -0). (A non-finite
 *   weight times 0 would be NaN in the dense sum: fitted weights are finite and JSON cannot hold others.)
 * - trees: a tree reads only the features it splits on, so the dense matrix is built over the dense columns and
 *   the tail columns some split reads (a few hundred at most), with the trees' feature indices remapped to it.
 * - other families (MLP, naive Bayes, polynomial): the dense matrix, built and scored a block of rows at a time
 *   (every family scores rows independently), so memory stays bounded by one block.
 */
import type { FittedModel, Tree, TreeModel } from '../pipeline/types';
import type { Csr, Matrix } from '../preprocess/transform';
import { predictModel } from './predict-model';

/** Cells of one dense block of the block-wise fallback (16 MB of float64). */
const BLOCK_CELLS = 1 << 21;

/** Outputs of `model` on m (n x k: k = nClasses, or 1 when nClasses is 0), as predictModel on the dense matrix. */
export function predictModelTail(model: FittedModel, m: Matrix, nClasses: number): Float64Array {
  const { X, n, p, tail } = m;
  if (!tail) return predictModel(model, X, n, p, nClasses);
  if ('coef' in model && model.polynomialDegree !== 2) return predictModel(model, X, n, p, nClasses, tail);
  if ('trees' in model) {
    const { trees, used } = projectTrees(model, p);
    return predictModel(trees, denseRows(m, 0, n, used), n, p + used.length, nClasses);
  }
  const all = Int32Array.from({ length: tail.p }, (_, j) => j);
  const block = Math.max(1, Math.floor(BLOCK_CELLS / (p + tail.p)));
  const k = nClasses === 0 ? 1 : nClasses;
  const out = new Float64Array(n * k);
  for (let r0 = 0; r0 < n; r0 += block) {
    const r1 = Math.min(n, r0 + block);
    out.set(predictModel(model, denseRows(m, r0, r1, all), r1 - r0, p + tail.p, nClasses), r0 * k);
  }
  return out;
}

/**
 * Rows r0..r1 of m as a dense row-major matrix: the p dense columns, then the tail columns listed in `keep`
 * (ascending), in that order.
 */
function denseRows(m: Matrix, r0: number, r1: number, keep: Int32Array): Float64Array {
  const { X, p } = m;
  const tail = m.tail as Csr;
  const width = p + keep.length;
  const slot = keep.length === tail.p ? null : slotsOf(keep, tail.p);
  const out = new Float64Array((r1 - r0) * width);
  for (let r = r0; r < r1; r++) {
    const base = (r - r0) * width;
    out.set(X.subarray(r * p, r * p + p), base);
    for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) {
      const j = slot ? slot[tail.indices[q]] : tail.indices[q];
      if (j >= 0) out[base + p + j] = tail.values[q];
    }
  }
  return out;
}

/** slot[j] = position of tail column j in `keep`, or -1. */
function slotsOf(keep: Int32Array, tailWidth: number): Int32Array {
  const slot = new Int32Array(tailWidth).fill(-1);
  keep.forEach((j, i) => (slot[j] = i));
  return slot;
}

/** Per tree model and dense width: the model with feature indices remapped to [dense | used tail columns]. */
const projections = new WeakMap<TreeModel, { p: number; trees: TreeModel; used: Int32Array }>();

function projectTrees(model: TreeModel, p: number): { trees: TreeModel; used: Int32Array } {
  const known = projections.get(model);
  if (known && known.p === p) return known;
  const read = new Set<number>();
  for (const t of model.trees) t.feature.forEach((f, i) => t.left[i] !== -1 && f >= p && read.add(f - p));
  const used = Int32Array.from([...read].sort((a, b) => a - b));
  const at = new Map<number, number>();
  used.forEach((j, i) => at.set(j, i));
  // Leaves keep their (unread) feature value; only split nodes are remapped.
  const remap = (t: Tree): Tree => ({
    ...t,
    feature: t.feature.map((f, i) => (t.left[i] === -1 || f < p ? f : p + (at.get(f - p) as number))),
  });
  const entry = { p, trees: { ...model, trees: model.trees.map(remap) }, used };
  projections.set(model, entry);
  return entry;
}
