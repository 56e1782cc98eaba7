import type { ChartSpec } from './spec';

/**
 * The shape of `TrainingSummary.diagnostics` that the review screen and the report draw.
 * Every field is optional: a regression run fills `residuals`, a classifier `roc`/`pr`, a forecast
 * `forecast`. Arrays are already decimated by the trainer (a few hundred points at most).
 */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  auc?: number;
  /** Class name for one-vs-rest curves of a multiclass model. */
  label?: string;
}

export interface PrCurve {
  recall: number[];
  precision: number[];
  /** Average precision. */
  ap?: number;
  label?: string;
}

export interface ResidualData {
  /** Holdout predictions and the true values, row-aligned. */
  predicted: number[];
  actual: number[];
}

export interface ForecastData {
  /** Epoch ms for each history point and each forecast point. */
  historyX: number[];
  historyY: number[];
  forecastX: number[];
  forecastY: number[];
  lower?: number[];
  upper?: number[];
}

export interface ReviewDiagnostics {
  roc: RocCurve[];
  pr: PrCurve[];
  residuals?: ResidualData;
  forecast?: ForecastData;
  /** Ready-made charts from analytics tasks (segments, anomalies, correlation, sentiment, forecast). */
  charts: Array<{ title: string; spec: ChartSpec }>;
}

const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');
const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const pick = (o: Record<string, unknown>, ...keys: string[]): unknown =>
  keys.map((k) => o[k]).find((v) => v !== undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** `[{a, b}, ...]` → `[[a...], [b...]]` when every point has finite a and b (the trainer's point-object form). */
function pointColumns(points: unknown, a: string, b: string): [number[], number[]] | null {
  if (!Array.isArray(points) || points.length === 0) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    const o = obj(p);
    if (!o || num(o[a]) === undefined || num(o[b]) === undefined) return null;
    xs.push(o[a] as number);
    ys.push(o[b] as number);
  }
  return [xs, ys];
}

const isPointList = (v: unknown, key: string) =>
  Array.isArray(v) && v.length > 0 && typeof obj(v[0])?.[key] === 'number';

/** Area under a curve by the trapezoid rule (x sorted ascending first). */
export function trapezoid(x: number[], y: number[]): number {
  const idx = x.map((_, i) => i).sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  let area = 0;
  for (let k = 1; k < idx.length; k++) area += ((x[idx[k]] - x[idx[k - 1]]) * (y[idx[k]] + y[idx[k - 1]])) / 2;
  return area;
}

/** Average precision as the step sum over recall increments (what scikit-learn reports). */
export function averagePrecision(recall: number[], precision: number[]): number {
  let ap = recall[0] * precision[0];
  for (let i = 1; i < recall.length; i++) ap += Math.max(0, recall[i] - recall[i - 1]) * precision[i];
  return ap;
}

function readRoc(v: unknown, label?: string): RocCurve | null {
  const points = pointColumns(v, 'fpr', 'tpr');
  if (points) return { fpr: points[0], tpr: points[1], auc: trapezoid(points[0], points[1]), label };
  const o = obj(v);
  const fpr = o && pick(o, 'fpr', 'x');
  const tpr = o && pick(o, 'tpr', 'y');
  if (!o || !isNumArray(fpr) || !isNumArray(tpr)) return null;
  return {
    fpr,
    tpr,
    auc: num(pick(o, 'auc', 'rocAuc', 'roc_auc')) ?? trapezoid(fpr, tpr),
    label: str(pick(o, 'label', 'class', 'name')) ?? label,
  };
}

function readPr(v: unknown, label?: string): PrCurve | null {
  const points = pointColumns(v, 'recall', 'precision');
  if (points) return { recall: points[0], precision: points[1], ap: averagePrecision(points[0], points[1]), label };
  const o = obj(v);
  const recall = o && pick(o, 'recall', 'x');
  const precision = o && pick(o, 'precision', 'y');
  if (!o || !isNumArray(recall) || !isNumArray(precision)) return null;
  return {
    recall,
    precision,
    ap: num(pick(o, 'ap', 'averagePrecision', 'average_precision')),
    label: str(pick(o, 'label', 'class', 'name')) ?? label,
  };
}

/** One curve given as points, or a list of curves (each as arrays or points). */
function curves<T>(v: unknown, pointKey: string, read: (c: unknown, label?: string) => T | null, label?: string): T[] {
  if (isPointList(v, pointKey)) {
    const c = read(v, label);
    return c ? [c] : [];
  }
  return list(v)
    .map((c) => read(c))
    .filter((c): c is T => c !== null);
}

const CHART_KINDS = new Set(['bar', 'histogram', 'line', 'scatter', 'heatmap']);

/** A chart spec from another process, checked just enough that the renderer can draw it without throwing. */
export function isChartSpec(v: unknown): v is ChartSpec {
  const o = obj(v);
  if (!o || typeof o.kind !== 'string' || !CHART_KINDS.has(o.kind)) return false;
  switch (o.kind) {
    case 'bar':
      return (
        Array.isArray(o.bars) &&
        o.bars.every(
          (b) =>
            obj(b) !== null &&
            typeof (b as Record<string, unknown>).label === 'string' &&
            typeof (b as Record<string, unknown>).value === 'number',
        )
      );
    case 'histogram':
      return isNumArray(o.edges) && isNumArray(o.counts);
    case 'line':
      return (
        Array.isArray(o.series) &&
        o.series.every(
          (s) =>
            obj(s) !== null &&
            isNumArray((s as Record<string, unknown>).x) &&
            isNumArray((s as Record<string, unknown>).y),
        )
      );
    case 'scatter': {
      const p = obj(o.points);
      return p !== null && isNumArray(p.x) && isNumArray(p.y);
    }
    default:
      return Array.isArray(o.rows) && Array.isArray(o.cols) && Array.isArray(o.values) && o.values.every(Array.isArray);
  }
}

function readCharts(v: unknown): Array<{ title: string; spec: ChartSpec }> {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c) => {
    const o = obj(c);
    if (!o || !isChartSpec(o.spec)) return [];
    return [{ title: str(o.title) ?? o.spec.title ?? '', spec: o.spec }];
  });
}

