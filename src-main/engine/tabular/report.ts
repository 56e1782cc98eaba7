import type { BinaryDiagnostics, MulticlassDiagnostics, RegressionDiagnostics } from '@shared/diagnostics';
import type { MetricName } from '@shared/tasks';
import type { Frame } from '../frame/load-frame';
import type { ColumnData, FittedPipeline, SinglePipeline } from '../pipeline/types';
import { computeMetrics, decimate, oriented, predictedClasses, rocPr } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { combineSingles, readsSparseText, scoreMatrix, singleMatrix, widthOf } from './score';
import { stepWidth, type Matrix } from '../preprocess/transform';
import type { CsvValue } from '../util/csv-writer';
import { budgetNow } from '../util/budget-clock';

/** holdout.csv: row (0-based file row), actual, prediction, and proba_<class> per class for classifiers. */
export function holdoutTable(
  rows: Int32Array,
  y: Float64Array,
  pred: Float64Array,
  classes: string[] | undefined,
  /** Binary: the pipeline's decision threshold (labels as predictedClasses reads them). */
  threshold?: number,
): { header: string[]; rows: CsvValue[][] } {
  const header = ['row', 'actual', 'prediction', ...(classes ?? []).map((c) => `proba_${c}`)];
  const out: CsvValue[][] = [];
  const k = classes ? classes.length : 1;
  const hit = classes ? predictedClasses(pred, rows.length, k, threshold) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!classes || !hit) {
      out.push([r, y[r], pred[i]]);
      continue;
    }
    out.push([r, classes[y[r]], classes[hit[i]], ...pred.subarray(i * k, i * k + k)]);
  }
  return { header, rows: out };
}

/** Review-screen curves: ROC and PR (binary, or one-vs-rest per class up to 10), or residual points. */
export function diagnostics(
  yTest: Float64Array,
  pred: Float64Array,
  classes: string[] | undefined,
  seed: number,
): BinaryDiagnostics | MulticlassDiagnostics | RegressionDiagnostics {
  const n = yTest.length;
  if (!classes) {
    const rng = makeRng(seed);
    const idx = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const pts = idx.slice(0, 200).sort((a, b) => pred[a] - pred[b]);
    return {
      kind: 'regression',
      predictedVsActual: pts.map((i) => ({ predicted: pred[i], actual: yTest[i] })),
      residuals: pts.map((i) => ({ predicted: pred[i], residual: yTest[i] - pred[i] })),
    };
  }
  const k = classes.length;
  if (k === 2) return { kind: 'binary', positive: classes[1], ...rocPr(yTest, (i) => pred[i * 2 + 1], 1) };
  const perClass = classes.slice(0, 10).map((c, ci) => ({ class: c, ...rocPr(yTest, (i) => pred[i * k + ci], ci) }));
  return {
    kind: 'multiclass',
    perClass: perClass.map((pc) => ({ ...pc, roc: decimate(pc.roc, 50), pr: decimate(pc.pr, 50) })),
  };
}

/** Fewest test rows permutation importance is measured on when time is short. */
export const IMPORTANCE_MIN_ROWS = 50;

/** A seeded subset of about `keep` of the rows (and their targets), in their order. */
function someTestRows(
  rows: Int32Array,
  y: Float64Array,
  keep: number,
  seed: number,
): { rows: Int32Array; y: Float64Array } {
  if (keep >= rows.length) return { rows, y };
  const pick = makeRng(seed);
  const idx = Array.from(rows.keys()).filter(() => pick() < keep / rows.length);
  return { rows: Int32Array.from(idx, (i) => rows[i]), y: Float64Array.from(idx, (i) => y[i]) };
}

export interface Importance {
  columns: Array<{ feature: string; importance: number }>;
  /** Test rows it was measured on (fewer than all when one pass over every column on all of them did not fit). */
  rows: number;
}

/** Feature ranges [offset, width) of each raw column in a single pipeline's dense matrix and in its sparse tail. */
interface Layout {
  dense: Map<string, Array<[number, number]>>;
  tail: Map<string, Array<[number, number]>>;
}

function layoutOf(s: SinglePipeline): Layout {
  const { steps } = s;
  let first = steps.length;
  if (readsSparseText(s)) while (first > 0 && steps[first - 1].kind === 'tfidf') first--;
  const out: Layout = { dense: new Map(), tail: new Map() };
  let off = 0;
  steps.forEach((step, i) => {
    if (i === first) off = 0;
    const into = i < first ? out.dense : out.tail;
    const w = stepWidth(step);
    into.set(step.column, [...(into.get(step.column) ?? []), [off, w]]);
    off += w;
  });
  return out;
}

const inRanges = (j: number, ranges: Array<[number, number]>): boolean => ranges.some(([o, w]) => j >= o && j < o + w);

