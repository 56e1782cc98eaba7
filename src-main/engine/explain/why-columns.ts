/**
 * `automl predict --explain K`: each row's K strongest contributions as plain columns a spreadsheet reads
 * (why_1_column, why_1_value, why_1_effect, why_2_column, ...), largest |effect| first. The value is the row's cell
 * as read (numbers as parsed); the effect is on the scale the explanation states (the value for regression, log-odds
 * of the positive class for boosted or linear binary classifiers, the probability for forests, the predicted class
 * for multiclass models).
 */
import type { ModelFeature } from '../pipeline/model-json';
import { predictPipeline } from '../pipeline/predict';
import type { Columns } from '../pipeline/types';
import type { NumberColumn } from '../predict/read-table';
import type { CsvValue } from '../util/csv-writer';
import { methodWords } from '@shared/explain';
import { explainedOutputs, explainPlan, explainRows } from './explain';
import type { ExplainerFile } from './explainer-file';

/** What the why_k_effect numbers are measured in, in one sentence (printed by the CLI beside the file it wrote). */
export function whyEffectNote(file: ExplainerFile): string {
  const p = file.pipeline;
  const plan = explainPlan(p, file.background);
  const [output] = explainedOutputs(p);
  const each = p.task === 'multiclass' ? "the row's predicted class" : `'${output}'`;
  const scale =
    plan.scale === 'value'
      ? `in units of '${p.target}': how much the column moved the prediction away from the average prediction`
      : plan.scale === 'log-value'
        ? `on the natural log of '${p.target}', the scale the model was fitted on (+0.1 raises the prediction by about 10%, -0.1 lowers it by about 10%)`
        : plan.scale === 'log-odds'
          ? `on the log-odds of ${each} (positive pushes towards it; +1 multiplies its odds by 2.7)`
          : plan.scale === 'logit'
            ? `on the softmax score (log-probability up to a constant) of ${each}`
            : `on the probability of ${each} (0 to 1; +0.1 is 10 percentage points)`;
  // A log-scale member's base is its value at its average log output (explain/log-scale.ts).
  const average =
    plan.method === 'rescaled-sum'
      ? "the average output (a log-scale member's at its average log, a little under its average value)"
      : 'the average output';
  return `why_*_effect is ${scale}; a row's effects add up to its output minus ${average}. Computed ${methodWords(plan)}.`;
}

export function whyHeader(top: number): string[] {
  return Array.from({ length: top }, (_, k) => [
    `why_${k + 1}_column`,
    `why_${k + 1}_value`,
    `why_${k + 1}_effect`,
  ]).flat();
}

/** The why columns of one batch: `cols` as the model reads them, `batch` the raw cells (features order). */
export function whyColumns(
  file: ExplainerFile,
  features: ModelFeature[],
  cols: Columns,
  batch: { columns: Array<Array<string | null> | NumberColumn>; rows: number },
  top: number,
): Array<Array<CsvValue>> {
  const p = file.pipeline;
  const n = batch.rows;
  const e = explainRows(p, file.background, cols);
  const outputs = explainedOutputs(p);
  const O = outputs.length;
  const G = e.columns.length;
  const predicted = p.task === 'multiclass' ? predictPipeline(p, cols).prediction : null;
  // Each column named as written in the training file ('price', not the app's 'price_1').
  const shown = e.columns.map((name) => features.find((f) => f.name === name)?.written ?? name);
  const raw = e.columns.map((name) => {
    const i = features.findIndex((f) => f.name === name);
    const c = i >= 0 ? batch.columns[i] : undefined;
    return (r: number): CsvValue => {
      if (!c) return null;
      if (Array.isArray(c)) return c[r] ?? null;
      const v = c.values[r];
      return Number.isNaN(v) ? null : v;
    };
  });
  const out: Array<Array<CsvValue>> = Array.from({ length: top * 3 }, () => new Array<CsvValue>(n).fill(null));
  const order = Array.from({ length: G }, (_, g) => g);
  for (let r = 0; r < n; r++) {
    const o = predicted ? Math.max(0, outputs.indexOf(String(predicted[r]))) : 0;
    const at = (r * O + o) * G;
    order.sort((a, b) => Math.abs(e.values[at + b]) - Math.abs(e.values[at + a]) || a - b);
    for (let k = 0; k < Math.min(top, G); k++) {
      const g = order[k];
      out[k * 3][r] = shown[g];
      out[k * 3 + 1][r] = raw[g](r);
      out[k * 3 + 2][r] = e.values[at + g];
    }
  }
  return out;
}
