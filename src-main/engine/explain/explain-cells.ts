/**
 * Rows given as text cells (a predicted file's rows, the what-if form) scored and explained with an exported model's
 * explainer.json: cells are read the way predict reads them (convert-cells.ts), then the app's predictor and the
 * explainer run on the same columns, so the waterfall ends exactly at the stated prediction.
 */
import type { ExplainedPrediction } from '@shared/explain';
import { CodedError } from '@shared/errors';
import type { ModelFeature } from '../pipeline/model-json';
import { classesOf, predictPipeline } from '../pipeline/predict';
import type { Columns } from '../pipeline/types';
import { convertColumn } from '../predict/convert-cells';
import { explainedOutputs, explainRows } from './explain';
import type { ExplainerFile } from './explainer-file';
import { rowExplanation } from './row';

export function explainCells(
  file: ExplainerFile,
  features: ModelFeature[],
  rows: Array<Record<string, string | null>>,
): ExplainedPrediction[] {
  const p = file.pipeline;
  const cols: Columns = {};
  for (const input of p.inputs) {
    const f = features.find((x) => x.name === input.name);
    if (!f)
      throw new CodedError(
        'invalid-input',
        `The model's explanation data names a column '${input.name}' its model.json does not. Export the model again.`,
      );
    cols[input.name] = convertColumn(
      f,
      rows.map((r) => r[input.name] ?? null),
      1,
    );
  }
  const pred = predictPipeline(p, cols);
  const e = explainRows(p, file.background, cols);
  const outputs = explainedOutputs(p);
  const classes = p.task === 'regression' ? null : classesOf(p);
  return rows.map((r, i) => {
    const prediction = String(pred.prediction[i]);
    // Multiclass: explain the predicted class; binary: the positive class; regression: the value.
    const o = p.task === 'multiclass' ? Math.max(0, outputs.indexOf(prediction)) : 0;
    const cells = p.inputs.map((x) => r[x.name] ?? null);
    const probs = pred.probabilities;
    return {
      prediction,
      ...(classes && probs
        ? {
            probabilities: classes.map((label, c) => ({ label, probability: probs[i * classes.length + c] })),
          }
        : {}),
      explanation: rowExplanation(e, i, o, cells),
    };
  });
}
