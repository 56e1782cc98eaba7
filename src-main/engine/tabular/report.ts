import type { BinaryDiagnostics, MulticlassDiagnostics, RegressionDiagnostics } from '@shared/diagnostics';
import type { MetricName } from '@shared/tasks';
import type { Frame } from '../frame/load-frame';
import type { ColumnData, FittedPipeline } from '../pipeline/types';
import { computeMetrics, decimate, oriented, rocPr } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { scorePipeline } from './score';
import type { CsvValue } from '../util/csv-writer';
import { budgetNow } from '../util/budget-clock';

/** holdout.csv: row (0-based file row), actual, prediction, and proba_<class> per class for classifiers. */
export function holdoutTable(
  rows: Int32Array,
  y: Float64Array,
  pred: Float64Array,
  classes: string[] | undefined,
): { header: string[]; rows: CsvValue[][] } {
  const header = ['row', 'actual', 'prediction', ...(classes ?? []).map((c) => `proba_${c}`)];
  const out: CsvValue[][] = [];
  const k = classes ? classes.length : 1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!classes) {
      out.push([r, y[r], pred[i]]);
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (pred[i * k + c] > pred[i * k + best]) best = c;
    out.push([r, classes[y[r]], classes[best], ...pred.subarray(i * k, i * k + k)]);
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

/**
 * Permutation importance by raw input column on the test rows: the drop in the (higher-is-better oriented)
 * metric when the column's values are shuffled among those rows, averaged over `repeats` shuffles.
 * It keeps to `deadline` (budget clock): one scoring of the rows is timed, and when one shuffle of every column
 * would not fit in the time left, a seeded subset of the rows sized to fit is used (at least IMPORTANCE_MIN_ROWS);
 * more repeats only while they fit.
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
  // The input columns cut down to the rows measured on, so a shuffle copies only those.
  let cols = new Map<string, ColumnData>();
  const cut = (): void => {
    cols = new Map();
    for (const { name } of pipeline.inputs) {
      const c = frame.get(name)?.values;
      if (c)
        cols.set(
          name,
          c instanceof Float64Array ? Float64Array.from(rows, (r) => c[r]) : Array.from(rows, (r) => c[r]),
        );
    }
  };
  const score = (shuffled?: { name: string; values: ColumnData }): number =>
    oriented(
      metric,
      computeMetrics(
        task,
        yTest,
        scorePipeline(pipeline, (name) => (name === shuffled?.name ? shuffled.values : cols.get(name)), rows.length),
        nClasses,
      )[metric] ?? NaN,
    );
  const columns = Math.max(1, pipeline.inputs.length);
  cut();
  let t0 = budgetNow();
  let baseline = score();
  let perScore = Math.max(0.05, budgetNow() - t0);
  const left = deadline - budgetNow();
  if (columns * perScore > left && rows.length > IMPORTANCE_MIN_ROWS) {
    // Scoring time is about proportional to the rows: as many as one pass over every column affords.
    const keep = Math.max(IMPORTANCE_MIN_ROWS, Math.floor((rows.length * Math.max(0, left)) / (columns * perScore)));
    ({ rows, y: yTest } = someTestRows(rows, yTest, keep, seed + 11));
    cut();
    t0 = budgetNow();
    baseline = score();
    perScore = Math.max(0.05, budgetNow() - t0);
  }
  // Repeats that fit before the deadline (at least one per column).
  const affordable = Math.floor((deadline - budgetNow()) / (perScore * columns));
  repeats = Math.max(1, Math.min(repeats, affordable));
  const rng = makeRng(seed + 101);
  const out: Array<{ feature: string; importance: number }> = [];
  for (const input of pipeline.inputs) {
    const col = cols.get(input.name);
    if (!col) continue;
    let drop = 0;
    let done = 0;
    for (let rep = 0; rep < repeats; rep++) {
      if (rep > 0 && budgetNow() > deadline) break;
      // Shuffle the column's values among the rows, in a copy.
      const perm = Array.from(col.keys());
      for (let i = perm.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const values: ColumnData =
        col instanceof Float64Array ? Float64Array.from(perm, (i) => col[i]) : perm.map((i) => col[i]);
      drop += baseline - score({ name: input.name, values });
      done++;
    }
    out.push({ feature: input.name, importance: drop / Math.max(done, 1) });
  }
  return { columns: out.sort((a, b) => b.importance - a.importance), rows: rows.length };
}
