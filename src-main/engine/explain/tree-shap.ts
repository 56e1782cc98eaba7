/**
 * Exact path-dependent TreeSHAP of a whole tree model (boosted trees, random forest, extra trees) on its raw
 * output: the margin for boosted classifiers (log-odds, or the softmax score of each class), the value for
 * regression, the class probability for forests (which average probabilities). Players are raw columns.
 */
import { CodedError } from '@shared/errors';
import type { TreeModel } from '../pipeline/types';
import { compileTree } from './compiled-tree';
import { PathBuffer, treeShapRecursive } from './tree-shap-recursive';
import { blockTables, treeShapTables, type BlockTables } from './tree-shap-tables';
import type { CompiledTree } from './compiled-tree';

/**
 * Compiled trees (and their tables) kept per background cover array, so explaining one row at a time (the
 * what-if form, a chosen row) does not rebuild them: the cover arrays live as long as the loaded background.
 */
interface Prepared {
  playerOf: ArrayLike<number>;
  scale: number;
  t: CompiledTree;
  tables?: BlockTables | null;
}
const prepared = new WeakMap<number[], Prepared>();

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prepare(tree: TreeModel['trees'][number], cover: number[], playerOf: Int32Array, O: number, scale: number) {
  const hit = prepared.get(cover);
  if (hit && hit.scale === scale && hit.t.outputs === O && sameArray(hit.playerOf, playerOf)) return hit;
  const entry: Prepared = { playerOf: Int32Array.from(playerOf), scale, t: compileTree(tree, cover, playerOf, O) };
  prepared.set(cover, entry);
  return entry;
}

export interface ShapResult {
  /** Expected output per output (the base value). */
  base: Float64Array;
  /** values[(r * outputs + o) * players + g]. */
  values: Float64Array;
}

/**
 * How rows are explained: the per-leaf tables pay off from a few dozen rows; 'auto' uses them for a call of that many
 * rows, or when an earlier call built them for the same trees. One row at a time (the what-if form) walks the paths:
 * building the tables for one row would cost what hundreds of rows cost by paths, a pause the form would show
 * (bench/explain prints both for a 500-tree depth-6 model).
 */
export type TreeShapAlgorithm = 'auto' | 'tables' | 'recursive';
const TABLE_ROWS = 32;

/**
 * SHAP values of `model` for the n rows of X (n × F features). `covers[t]` are the background rows reaching each
 * node of tree t (covers.ts); `playerOf[f]` the raw column of feature f; `players` the number of raw columns.
 */
export function treeModelShap(
  model: TreeModel,
  covers: number[][],
  X: Float64Array,
  n: number,
  F: number,
  playerOf: Int32Array,
  players: number,
  algorithm: TreeShapAlgorithm = 'auto',
): ShapResult {
  const O = model.baseScore.length;
  const T = model.trees.length;
  if (covers.length !== T)
    throw new CodedError(
      'invalid-input',
      `The explanation data has covers for ${covers.length} trees but the model has ${T}. Export the model again.`,
    );
  const mean = model.aggregate === 'mean';
  const scale = mean ? (T > 0 ? 1 / T : 0) : 1;
  const base = new Float64Array(O);
  if (!mean) base.set(model.baseScore);
  const values = new Float64Array(n * O * players);
  let buffer = new PathBuffer(8);
  let mask = new Int32Array(0);
  model.trees.forEach((tree, i) => {
    const entry = prepare(tree, covers[i], playerOf, O, scale);
    const t = entry.t;
    for (let o = 0; o < O; o++) base[o] += scale * t.expected[o];
    if (t.active.length === 0) return;
    const useTables =
      algorithm === 'tables' || (algorithm === 'auto' && (entry.tables !== undefined || n >= TABLE_ROWS));
    if (useTables && entry.tables === undefined) entry.tables = blockTables(t, scale);
    const tables = useTables ? (entry.tables ?? null) : null;
    if (tables) {
      if (mask.length < t.nodes) mask = new Int32Array(t.nodes);
      treeShapTables(t, tables, X, n, F, values, players, mask);
      return;
    }
    if (buffer.maxDepth < t.maxDepth) buffer = new PathBuffer(t.maxDepth);
    for (let r = 0; r < n; r++) treeShapRecursive(t, X, r * F, values, r * O * players, players, scale, buffer);
  });
  return { base, values };
}
