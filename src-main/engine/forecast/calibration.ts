import { stepSigmas, type BacktestResult } from './backtest';
import { normalQuantile } from './boxcox';
import { bandsOf, type Bands, type BandScale } from './forecast-rows';
import type { ForecastPath } from './types';

/**
 * Interval calibration from the backtest (split-conformal per horizon step). The models' analytic intervals
 * (and the backtest-sigma bands) under-cover at long horizons: on the benchmark's holdouts the 95% band held
 * 0.88-0.92 of the actuals and the 80% band 0.73-0.75. For every fold and step the score is how far the band
 * around the forecast must be stretched to hold the actual value ((actual - forecast) / (upper - forecast)
 * above the forecast, the same with the lower bound below); the factor at a step is the conformal quantile of
 * the scores of all folds at the steps near it. Bands are only ever widened (factor ≥ 1): a handful of
 * overlapping folds is weak evidence that a model's band is too wide.
 */

/** Fewer folds than this: the model's own interval (or backtest-sigma band) as it is. */
export const MIN_CALIBRATION_FOLDS = 3;

export interface BandCalibration extends BandScale {
  /**
   * Coverage of the calibrated bands on each fold with the factors (and backtest sigmas) estimated on the other
   * folds, averaged over folds. Folds overlap when the horizon is long, so this is still somewhat optimistic.
   */
  coverage80: number;
  coverage95: number;
}

interface FoldBands {
  lower80: number[][];
  upper80: number[][];
  lower95: number[][];
  upper95: number[][];
}

/** The folds' bands: the model's own, else normal bands with the sigmas of `sigmaFolds` (as the app shows them). */
function foldBands(r: BacktestResult, sigmaFolds: number[]): FoldBands {
  if (r.bands) return r.bands;
  const sd = stepSigmas(
    { ...r, preds: sigmaFolds.map((f) => r.preds[f]), actuals: sigmaFolds.map((f) => r.actuals[f]) },
    r.preds[0]?.length ?? 0,
  );
  const around = (q: number): number[][] => r.preds.map((p) => p.map((v, j) => v + q * sd[j]));
  const q80 = normalQuantile(0.8);
  const q95 = normalQuantile(0.95);
  return { lower80: around(-q80), upper80: around(q80), lower95: around(-q95), upper95: around(q95) };
}

/** How far the band around `p` must stretch to hold `a`; NaN when unknown (missing value, empty band side). */
function stretch(a: number, p: number, lower: number, upper: number): number {
  if (Number.isNaN(a)) return NaN;
  const d = a >= p ? upper - p : p - lower;
  if (!(d > 0)) return NaN;
  return Math.abs(a - p) / d;
}

/** Per-step factors at `level` from the scores of `folds`, pooled over steps within a tenth of the horizon. */
function factors(scores: number[][], folds: number[], level: number): number[] {
  const h = scores[0]?.length ?? 0;
  const w = Math.max(1, Math.ceil(h / 10));
  const out: number[] = [];
  for (let j = 0; j < h; j++) {
    const pool: number[] = [];
    for (const f of folds)
      for (let jj = Math.max(0, j - w); jj <= Math.min(h - 1, j + w); jj++) {
        const v = scores[f][jj];
        if (!Number.isNaN(v)) pool.push(v);
      }
    if (pool.length === 0) {
      out.push(1);
      continue;
    }
    pool.sort((a, b) => a - b);
    // Conformal rank: the ceil((n + 1) level)-th smallest score (the largest when that is past the end).
    const rank = Math.min(pool.length, Math.ceil((pool.length + 1) * level));
    out.push(Math.max(1, pool[rank - 1]));
  }
  return out;
}

function scaleFrom(r: BacktestResult, folds: number[]): { scale: BandScale; bands: FoldBands } {
  const b = foldBands(r, folds);
  const score = (lower: number[][], upper: number[][]): number[][] =>
    r.actuals.map((fold, f) => fold.map((a, j) => stretch(a, r.preds[f][j], lower[f][j], upper[f][j])));
  const scale80 = factors(score(b.lower80, b.upper80), folds, 0.8);
  // The 95% band is stretched at least as much as the 80% band: a spread the model underestimates is
  // underestimated in its tails too, and a handful of overlapping folds hardly measures the 95% tail itself
  // (without this floor the 95% band held 0.93 and 0.91 of the benchmark's holdouts, the 80% band 0.81).
  const scale95 = factors(score(b.lower95, b.upper95), folds, 0.95).map((v, j) => Math.max(v, scale80[j]));
  return { scale: { scale80, scale95 }, bands: b };
}

/** Share of fold `f`'s observed actuals inside its bands stretched by `scale`. */
function foldCoverage(r: BacktestResult, f: number, b: FoldBands, scale: number[], level: 80 | 95): number {
  const lower = level === 80 ? b.lower80[f] : b.lower95[f];
  const upper = level === 80 ? b.upper80[f] : b.upper95[f];
  let inside = 0;
  let k = 0;
  r.actuals[f].forEach((a, j) => {
    if (Number.isNaN(a)) return;
    k++;
    const p = r.preds[f][j];
    const s = scale[j] ?? 1;
    if (a >= p - s * (p - lower[j]) && a <= p + s * (upper[j] - p)) inside++;
  });
  return k > 0 ? inside / k : NaN;
}

/**
 * Band factors per step from the chosen forecast's backtest, with their cross-fold coverage; undefined with
 * fewer than MIN_CALIBRATION_FOLDS folds (the bands are then the model's as they are).
 */
export function calibrateBands(r: BacktestResult): BandCalibration | undefined {
  const n = r.preds.length;
  if (n < MIN_CALIBRATION_FOLDS) return undefined;
  const all = Array.from({ length: n }, (_, f) => f);
  const { scale } = scaleFrom(r, all);
  const c80: number[] = [];
  const c95: number[] = [];
  for (const f of all) {
    const { scale: s, bands } = scaleFrom(
      r,
      all.filter((g) => g !== f),
    );
    const v80 = foldCoverage(r, f, bands, s.scale80, 80);
    const v95 = foldCoverage(r, f, bands, s.scale95, 95);
    if (!Number.isNaN(v80)) c80.push(v80);
    if (!Number.isNaN(v95)) c95.push(v95);
  }
  const mean = (v: number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  return { ...scale, coverage80: mean(c80), coverage95: mean(c95) };
}

/** The bands the app shows for the chosen forecast, how they are made and what the backtest measured of them. */
export interface ShownBands {
  bands: Bands;
  /** Backtest error sigmas per step (the bands when the model has no interval of its own). */
  sigmas: number[];
  source: 'model' | 'backtest';
  /** Present when the backtest had enough folds to calibrate the bands. */
  calibration?: BandCalibration;
}

/**
 * The chosen forecast's 80% and 95% bands: its model's interval, else normal bands with the backtest sigmas,
 * widened per step by the backtest calibration when the folds measured the same kind of band.
 */
export function shownBands(path: ForecastPath, best: BacktestResult | undefined, h: number): ShownBands {
  const sigmas = best ? stepSigmas(best, h) : [];
  const source: 'model' | 'backtest' = path.interval || !best ? 'model' : 'backtest';
  const sameKind = best !== undefined && (source === 'model') === (best.bands !== undefined);
  const calibration = best && sameKind ? calibrateBands(best) : undefined;
  return { bands: bandsOf(path, sigmas, h, calibration), sigmas, source, ...(calibration ? { calibration } : {}) };
}