function readResiduals(v: unknown): ResidualData | undefined {
  const pa = pointColumns(v, 'predicted', 'actual');
  if (pa) return { predicted: pa[0], actual: pa[1] };
  const pr = pointColumns(v, 'predicted', 'residual');
  if (pr) return { predicted: pr[0], actual: pr[0].map((p, i) => p + pr[1][i]) };
  const o = obj(v);
  if (!o) return undefined;
  const predicted = pick(o, 'predicted', 'pred', 'yPred', 'y_pred');
  const actual = pick(o, 'actual', 'yTrue', 'y_true', 'true');
  return isNumArray(predicted) && isNumArray(actual) ? { predicted, actual } : undefined;
}

function readForecast(v: unknown): ForecastData | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const [hx, hy, fx, fy] = [o.historyX, o.historyY, o.forecastX, o.forecastY];
  if (!isNumArray(hx) || !isNumArray(hy) || !isNumArray(fx) || !isNumArray(fy)) return undefined;
  return {
    historyX: hx,
    historyY: hy,
    forecastX: fx,
    forecastY: fy,
    lower: isNumArray(o.lower) ? o.lower : undefined,
    upper: isNumArray(o.upper) ? o.upper : undefined,
  };
}

/**
 * Reads `TrainingSummary.diagnostics` (`TrainingDiagnostics`; projects saved by older versions may hold other
 * layouts) defensively: unknown or malformed parts are ignored rather than breaking the review screen or the report.
 * Accepts `roc`/`pr` as one curve or a list, and `residuals` or `predVsActual` for regression.
 */
export function readDiagnostics(raw: unknown): ReviewDiagnostics {
  const o = obj(raw) ?? {};
  const positive = str(o.positive);
  let roc = curves(pick(o, 'roc', 'rocCurves', 'roc_curve'), 'fpr', readRoc, positive);
  let pr = curves(pick(o, 'pr', 'prCurves', 'pr_curve'), 'recall', readPr, positive);
  // Multiclass: one-vs-rest curves per class.
  if (roc.length === 0 && pr.length === 0 && Array.isArray(o.perClass)) {
    for (const pc of o.perClass) {
      const c = obj(pc);
      if (!c) continue;
      const label = str(pick(c, 'class', 'label', 'name'));
      roc = roc.concat(curves(c.roc, 'fpr', readRoc, label));
      pr = pr.concat(curves(c.pr, 'recall', readPr, label));
    }
  }
  const charts = readCharts(o.charts);
  return {
    roc,
    pr,
    // predictedVsActual (with actual values) is preferred over residual points.
    residuals:
      readResiduals(pick(o, 'predictedVsActual', 'predVsActual')) ?? readResiduals(pick(o, 'residuals', 'predictions')),
    forecast: readForecast(o.forecast),
    charts,
  };
}
