import type { MetricName } from '@shared/tasks';
import { metricValue, oriented } from '../metrics';
import { caruana } from './ensemble';

/**
 * Nested estimates over out-of-fold rows: a choice made on the out-of-fold predictions (which model is best, the
 * blend's weights, the stack's combiner) is made again on 4/5 of those rows and applied to the other fifth, for each
 * fifth. The predictions gathered that way were not used to make the choice, so they judge the choosing procedure
 * honestly. Scoring a choice on the rows it was made on favours the procedure with the most freedom: the best of
 * hundreds of configurations, a blend whose weights follow the noise of those rows.
 */
export const NESTED_FOLDS = 5;

/** The nested fold of out-of-fold row i (a fixed interleaving: the rows' order carries no meaning here). */
export const nestedFold = (i: number): number => (i * 7919) % NESTED_FOLDS;

/** Row indices of fold f: [fit rows, held-out rows]. */
export function nestedRows(n: number, f: number): [number[], number[]] {
  const fit: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) (nestedFold(i) === f ? val : fit).push(i);
  return [fit, val];
}

/** The rows `rows` of an n×width prediction matrix. */
export function takeRows(src: Float64Array, rows: number[], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => out.set(src.subarray(r * width, r * width + width), i * width));
  return out;
}

type MetricTask = 'regression' | 'classification';

/**
 * Nested predictions of a weighting of the models (n×width each): `weigh` chooses the weights from the models'
 * predictions on a fit part and its targets; the held-out part gets the weighted sum.
 */
function nestedWeighting(
  preds: Float64Array[],
  y: Float64Array,
  width: number,
  weigh: (fitPreds: Float64Array[], yFit: Float64Array) => number[],
): Float64Array {
  const n = y.length;
  const out = new Float64Array(n * width);
  for (let f = 0; f < NESTED_FOLDS; f++) {
    const [fit, val] = nestedRows(n, f);
    if (!fit.length || !val.length) continue;
    const weights = weigh(
      preds.map((p) => takeRows(p, fit, width)),
      Float64Array.from(fit, (i) => y[i]),
    );
    for (const i of val)
      for (let c = 0; c < width; c++) {
        let s = 0;
        preds.forEach((p, m) => (s += weights[m] * p[i * width + c]));
        out[i * width + c] = s;
      }
  }
  return out;
}

/**
 * Nested predictions of "choose the best of these models by `metric`": on each fit part the model with the best
 * score there, its own out-of-fold predictions on the held-out part.
 */
export function nestedBest(
  preds: Float64Array[],
  y: Float64Array,
  task: MetricTask,
  nClasses: number,
  metric: MetricName,
): Float64Array {
  return nestedWeighting(preds, y, task === 'regression' ? 1 : nClasses, (fitPreds, yf) => {
    const scores = fitPreds.map((p) => oriented(metric, metricValue(task, yf, p, nClasses, metric)));
    const best = scores.indexOf(Math.max(...scores.map((s) => (Number.isFinite(s) ? s : -Infinity))));
    return preds.map((_, m) => (m === Math.max(best, 0) ? 1 : 0));
  });
}

/** Nested predictions of Caruana's greedy blend of these models (weights chosen by `metric` on each fit part). */
export function nestedBlend(
  preds: Float64Array[],
  y: Float64Array,
  task: MetricTask,
  nClasses: number,
  metric: MetricName,
): Float64Array {
  return nestedWeighting(
    preds,
    y,
    task === 'regression' ? 1 : nClasses,
    (fitPreds, yf) => caruana(fitPreds, yf, task, nClasses, metric).weights,
  );
}
