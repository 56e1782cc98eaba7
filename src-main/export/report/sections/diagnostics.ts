import {
  confusionSpec,
  formatMetric,
  forecastSpec,
  predictedActualSpec,
  prSpec,
  readDiagnostics,
  residualSpec,
  rocSpec,
} from '@shared/charts';
import { unitOfColumn } from '@shared/units';
import type { TrainingSummary } from '@shared/project';
import type { MetricName } from '@shared/tasks';
import { figure } from '../chart';
import { esc, note, num, section } from '../html';

/**
 * The residuals of the rows the charts show. They are a random sample (200) of the test rows: their error can be far
 * from the test error with a few large misses (diamonds: RMSE 785 on the 200 shown, 542 on all 10,788 test rows),
 * so the test set's own MAE and RMSE are stated when the exported model has them, the sample's otherwise.
 */
function residualSummary(predicted: number[], actual: number[], test?: Partial<Record<MetricName, number>>): string {
  const n = Math.min(predicted.length, actual.length);
  if (n === 0) return '';
  let abs = 0;
  let sq = 0;
  let bias = 0;
  for (let i = 0; i < n; i++) {
    const r = actual[i] - predicted[i];
    abs += Math.abs(r);
    sq += r * r;
    bias += r;
  }
  const errors =
    test?.mae !== undefined && test.rmse !== undefined
      ? `On all test rows (as in the leaderboard): mean absolute error ${esc(formatMetric('mae', test.mae))}, root mean squared error ${esc(formatMetric('rmse', test.rmse))}. On the ${esc(n)} shown:`
      : `On the ${esc(n)} holdout rows shown: mean absolute error ${esc(num(abs / n))}, root mean squared error ${esc(num(Math.sqrt(sq / n)))},`;
  return `<p>${errors} mean residual ${esc(num(bias / n))} (${
    Math.abs(bias / n) < 0.1 * Math.sqrt(sq / n)
      ? 'no systematic over- or under-prediction'
      : bias > 0
        ? 'the model tends to predict too low'
        : 'the model tends to predict too high'
  }).</p>`;
}

/** Confusion matrix and ROC/PR curves for classifiers; residuals and predicted-vs-actual for regressors. Absent parts are skipped. */
export function diagnosticsSection(training: TrainingSummary, target: string | null): string {
  const d = readDiagnostics(training.diagnostics);
  const figs: string[] = [];
  let text = '';
  if (training.confusion && training.confusion.labels.length) {
    const size = Math.max(420, Math.min(640, 200 + training.confusion.labels.length * 48));
    figs.push(
      figure(confusionSpec(training.confusion.labels, training.confusion.matrix), {
        width: size,
        height: size - 60,
        wide: size > 480,
      }),
    );
  }
  // One binary curve: name it by its score alone so the legend is never truncated; the text names the class.
  const single = d.roc.length <= 1 && d.pr.length <= 1;
  const bare = <T extends { label?: string }>(c: T): T => (single ? { ...c, label: undefined } : c);
  if (d.roc.length) figs.push(figure(rocSpec(d.roc.map(bare)), { width: 420, height: 360 }));
  if (d.pr.length) figs.push(figure(prSpec(d.pr.map(bare)), { width: 420, height: 360 }));
  const positive = single ? (d.roc[0]?.label ?? d.pr[0]?.label) : undefined;
  if (positive !== undefined)
    text += `<p>The ROC and precision–recall curves treat <code>${esc(positive)}</code> as the positive class.</p>`;
  if (d.residuals) {
    const { predicted, actual } = d.residuals;
    const unit = (target && unitOfColumn(target)) ?? undefined;
    figs.push(figure(predictedActualSpec(predicted, actual, target ?? 'target', unit), { width: 420, height: 360 }));
    figs.push(figure(residualSpec(predicted, actual, target ?? 'target', unit), { width: 420, height: 360 }));
    const best = training.leaderboard.find((r) => r.modelId === training.bestModelId);
    text = residualSummary(predicted, actual, best?.testMetrics);
  }
  if (d.forecast)
    figs.push(figure(forecastSpec(d.forecast, target ?? 'value'), { width: 960, height: 380, wide: true }));
  if (!figs.length)
    return section('diagnostics', 'Diagnostics', note('No diagnostic curves were recorded for this run.'));
  const intro = training.confusion
    ? '<p>All charts use the held-out test rows. In the confusion matrix, rows are the true classes and columns the predicted ones; the diagonal counts correct predictions.</p>'
    : '<p>All charts use the held-out test rows.</p>';
  return section('diagnostics', 'Diagnostics', `${intro}${text}<div class="grid">${figs.join('\n')}</div>`);
}
