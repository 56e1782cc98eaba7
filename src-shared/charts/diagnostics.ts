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
}

const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');
const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const pick = (o: Record<string, unknown>, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function readRoc(v: unknown): RocCurve | null {
  const o = obj(v);
  const fpr = o && pick(o, 'fpr', 'x');
  const tpr = o && pick(o, 'tpr', 'y');
  if (!o || !isNumArray(fpr) || !isNumArray(tpr)) return null;
  return { fpr, tpr, auc: num(pick(o, 'auc', 'rocAuc', 'roc_auc')), label: str(pick(o, 'label', 'class', 'name')) };
}

function readPr(v: unknown): PrCurve | null {
  const o = obj(v);
  const recall = o && pick(o, 'recall', 'x');
  const precision = o && pick(o, 'precision', 'y');
  if (!o || !isNumArray(recall) || !isNumArray(precision)) return null;
  return { recall, precision, ap: num(pick(o, 'ap', 'averagePrecision', 'average_precision')), label: str(pick(o, 'label', 'class', 'name')) };
}

function readResiduals(v: unknown): ResidualData | undefined {
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
  return { historyX: hx, historyY: hy, forecastX: fx, forecastY: fy, lower: isNumArray(o.lower) ? o.lower : undefined, upper: isNumArray(o.upper) ? o.upper : undefined };
}

/**
 * Reads `TrainingSummary.diagnostics` (typed `Record<string, unknown>` in the contract) defensively:
 * unknown or malformed parts are ignored rather than breaking the review screen or the report.
 * Accepts `roc`/`pr` as one curve or a list, and `residuals` or `predVsActual` for regression.
 */
export function readDiagnostics(raw: unknown): ReviewDiagnostics {
  const o = obj(raw) ?? {};
  return {
    roc: list(pick(o, 'roc', 'rocCurves', 'roc_curve')).map(readRoc).filter((c): c is RocCurve => c !== null),
    pr: list(pick(o, 'pr', 'prCurves', 'pr_curve')).map(readPr).filter((c): c is PrCurve => c !== null),
    residuals: readResiduals(pick(o, 'residuals', 'predVsActual', 'predictions')),
    forecast: readForecast(o.forecast),
  };
}
