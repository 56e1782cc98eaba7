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
  const mine = new Uint8Array(t.p);
  for (const [off, w] of ranges) mine.fill(1, off, off + w);
  // Row i keeps its entries outside the column's ranges and takes row perm[i]'s inside them: both runs ascend, so
  // they merge in one pass (sorting them cost a third of the importance of a text blend).
  const inside = new Int32Array(m.n);
  for (let i = 0; i < m.n; i++) for (let e = t.indptr[i]; e < t.indptr[i + 1]; e++) inside[i] += mine[t.indices[e]];
  let nnz = 0;
  for (let i = 0; i < m.n; i++) nnz += t.indptr[i + 1] - t.indptr[i] - inside[i] + inside[perm[i]];
  const indptr = new Int32Array(m.n + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < m.n; i++) {
    let a = t.indptr[i];
    let b = t.indptr[perm[i]];
    const aEnd = t.indptr[i + 1];
    const bEnd = t.indptr[perm[i] + 1];
    for (;;) {
      while (a < aEnd && mine[t.indices[a]]) a++;
      while (b < bEnd && !mine[t.indices[b]]) b++;
      if (a >= aEnd && b >= bEnd) break;
      const from = b >= bEnd || (a < aEnd && t.indices[a] < t.indices[b]) ? a++ : b++;
      indices[q] = t.indices[from];
      values[q++] = t.values[from];
    }
    indptr[i + 1] = q;
  }
  return { ...m, X, tail: { p: t.p, indptr, indices, values } };
}

/**
 * Permutation importance by raw input column on the test rows: the drop in the (higher-is-better oriented)
 * metric when the column's values are shuffled among those rows, averaged over `repeats` shuffles.
 * Every step is a row-wise function of its column, so a shuffle permutes the rows of that column's features: the
 * features are built once and only the models score again. It keeps to `deadline` (budget clock): the features
 * and one shuffle are timed on a pilot of IMPORTANCE_MIN_ROWS rows, then as many rows as one shuffle of every column
 * affords (features included) are used, the pilot's when no more fit; more repeats only while they fit.
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
  // At most 2,000 rows: importance ranks are stable at that size. Measured first on a pilot of IMPORTANCE_MIN_ROWS:
  // building the features of every test row of a large blend (spam's 4 text members bagged over 5 folds: 20
  // vocabularies) cost 7 s on its own, before any deadline was looked at.
  const most = someTestRows(testRows, yTestRows, 2000, seed + 7);
  let { rows, y: yTest } = someTestRows(most.rows, most.y, IMPORTANCE_MIN_ROWS, seed + 11);
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
  const shuffler = (rng: () => number) => (): Int32Array => {
    const perm = Int32Array.from(rows.keys());
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm;
  };
  const names = pipeline.inputs.map((i) => i.name).filter((name) => frame.get(name));
  const columns = Math.max(1, names.length);
  // Builds the features on the current rows and scores them, then times one shuffle of the first column (not kept):
  // the cost per row of that and of one shuffle of every column.
  const probe = shuffler(makeRng(seed + 103));
  let baseline = 0;
  let perShuffle = 0;
  const measure = (): number => {
    let t0 = budgetNow();
    baseline = score();
    const build = budgetNow() - t0;
    t0 = budgetNow();
    if (names.length) score({ name: names[0], perm: probe() });
    perShuffle = Math.max(0.05, budgetNow() - t0);
    return (build + columns * perShuffle) / Math.max(1, rows.length);
  };
  // The pilot, then as many rows as one shuffle of every column affords, features included. A small pilot's cost per
  // row carries its fixed part, so up to three rounds, each measured, grow the rows.
  let perRow = measure();
  for (let round = 0; round < 3; round++) {
    const keep = Math.floor((deadline - budgetNow()) / perRow);
    if (keep < 1.5 * rows.length || rows.length >= most.rows.length) break;
    ({ rows, y: yTest } = someTestRows(most.rows, most.y, keep, seed + 13));
    built = new Map();
    perRow = measure();
  }
  const shuffle = shuffler(makeRng(seed + 101));
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
