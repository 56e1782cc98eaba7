/**
 * Normalises `TrainingSummary.diagnostics` into the chart module's ReviewDiagnostics.
 * The tabular trainer writes curves as arrays of point objects — `roc: [{fpr, tpr}]`, `pr: [{recall, precision}]`,
 * `perClass: [{class, roc, pr}]`, `predictedVsActual: [{predicted, actual}]`, `residuals: [{predicted, residual}]` —
 * while the chart reader expects parallel number arrays. This accepts both, so the report draws whatever is there.
 */
import { readDiagnostics, type PrCurve, type ReviewDiagnostics, type RocCurve } from '@shared/charts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** [{a, b}, ...] -> {a: [...], b: [...]} when every point has finite a and b; null otherwise. */
function columns(points: unknown, a: string, b: string): [number[], number[]] | null {
  if (!Array.isArray(points) || points.length === 0) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    const o = obj(p);
    if (!o || !finite(o[a]) || !finite(o[b])) return null;
    xs.push(o[a] as number);
    ys.push(o[b] as number);
  }
  return [xs, ys];
}

/** Area under a curve by the trapezoid rule, x sorted ascending. */
export function trapezoid(x: number[], y: number[]): number {
  const idx = x.map((_, i) => i).sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  let area = 0;
  for (let k = 1; k < idx.length; k++) area += ((x[idx[k]] - x[idx[k - 1]]) * (y[idx[k]] + y[idx[k - 1]])) / 2;
  return area;
}

function rocOf(points: unknown, label?: string): RocCurve | null {
  const c = columns(points, 'fpr', 'tpr');
  return c ? { fpr: c[0], tpr: c[1], auc: trapezoid(c[0], c[1]), label } : null;
}

function prOf(points: unknown, label?: string): PrCurve | null {
  const c = columns(points, 'recall', 'precision');
  if (!c) return null;
  // Average precision as the step sum over recall increments (what scikit-learn reports).
  let ap = 0;
  for (let i = 1; i < c[0].length; i++) ap += Math.max(0, c[0][i] - c[0][i - 1]) * c[1][i];
  ap += c[0][0] * c[1][0];
  return { recall: c[0], precision: c[1], ap, label };
}

export function normaliseDiagnostics(raw: unknown): ReviewDiagnostics {
  const base = readDiagnostics(raw);
  const o = obj(raw);
  if (!o) return base;
  const roc = [...base.roc];
  const pr = [...base.pr];
  const positive = typeof o.positive === 'string' ? o.positive : undefined;
  if (!roc.length) {
    const r = rocOf(o.roc, positive);
    if (r) roc.push(r);
  }
  if (!pr.length) {
    const p = prOf(o.pr, positive);
    if (p) pr.push(p);
  }
  if (Array.isArray(o.perClass) && !roc.length && !pr.length) {
    for (const pc of o.perClass) {
      const c = obj(pc);
      if (!c) continue;
      const label = typeof c.class === 'string' ? c.class : typeof c.label === 'string' ? c.label : undefined;
      const r = rocOf(c.roc, label);
      const p = prOf(c.pr, label);
      if (r) roc.push(r);
      if (p) pr.push(p);
    }
  }
  let residuals = base.residuals;
  if (!residuals) {
    const pa = columns(o.predictedVsActual, 'predicted', 'actual');
    const pr2 = columns(o.residuals, 'predicted', 'residual');
    if (pa) residuals = { predicted: pa[0], actual: pa[1] };
    else if (pr2) residuals = { predicted: pr2[0], actual: pr2[0].map((p, i) => p + pr2[1][i]) };
  }
  return { ...base, roc, pr, residuals };
}
