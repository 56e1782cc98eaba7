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

/**
 * Permutation importance by raw input column on the test rows: the drop in the (higher-is-better oriented)
 * metric when the column's values are shuffled among those rows, averaged over `repeats` shuffles.
 */
export function permutationImportance(
  pipeline: FittedPipeline,
  frame: Frame,
  rows: Int32Array,
  yTest: Float64Array,
  metric: MetricName,
  seed: number,
  deadline: number,
  repeats = 3,
): Array<{ feature: string; importance: number }> {
  if (rows.length > 2000) {
    // A seeded subset of 2,000 test rows bounds the cost on big data; importance ranks are stable at that size.
    const pick = makeRng(seed + 7);
    const keep = Array.from(rows.keys()).filter(() => pick() < 2000 / rows.length);
    rows = Int32Array.from(keep, (i) => rows[i]);
    yTest = Float64Array.from(keep, (i) => yTest[i]);
  }
  const task = pipeline.task === 'regression' ? 'regression' : 'classification';
  const nClasses = pipeline.classes?.length ?? 0;
  const base = (cols: (name: string) => ColumnData | undefined): number =>
    oriented(
      metric,
      computeMetrics(task, yTest, scorePipeline(pipeline, cols, frame.nRows, rows), nClasses)[metric] ?? NaN,
    );
  const get = (name: string): ColumnData | undefined => frame.get(name)?.values;
  const t0 = budgetNow();
  const baseline = base(get);
  // Repeats that fit before the deadline (at least one per column), from the time one scoring took.
  const perScore = Math.max(1, budgetNow() - t0);
  const affordable = Math.floor((deadline - budgetNow()) / (perScore * Math.max(1, pipeline.inputs.length)));
  repeats = Math.max(1, Math.min(repeats, affordable));
  const rng = makeRng(seed + 101);
  const out: Array<{ feature: string; importance: number }> = [];
  for (const input of pipeline.inputs) {
    const col = frame.get(input.name);
    if (!col) continue;
    let drop = 0;
    let done = 0;
    for (let rep = 0; rep < repeats; rep++) {
      if (rep > 0 && budgetNow() > deadline) break;
      // Shuffle the column's values among the test rows only, in a copy.
      const perm = Array.from(rows);
      for (let i = perm.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const copy: ColumnData = col.values instanceof Float64Array ? Float64Array.from(col.values) : col.values.slice();
      for (let i = 0; i < rows.length; i++) (copy as Float64Array)[rows[i]] = (col.values as Float64Array)[perm[i]];
      drop += baseline - base((name) => (name === input.name ? copy : get(name)));
      done++;
    }
    out.push({ feature: input.name, importance: drop / Math.max(done, 1) });
  }
  return out.sort((a, b) => b.importance - a.importance);
}
