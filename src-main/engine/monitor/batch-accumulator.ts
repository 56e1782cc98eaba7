/**
 * Summarises a scored batch while it is scored: per input column the count, missing cells, mean / std / min /
 * max and the counts in the training bins (numbers) or per category (categories); and the predictions'
 * distribution. It sees the values as the model read them (after convert-cells), chunk by chunk, so a file of
 * any length is summarised in constant memory and without reading it again.
 */
import type { FeatureStats } from '@shared/monitor';
import type { ColumnData, Predictions } from '../pipeline/types';
import type { ScoreWatcher } from '../predict/score-file';
import { binOf, type FeatureReference, type PredictionReference, type TrainingReference } from './reference';

/** Categories counted per column; past this many distinct values the rest are counted together. */
const MAX_CATEGORIES = 5000;

interface Moments {
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

const moments = (): Moments => ({ n: 0, sum: 0, sumSq: 0, min: Infinity, max: -Infinity });

function addMoment(m: Moments, x: number): void {
  m.n++;
  m.sum += x;
  m.sumSq += x * x;
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

interface FeatureAcc {
  ref: FeatureReference;
  rows: number;
  missing: number;
  moments: Moments;
  /** Numeric: counts per batch bin. */
  bins?: Float64Array;
  /** Categories (and numbers of an 'other' column without bins: not counted). */
  categories?: Map<string, number>;
  overflow: number;
}

/** What one batch looked like: the stats shown to people and the counts drift is computed from. */
export interface BatchCounts {
  rows: number;
  stats: FeatureStats[];
  features: Array<{
    ref: FeatureReference;
    rows: number;
    missing: number;
    bins?: number[];
    categories?: Array<{ value: string; count: number }>;
  }>;
  prediction: {
    ref: PredictionReference;
    /** Class counts in `ref.labels` order, or counts per bin of the target's training bins. */
    counts: number[] | null;
    /** Regression: mean prediction; classification: per-class share of predicted labels. */
    mean?: number;
    labels?: Array<{ label: string; count: number }>;
  };
}

export class BatchAccumulator implements ScoreWatcher {
  private readonly features: FeatureAcc[];
  private rows = 0;
  private readonly predicted = new Map<string, number>();
  private readonly predMoments = moments();
  private readonly predBins: Float64Array | null;

  constructor(private readonly reference: TrainingReference) {
    this.features = reference.features.map((ref) => ({
      ref,
      rows: 0,
      missing: 0,
      moments: moments(),
      overflow: 0,
      ...(ref.kind === 'numeric' ? { bins: new Float64Array(ref.counts.length) } : {}),
      ...(ref.kind === 'categorical' ? { categories: new Map<string, number>() } : {}),
    }));
    const p = reference.prediction;
    this.predBins = p?.kind === 'numeric' ? new Float64Array(p.counts.length) : null;
  }

  /** Adds one chunk's input columns (in reference order), as the model read them. */
  inputs(columns: ColumnData[], n: number): void {
    this.rows += n;
    this.features.forEach((acc, i) => addColumn(acc, columns[i], n));
  }

  /** Adds one chunk's predictions. */
  predictions(pred: Predictions): void {
    const p = this.reference.prediction;
    const n = pred.prediction.length;
    for (let r = 0; r < n; r++) {
      const v = pred.prediction[r];
      if (typeof v === 'number') {
        if (Number.isFinite(v)) addMoment(this.predMoments, v);
        if (p?.kind === 'numeric' && this.predBins) {
          const b = binOf(p.edges, v);
          if (b >= 0) this.predBins[b]++;
        }
      } else {
        this.predicted.set(v, (this.predicted.get(v) ?? 0) + 1);
      }
    }
  }

  finish(): BatchCounts {
    const p = this.reference.prediction;
    const labels = [...this.predicted.entries()]
      .map(([label, count]) => ({ label, count }))
      .sort((a, b) => b.count - a.count);
    return {
      rows: this.rows,
      stats: this.features.map(statsOf),
      features: this.features.map((a) => ({
        ref: a.ref,
        rows: a.rows,
        missing: a.missing,
        ...(a.bins ? { bins: Array.from(a.bins) } : {}),
        ...(a.categories
          ? { categories: [...a.categories.entries()].map(([value, count]) => ({ value, count })) }
          : {}),
      })),
      prediction: {
        ref: p,
        counts:
          p?.kind === 'classes'
            ? p.labels.map((l) => this.predicted.get(l) ?? 0)
            : this.predBins
              ? Array.from(this.predBins)
              : null,
        ...(this.predMoments.n ? { mean: this.predMoments.sum / this.predMoments.n } : {}),
        ...(labels.length ? { labels } : {}),
      },
    };
  }
}

function addColumn(acc: FeatureAcc, col: ColumnData, n: number): void {
  acc.rows += n;
  if (col instanceof Float64Array) {
    const ref = acc.ref;
    for (let r = 0; r < n; r++) {
      const x = col[r];
      if (Number.isNaN(x)) {
        acc.missing++;
        continue;
      }
      if (Number.isFinite(x)) addMoment(acc.moments, x);
      if (acc.bins && ref.kind === 'numeric') acc.bins[binOf(ref.edges, x)]++;
      else if (acc.categories) countCategory(acc, x === 1 ? 'true' : x === 0 ? 'false' : String(x));
    }
    return;
  }
  for (let r = 0; r < n; r++) {
    const v = col[r];
    if (v === null) acc.missing++;
    else if (acc.categories) countCategory(acc, v);
  }
}

function countCategory(acc: FeatureAcc, v: string): void {
  const map = acc.categories!;
  const seen = map.get(v);
  if (seen !== undefined) map.set(v, seen + 1);
  else if (map.size < MAX_CATEGORIES) map.set(v, 1);
  else acc.overflow++;
}

function statsOf(a: FeatureAcc): FeatureStats {
  const m = a.moments;
  const out: FeatureStats = { feature: a.ref.feature, count: a.rows, missing: a.missing };
  if (m.n > 0) {
    const mean = m.sum / m.n;
    out.mean = mean;
    out.std = Math.sqrt(Math.max(0, m.sumSq / m.n - mean * mean));
    out.min = m.min;
    out.max = m.max;
  }
  if (a.categories) {
    out.distinct = a.categories.size + (a.overflow ? 1 : 0);
    out.top = [...a.categories.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([value, count]) => ({ value, count }));
  }
  return out;
}