/** The matrix with one raw column's features taken from row perm[i] for row i (every step is a row-wise function). */
function permuted(m: Matrix, lay: Layout, name: string, perm: Int32Array): Matrix {
  const dense = lay.dense.get(name) ?? [];
  let X = m.X;
  if (dense.length) {
    X = m.X.slice();
    for (let i = 0; i < m.n; i++)
      for (const [off, w] of dense) for (let j = off; j < off + w; j++) X[i * m.p + j] = m.X[perm[i] * m.p + j];
  }
  const ranges = lay.tail.get(name) ?? [];
  if (!m.tail || !ranges.length) return { ...m, X };
  const t = m.tail;
  const indptr = new Int32Array(m.n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m.n; i++) {
    const entries: Array<[number, number]> = [];
    for (let e = t.indptr[i]; e < t.indptr[i + 1]; e++)
      if (!inRanges(t.indices[e], ranges)) entries.push([t.indices[e], t.values[e]]);
    for (let e = t.indptr[perm[i]]; e < t.indptr[perm[i] + 1]; e++)
      if (inRanges(t.indices[e], ranges)) entries.push([t.indices[e], t.values[e]]);
    entries.sort((a, b) => a[0] - b[0]);
    for (const [j, v] of entries) {
      indices.push(j);
      values.push(v);
    }
    indptr[i + 1] = indices.length;
  }
  return { ...m, X, tail: { p: t.p, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) } };
}

/**
 * Permutation importance by raw input column on the test rows: the drop in the (higher-is-better oriented)
 * metric when the column's values are shuffled among those rows, averaged over `repeats` shuffles.
 * Every step is a row-wise function of its column, so a shuffle permutes the rows of that column's features: the
 * features are built once and only the models score again. It keeps to `deadline` (budget clock): one shuffle is
 * timed, and when one shuffle of every column would not fit in the time left, a seeded subset of the rows sized to
 * fit is used (at least IMPORTANCE_MIN_ROWS); more repeats only while they fit.
 */
export function permutationImportance(
  pipeline: FittedPipeline,
  frame: Frame,
  testRows: Int32Array,
  yTestRows: Float64Array,
  metric: MetricName,
  seed: number,
  deadline: number,
  repeats = 3,
): Importance {
  // At most 2,000 rows: importance ranks are stable at that size.
  let { rows, y: yTest } = someTestRows(testRows, yTestRows, 2000, seed + 7);
  const task = pipeline.task === 'regression' ? 'regression' : 'classification';
  const nClasses = pipeline.classes?.length ?? 0;
  const k = widthOf(pipeline);
  const get = (name: string): ColumnData | undefined => frame.get(name)?.values;
  // Per single pipeline: its matrix on the rows, the layout of its features and its output (built on first use).
  let built = new Map<SinglePipeline, { m: Matrix; lay: Layout; out: Float64Array }>();
  const prep = (s: SinglePipeline) => {
    let b = built.get(s);
    if (!b) {
      const m = singleMatrix(s, get, frame.nRows, rows);
      b = { m, lay: layoutOf(s), out: scoreMatrix(s, m, k) };
      built.set(s, b);
    }
    return b;
  };
  const score = (shuffled?: { name: string; perm: Int32Array }): number => {
    const pred = combineSingles(pipeline, rows.length, (s) => {
      const b = prep(s);
      if (!shuffled || !(b.lay.dense.has(shuffled.name) || b.lay.tail.has(shuffled.name))) return b.out;
      return scoreMatrix(s, permuted(b.m, b.lay, shuffled.name, shuffled.perm), k);
    });
    return oriented(metric, computeMetrics(task, yTest, pred, nClasses, pipeline.decisionThreshold)[metric] ?? NaN);
  };
  const rng = makeRng(seed + 101);
  const shuffle = (): Int32Array => {
    const perm = Int32Array.from(rows.keys());
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm;
  };
  const names = pipeline.inputs.map((i) => i.name).filter((name) => frame.get(name));
  const columns = Math.max(1, names.length);
  let baseline = score();
  // One shuffle of the first column, timed (its result is not kept).
  let t0 = budgetNow();
  if (names.length) score({ name: names[0], perm: shuffle() });
  let perShuffle = Math.max(0.05, budgetNow() - t0);
  const left = deadline - budgetNow();
  if (columns * perShuffle > left && rows.length > IMPORTANCE_MIN_ROWS) {
    // Scoring time is about proportional to the rows: as many as one pass over every column affords.
    const keep = Math.max(IMPORTANCE_MIN_ROWS, Math.floor((rows.length * Math.max(0, left)) / (columns * perShuffle)));
    ({ rows, y: yTest } = someTestRows(rows, yTest, keep, seed + 11));
    built = new Map();
    t0 = budgetNow();
    baseline = score();
    perShuffle = Math.max(0.05, (budgetNow() - t0) / 2);
  }
  // Repeats that fit before the deadline (at least one per column).
  const affordable = Math.floor((deadline - budgetNow()) / (perShuffle * columns));
  repeats = Math.max(1, Math.min(repeats, affordable));
  const out: Array<{ feature: string; importance: number }> = [];
  for (const name of names) {
    let drop = 0;
    let done = 0;
    for (let rep = 0; rep < repeats; rep++) {
      if (rep > 0 && budgetNow() > deadline) break;
      drop += baseline - score({ name, perm: shuffle() });
      done++;
    }
    out.push({ feature: name, importance: drop / Math.max(done, 1) });
  }
  return { columns: out.sort((a, b) => b.importance - a.importance), rows: rows.length };
}
