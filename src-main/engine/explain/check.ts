/**
 * The check stored in explainer.json: a few held-out rows explained exactly, with the feature rows each single
 * pipeline computed from them, so the exported notebook can recompute the explanations in Python from the stored
 * trees and coefficients alone and compare (notebook/cells-explain.ts). Only exact explanations are checked (trees,
 * linear models and their weighted sums); sampled ones have no single right answer to compare with.
 */
import { featurePlayers } from './players';
import { transformFeatures } from '../pipeline/predict';
import type { Columns, FittedPipeline } from '../pipeline/types';
import { explainPlan, explainRows } from './explain';
import type { ExplainerCheck } from './explainer-file';
import { takeRows } from './rows';
import { singlesOf } from './singles';
import type { ExplainBackground } from './types';

/** Rows kept in the check. */
export const CHECK_ROWS = 5;
/** Candidate rows explained to find CHECK_ROWS whose explanation is finite (a linear model gives none for a row missing a date part). */
const CANDIDATES = 8;
/** Candidates explained beyond the rows the check may keep. */
const SPARE = 2;
/**
 * Python walks every tree path of every checked row (about leaves × depth² steps per tree); past this many steps the
 * check keeps fewer rows, so the notebook cell stays within seconds even for a large forest.
 */
const PYTHON_STEPS = 20_000_000;

/** Steps a pure-Python TreeSHAP takes for one row of `p` (0 for models without trees). */
export function treeSteps(p: FittedPipeline): number {
  let steps = 0;
  for (const s of singlesOf(p)) {
    if (!('trees' in s.model)) continue;
    for (const t of s.model.trees) {
      const depth = new Int32Array(t.left.length);
      let leaves = 0;
      let deepest = 0;
      // Children come after their parent in every builder; depth is still computed by walking from the root.
      const stack = [0];
      while (stack.length) {
        const node = stack.pop() as number;
        if (t.left[node] === -1) {
          leaves++;
          deepest = Math.max(deepest, depth[node]);
          continue;
        }
        depth[t.left[node]] = depth[t.right[node]] = depth[node] + 1;
        stack.push(t.left[node], t.right[node]);
      }
      steps += leaves * (deepest + 1) * (deepest + 1);
    }
  }
  return steps;
}

/**
 * The check for `rowIds` (positions in the training data file) whose input columns are `cols` (same order):
 * undefined when the model is explained by sampling or no row has a finite explanation.
 */
export function explainerCheck(
  p: FittedPipeline,
  bg: ExplainBackground,
  cols: Columns,
  rowIds: ArrayLike<number>,
): ExplainerCheck | undefined {
  if (!explainPlan(p).exact || rowIds.length === 0) return undefined;
  const limit = Math.max(1, Math.min(CHECK_ROWS, Math.floor(PYTHON_STEPS / Math.max(1, treeSteps(p)))));
  // A few spare rows beyond what is kept, not all CANDIDATES: a large forest costs ~0.2 s a row here.
  const candidates = Math.min(rowIds.length, CANDIDATES, limit + SPARE);
  const first = takeRows(
    p.inputs,
    cols,
    Int32Array.from({ length: candidates }, (_, i) => i),
  );
  const e = explainRows(p, bg, first);
  const singles = singlesOf(p);
  const X = singles.map((s) => transformFeatures(s, first, candidates));
  const F = singles.map((s) => s.featureNames.length);
  const width = e.outputs.length * e.columns.length;
  // JSON has no infinity: a row with an infinite feature (or a non-finite explanation) is not kept.
  const usable = (r: number): boolean =>
    e.values.subarray(r * width, (r + 1) * width).every(Number.isFinite) &&
    X.every((x, i) => x.subarray(r * F[i], (r + 1) * F[i]).every((v) => Number.isNaN(v) || Number.isFinite(v)));
  const keep: number[] = [];
  for (let r = 0; r < candidates && keep.length < limit; r++) if (usable(r)) keep.push(r);
  if (keep.length === 0) return undefined;
  return {
    rows: keep.map((r) => rowIds[r]),
    features: singles.map((s, single) => ({
      single,
      players: Array.from(featurePlayers(s, p.inputs)),
      values: keep.flatMap((r) =>
        Array.from(X[single].subarray(r * F[single], (r + 1) * F[single]), (v) => (Number.isNaN(v) ? null : v)),
      ),
    })),
    values: keep.flatMap((r) => Array.from(e.values.subarray(r * width, (r + 1) * width))),
    base: Array.from(e.base),
  };
}
