import type { ColumnPlan } from '@shared/project';
import type { FeatureStep } from '../pipeline/types';
import type { FeatureStyle } from './fit-steps';

/** Quantile q of sorted values (linear interpolation, as numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Fits a numeric step on training rows. `impute` is stored in centred units, because types.ts computes
 * (isNaN(x) ? impute : x - center) / scale. Returns null for a column that is constant on the training rows.
 */
export function fitNumeric(
  cp: ColumnPlan,
  values: Float64Array,
  rows: ArrayLike<number>,
  style: FeatureStyle,
): Extract<FeatureStep, { kind: 'numeric' }> | null {
  const present: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (!Number.isNaN(v)) present.push(v);
  }
  const missing = rows.length - present.length;
  const sorted = Float64Array.from(present).sort();
  if (sorted.length === 0 || (sorted[0] === sorted[sorted.length - 1] && missing === 0)) return null;
  let mean = 0;
  for (const v of present) mean += v;
  mean /= present.length;
  let varSum = 0;
  for (const v of present) varSum += (v - mean) * (v - mean);
  const std = Math.sqrt(varSum / present.length);
  const median = quantileSorted(sorted, 0.5);
  let fill: number;
  switch (cp.impute) {
    case 'median':
      fill = median;
      break;
    case 'most_frequent':
      fill = mostFrequent(sorted);
      break;
    case 'constant':
      fill = 0;
      break;
    default:
      fill = style === 'tree' ? median : mean;
  }
  let center = 0;
  let scale = 1;
  if (style === 'linear') {
    if (cp.scale === 'minmax') {
      center = sorted[0];
      scale = sorted[sorted.length - 1] - sorted[0];
    } else if (cp.scale === 'robust') {
      center = median;
      scale = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
      if (!(scale > 0)) scale = std;
    } else if (cp.scale !== 'none') {
      center = mean;
      scale = std;
    }
    if (!(scale > 0)) scale = 1;
  }
  return { kind: 'numeric', column: cp.name, impute: fill - center, center, scale, indicator: missing > 0 };
}

/**
 * Spline knots for a fitted numeric step: `count` interior quantiles of the standardised training values, without
 * duplicates and strictly inside (min, max) so every basis feature varies. Null when fewer than 5 distinct values
 * (a near-categorical column gains nothing from a spline) or no knot is left.
 */
export function fitSpline(
  step: Extract<FeatureStep, { kind: 'numeric' }>,
  values: Float64Array,
  rows: ArrayLike<number>,
  count: number,
): Extract<FeatureStep, { kind: 'spline' }> | null {
  const z: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (!Number.isNaN(v)) z.push((v - step.center) / step.scale);
  }
  const sorted = Float64Array.from(z).sort();
  if (sorted.length < 5) return null;
  let distinct = 1;
  for (let i = 1; i < sorted.length && distinct < 5; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct < 5) return null;
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const knots: number[] = [];
  for (let j = 1; j <= count; j++) {
    const q = quantileSorted(sorted, j / (count + 1));
    if (q > lo && q < hi && (knots.length === 0 || q > knots[knots.length - 1])) knots.push(q);
  }
  if (!knots.length) return null;
  return { kind: 'spline', column: step.column, impute: step.impute, center: step.center, scale: step.scale, knots };
}

function mostFrequent(sorted: Float64Array): number {
  let best = sorted[0];
  let bestRun = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > bestRun) {
      bestRun = run;
      best = sorted[i];
    }
  }
  return best;
}
