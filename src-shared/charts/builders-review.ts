import { runNames } from '../leaderboard';
import type { LeaderboardRow } from '../project';
import { formatSeconds } from '../locale';
import { decimate, sampleIndices } from './decimate';
import { formatAlike } from './scale';
import type { ForecastData, PrCurve, RocCurve } from './diagnostics';
import { formatMetric, isDescriptiveMetric, isPercentMetric, isRateMetric, lowerIsBetter, metricLabel } from './labels';
import type { BarSpec, HeatmapSpec, LineSpec, ScatterSpec } from './spec';

/** Confusion matrix: rows are true classes, columns predictions; colour is the row-normalised rate, cells print counts. */
export function confusionSpec(labels: string[], matrix: number[][], title = 'Confusion matrix'): HeatmapSpec {
  const rates = matrix.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  const correct = matrix.reduce((s, row, i) => s + (row[i] ?? 0), 0);
  const total = matrix.flat().reduce((s, v) => s + v, 0);
  return {
    kind: 'heatmap',
    title,
    subtitle:
      total > 0
        ? `${correct} of ${total} holdout rows on the diagonal (${((correct / total) * 100).toFixed(1)}%)`
        : undefined,
    rows: labels,
    cols: labels,
    values: matrix,
    colorValues: rates,
    domain: [0, 1],
    scale: 'sequential',
    showValues: true,
    valueFormat: 'integer',
    legend: { label: 'Share of class', format: 'percent' },
    x: { label: 'Predicted' },
    y: { label: 'Actual' },
  };
}

const curveName = (kind: string, label: string | undefined, score: number | undefined) =>
  `${label ?? kind}${score !== undefined ? ` (${kind === 'ROC' ? 'AUC' : 'AP'} ${score.toFixed(3)})` : ''}`;

/** ROC curves (one, or one per class) with the chance diagonal. */
export function rocSpec(curves: RocCurve[]): LineSpec {
  return {
    kind: 'line',
    title: 'ROC curve',
    series: curves.map((c) => ({ name: curveName('ROC', c.label, c.auc), x: c.fpr, y: c.tpr })),
    diagonal: true,
    legend: true,
    x: { label: 'False positive rate', min: 0, max: 1 },
    y: { label: 'True positive rate', min: 0, max: 1 },
  };
}

/** Precision–recall curves. */
export function prSpec(curves: PrCurve[]): LineSpec {
  return {
    kind: 'line',
    title: 'Precision–recall curve',
    series: curves.map((c) => ({ name: curveName('PR', c.label, c.ap), x: c.recall, y: c.precision })),
    legend: true,
    x: { label: 'Recall', min: 0, max: 1 },
    y: { label: 'Precision', min: 0, max: 1 },
  };
}

function thin(predicted: number[], actual: number[], max: number): { p: number[]; a: number[] } {
  const idx = sampleIndices(Math.min(predicted.length, actual.length), max);
  return { p: idx.map((i) => predicted[i]), a: idx.map((i) => actual[i]) };
}

/** Residuals (actual − predicted) against the prediction, with the zero line. */
export function residualSpec(
  predicted: number[],
  actual: number[],
  target = 'target',
  unit?: string,
  maxPoints = 1500,
): ScatterSpec {
  const { p, a } = thin(predicted, actual, maxPoints);
  return {
    kind: 'scatter',
    title: 'Residuals',
    subtitle: 'Actual minus predicted, on holdout rows',
    points: { x: p, y: a.map((v, i) => v - p[i]) },
    hline: 0,
    x: { label: `Predicted ${target}`, unit },
    y: { label: 'Residual', unit },
  };
}

/** Predicted against actual with the y = x line: points on the line are perfect predictions. */
export function predictedActualSpec(
  predicted: number[],
  actual: number[],
  target = 'target',
  unit?: string,
  maxPoints = 1500,
): ScatterSpec {
  const { p, a } = thin(predicted, actual, maxPoints);
  return {
    kind: 'scatter',
    title: 'Predicted vs actual',
    subtitle: 'Holdout rows; the dashed line is a perfect prediction',
    points: { x: a, y: p },
    diagonal: true,
    x: { label: `Actual ${target}`, unit },
    y: { label: `Predicted ${target}`, unit },
  };
}

/**
 * Validation metric per model, best highlighted; sorted best first; at most `maxBars` (the best ones, plus the
 * chosen one). Bars are named as the leaderboard names the runs; `unit` is the metric's (the target's for RMSE).
 * When the runs are close (a spread under 30% of the values), bars from zero would all look the same: the bars then
 * show each run's distance from the best (still starting at zero, so their lengths stay honest) and print the
 * values; the best bar's value reads `bestText` (the renderer passes its own word, in the person's language).
 */
