/**
 * anomaly-model.json: what scoring new rows needs, fitted on the training data: the columns and their encoding,
 * the category shares, the numeric summaries, the isolation forest, the rules and the chosen method. New rows
 * are scored exactly as the training rows were (same matrix, same forest, same rules, same reasons).
 */
import { CodedError } from '@shared/errors';
import { loadTable, type LoadedTable } from '../analytics/read-table';
import { encode, featureNamesOf, type ColumnEncoder } from '../cluster/encode';
import type { AnomalyMethod } from './choose-method';
import { univariateScores, type NumericStats } from './column-stats';
import { explainRow } from './explain-row';
import { isolationScores, type IsolationForest } from './isolation-forest';

export interface AnomalyRules {
  /** Forest score at and above which a row is flagged. */
  threshold: number;
  /** The forest method also flags a value this many IQRs beyond a quartile. */
  farOutIqr: number;
  /** |z| above this flags a row (z-score method). */
  zRule: number;
  /** This many IQRs beyond a quartile flags a row (IQR method). */
  iqrRule: number;
}

export interface AnomalyModelJson extends AnomalyRules {
  kind: 'anomaly';
  version: 1;
  /** The input columns, in training order. */
  columns: string[];
  encoders: ColumnEncoder[];
  /** Share of training rows holding each category, per categorical column. */
  categoryShare: Record<string, Record<string, number>>;
  stats: NumericStats[];
  forest: {
    sampleSize: number;
    trees: Array<{ feature: number[]; split: number[]; left: number[]; right: number[]; adjust: number[] }>;
  };
  /** The method whose flags are reported. */
  method: AnomalyMethod;
}

/**
 * Forest input: standardised numeric columns plus one column per categorical holding the training share of its
 * value. One-hot columns would dilute the random feature choice (a 10-category column would get 10 of every 11
 * splits) and a rare category should isolate quickly: a small share does that.
 */
export function forestMatrix(
  table: LoadedTable,
  encoders: ColumnEncoder[],
  shares: Map<string, Map<string, number>>,
): { x: Float64Array; d: number } {
  const numeric = encoders.filter((e) => e.kind === 'numeric');
  const cats = encoders.filter((e) => e.kind === 'onehot');
  const dn = featureNamesOf(numeric).length;
  const xn = encode(table, numeric);
  const d = dn + cats.length;
  const n = table.rows;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < dn; j++) x[i * d + j] = xn[i * dn + j];
  cats.forEach((e, c) => {
    const values = table.columns.find((col) => col.name === e.column)!.values as Array<string | null>;
    const share = shares.get(e.column) ?? new Map<string, number>();
    for (let i = 0; i < n; i++) x[i * d + dn + c] = values[i] === null ? 0 : (share.get(values[i]!) ?? 0);
  });
  return { x, d };
}

/** Which rows a method flags, from the three per-row scores. */
export function methodFlags(
  method: AnomalyMethod,
  rules: AnomalyRules,
  s: { forest: Float64Array; z: Float64Array; iqr: Float64Array },
): boolean[] {
  return Array.from(s.forest, (f, i) =>
    method === 'zscore'
      ? s.z[i] > rules.zRule
      : method === 'iqr'
        ? s.iqr[i] > rules.iqrRule
        : f >= rules.threshold || s.iqr[i] > rules.farOutIqr,
  );
}

export function forestToJson(f: IsolationForest): AnomalyModelJson['forest'] {
  return {
    sampleSize: f.sampleSize,
    trees: f.trees.map((t) => ({
      feature: Array.from(t.feature),
      split: Array.from(t.split),
      left: Array.from(t.left),
      right: Array.from(t.right),
      adjust: Array.from(t.adjust),
    })),
  };
}

function forestFromJson(f: AnomalyModelJson['forest']): IsolationForest {
  return {
    sampleSize: f.sampleSize,
    trees: f.trees.map((t) => ({
      feature: Int32Array.from(t.feature),
      split: Float64Array.from(t.split),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      size: new Int32Array(t.feature.length),
      adjust: Float64Array.from(t.adjust),
    })),
  };
}

/** New data may type a numeric column as text (one odd cell): read it as numbers, anything else missing. */
function numericColumns(table: LoadedTable, encoders: ColumnEncoder[]): LoadedTable {
  const numeric = new Set(encoders.filter((e) => e.kind === 'numeric').map((e) => e.column));
  return {
    rows: table.rows,
    columns: table.columns.map((c) =>
      numeric.has(c.name) && Array.isArray(c.values)
        ? {
            ...c,
            kind: 'numeric',
            values: Float64Array.from(c.values, (v) => (v === null || v.trim() === '' ? NaN : Number(v))),
          }
        : c,
    ),
  };
}

/**
 * Scores the rows of a new file with a saved model, for `automl predict` and the Predict screen: one output row
 * per input row, in input order: `row`, `score` (forest), `is_anomaly` (by the saved method), `reasons`,
 * `zscore`, `iqr_score`.
 */
export async function scoreAnomalyFile(
  model: AnomalyModelJson,
  path: string,
): Promise<{ header: string[]; rows: Array<Array<string | number>> }> {
  if (model?.kind !== 'anomaly') throw new CodedError('invalid-input', 'This model is not an anomaly model.');
  const table = numericColumns(await loadTable(path, model.columns), model.encoders);
  const shares = new Map(Object.entries(model.categoryShare).map(([k, v]) => [k, new Map(Object.entries(v))]));
  const { x, d } = forestMatrix(table, model.encoders, shares);
  const forest = isolationScores(forestFromJson(model.forest), x, table.rows, d);
  const uni = univariateScores(table, model.stats);
  const flags = methodFlags(model.method, model, { forest, z: uni.z, iqr: uni.iqr });
  return {
    header: ['row', 'score', 'is_anomaly', 'reasons', 'zscore', 'iqr_score'],
    rows: flags.map((f, i) => [
      i,
      forest[i],
      f ? 1 : 0,
      f
        ? explainRow(table, model.stats, shares, i)
            .map((r) => r.text)
            .join('; ')
        : '',
      uni.z[i],
      uni.iqr[i],
    ]),
  };
}