export function leaderboardSpec(
  rows: LeaderboardRow[],
  metric: string,
  bestModelId?: string | null,
  maxBars = 12,
  unit?: string | null,
  bestText = 'best',
): BarSpec {
  const names = runNames(rows);
  const scored = rows.filter(
    (r) => r.status === 'done' && typeof r.metrics[metric as keyof LeaderboardRow['metrics']] === 'number',
  );
  const value = (r: LeaderboardRow) => r.metrics[metric as keyof LeaderboardRow['metrics']] as number;
  const descriptive = isDescriptiveMetric(metric);
  const sorted = descriptive
    ? scored
    : [...scored].sort((a, b) => (lowerIsBetter(metric) ? value(a) - value(b) : value(b) - value(a)));
  const best = bestModelId ?? sorted[0]?.modelId;
  const shown = sorted.slice(0, maxBars);
  const bestRow = sorted.find((r) => r.modelId === best);
  if (bestRow && !shown.includes(bestRow)) shown[shown.length - 1] = bestRow;
  const direction = descriptive ? '' : ` (${lowerIsBetter(metric) ? 'lower' : 'higher'} is better)`;
  const values = shown.map(value);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const top = sorted[0] ? value(sorted[0]) : 0;
  // Runs that all tie are drawn by their score: bars of zero gap would carry no information.
  const close = !descriptive && shown.length > 1 && hi > lo && hi - lo < 0.3 * Math.max(Math.abs(lo), Math.abs(hi));
  const what = close
    ? `${metricLabel(metric)} ${lowerIsBetter(metric) ? 'above' : 'below'} the best (${formatMetric(metric, top)})`
    : `Validation ${metricLabel(metric)}`;
  return {
    kind: 'bar',
    title: 'Leaderboard',
    subtitle:
      sorted.length > shown.length
        ? `${what}, best ${shown.length} of ${sorted.length} runs${close ? '' : direction}`
        : `${what}${close ? '' : direction}`,
    orientation: 'horizontal',
    showValues: true,
    bars: shown.map((r) => {
      const gap = Math.abs(value(r) - top);
      // The value beside a bar is what the axis measures: the gap to the best when runs are close (the run's own
      // score is in its tooltip and in the table), else the score, written as the leaderboard's table writes it.
      const own = formatMetric(metric, value(r));
      return {
        label: names.get(r.modelId) ?? r.label,
        value: close ? gap : value(r),
        valueText: close ? (gap === 0 ? bestText : formatMetric(metric, gap)) : own,
        highlight: r.modelId === best,
        note: close
          ? `${metricLabel(metric)} ${own} · ${formatSeconds(r.fitSeconds)} to fit`
          : `${formatSeconds(r.fitSeconds)} to fit`,
      };
    }),
    x: {
      label: close ? (lowerIsBetter(metric) ? 'Worse than the best by' : 'Behind the best by') : metricLabel(metric),
      unit: isPercentMetric(metric) ? '%' : (unit ?? undefined),
      format: isRateMetric(metric) ? 'percent' : 'auto',
    },
  };
}

/** The most important features, largest first. */
export function importanceSpec(items: Array<{ feature: string; importance: number }>, topN = 15): BarSpec {
  const sorted = [...items]
    .filter((i) => Number.isFinite(i.importance))
    .sort((a, b) => Math.abs(b.importance) - Math.abs(a.importance));
  const shown = sorted.slice(0, topN);
  const labels = formatAlike(shown.map((i) => i.importance));
  return {
    kind: 'bar',
    title: 'Feature importance',
    subtitle: sorted.length > topN ? `Top ${topN} of ${sorted.length} features` : undefined,
    orientation: 'horizontal',
    showValues: true,
    bars: shown.map((i, k) => ({ label: i.feature, value: i.importance, valueText: labels[k] })),
    x: { label: 'Importance' },
  };
}

/** Live or final training curves: one series per model (and split), decimated to `maxPoints` each. */
export function curveSpec(
  series: Array<{ name: string; steps: number[]; values: number[]; dashed?: boolean }>,
  metric: string,
  stepLabel = 'Iteration',
  maxPoints = 300,
): LineSpec {
  return {
    kind: 'line',
    title: `Validation ${metricLabel(metric)}`,
    series: series.map((s) => {
      const d = decimate(s.steps, s.values, maxPoints);
      return { name: s.name, x: d.x, y: d.y, dashed: s.dashed };
    }),
    legend: series.length > 1,
    x: { label: stepLabel, format: 'integer' },
    y: {
      label: metricLabel(metric),
      unit: isPercentMetric(metric) ? '%' : undefined,
      format: isRateMetric(metric) ? 'percent' : 'auto',
    },
  };
}

/** History and forecast on a date axis with the prediction interval as a band. */
export function forecastSpec(f: ForecastData, target = 'value', unit?: string): LineSpec {
  return {
    kind: 'line',
    title: 'Forecast',
    series: [
      { name: 'History', x: f.historyX, y: f.historyY },
      { name: 'Forecast', x: f.forecastX, y: f.forecastY, lower: f.lower, upper: f.upper, dashed: true },
    ],
    legend: true,
    x: { label: 'Date', format: 'date' },
    y: { label: target, unit },
  };
}
