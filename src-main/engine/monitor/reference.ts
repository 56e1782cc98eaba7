/**
 * What drift is measured against: per input column, the training distribution from model.json's training
 * profile, in bins shared with the batches; and the training target's distribution for prediction drift.
 */
import { extent } from '@shared/charts/scale';
import type { ColumnProfile, DataProfile } from '@shared/project';
import type { HeldOutPredictions, ModelJson } from '../pipeline/model-json';
import { booleanCell } from '../predict/convert-cells';
import { unescapeCell } from '../util/csv-writer';
import { lit, openDb } from '../util/duckdb';
import { existsSync } from 'node:fs';
import { artifactPath } from '../artifacts/store';
import { classesOf } from '../pipeline/predict';
import type { FittedPipeline } from '../pipeline/types';

/** Numeric bins: inner edges E0 < … < Ek; batch bins are [below E0, k bins, above Ek]. */
export interface NumericReference {
  kind: 'numeric';
  feature: string;
  edges: number[];
  /** Training counts per batch bin (k + 2; the outer two are 0). */
  counts: number[];
  missingRate: number;
}

export interface CategoricalReference {
  kind: 'categorical';
  feature: string;
  values: string[];
  /** Training counts per value, then one for every other value (0 when the list is complete). */
  counts: number[];
  /** True when `values` holds every category seen in training (so a value outside it is unseen). */
  complete: boolean;
  missingRate: number;
}

export interface OtherReference {
  kind: 'other';
  feature: string;
  missingRate: number | null;
}

export type FeatureReference = NumericReference | CategoricalReference | OtherReference;

export type PredictionReference =
  | { kind: 'classes'; labels: string[]; counts: number[] }
  | { kind: 'numeric'; edges: number[]; counts: number[]; mean: number | null }
  | null;

export interface TrainingReference {
  features: FeatureReference[];
  prediction: PredictionReference;
}

/** Bins hold at least this share of the training rows (adjacent profile bins are merged), so PSI is not noise. */
const MIN_BIN_SHARE = 0.05;

/** Merges adjacent histogram bins until each holds MIN_BIN_SHARE of the rows; adds empty outer bins. */
export function mergedBins(hist: { edges: number[]; counts: number[] }): { edges: number[]; counts: number[] } | null {
  const total = hist.counts.reduce((s, c) => s + c, 0);
  if (total <= 0 || hist.edges.length !== hist.counts.length + 1) return null;
  const edges = [hist.edges[0]];
  const counts: number[] = [];
  let acc = 0;
  for (let i = 0; i < hist.counts.length; i++) {
    acc += hist.counts[i];
    const last = i === hist.counts.length - 1;
    if (acc / total >= MIN_BIN_SHARE || last) {
      if (last && acc / total < MIN_BIN_SHARE && counts.length > 0) {
        counts[counts.length - 1] += acc;
        edges[edges.length - 1] = hist.edges[i + 1];
      } else {
        counts.push(acc);
        edges.push(hist.edges[i + 1]);
      }
      acc = 0;
    }
  }
  return { edges, counts: [0, ...counts, 0] };
}

/**
 * A yes/no column's profile counts its cells as written (yes/no, Y/N, 1/0); a batch counts them as the model reads
 * them ('true'/'false', batch-accumulator.ts). Without this every yes/no column looked 100% unseen.
 */
function asModelReadsBooleans(top: Array<{ value: string; count: number }>): Array<{ value: string; count: number }> {
  const merged = new Map<string, number>();
  for (const t of top) {
    const b = booleanCell(t.value);
    const value = b === 1 ? 'true' : b === 0 ? 'false' : t.value;
    merged.set(value, (merged.get(value) ?? 0) + t.count);
  }
  return [...merged].map(([value, count]) => ({ value, count }));
}

export function featureReference(
  name: string,
  kind: string,
  col: ColumnProfile | undefined,
  rows: number,
): FeatureReference {
  const missingRate = col ? col.missingPct : null;
  if (!col) return { kind: 'other', feature: name, missingRate };
  if (kind === 'numeric' && col.histogram) {
    const bins = mergedBins(col.histogram);
    if (bins) return { kind: 'numeric', feature: name, ...bins, missingRate: col.missingPct };
  }
  if ((kind === 'categorical' || kind === 'boolean') && col.topValues?.length) {
    const top = kind === 'boolean' ? asModelReadsBooleans(col.topValues) : col.topValues;
    const values = top.map((t) => t.value);
    const listed = top.reduce((s, t) => s + t.count, 0);
    const complete = col.distinct <= col.topValues.length;
    const rest = complete ? 0 : Math.max(0, rows - col.missing - listed);
    return {
      kind: 'categorical',
      feature: name,
      values,
      counts: [...top.map((t) => t.count), rest],
      complete,
      missingRate: col.missingPct,
    };
  }
  return { kind: 'other', feature: name, missingRate };
}

/** The reference of a registered model from its model.json (an older model.json without a profile gives 'other'). */
export function trainingReference(mj: ModelJson): TrainingReference {
  const profile: DataProfile | undefined = mj.trainingData.profile;
  const cols = new Map((profile?.columns ?? []).map((c) => [c.name, c]));
  const rows = profile?.rows ?? mj.trainingData.rows;
  const features = mj.features.map((f) => featureReference(f.name, f.kind, cols.get(f.name), rows));
  const t = profile?.target;
  const held = mj.trainingData.predictions;
  let prediction: PredictionReference = null;
  if (held?.kind === 'classes' && mj.classes?.length) {
    const byLabel = new Map(held.labels.map((l, i) => [l, held.counts[i]]));
    prediction = { kind: 'classes', labels: mj.classes, counts: mj.classes.map((c) => byLabel.get(c) ?? 0) };
  } else if (held?.kind === 'numeric' && !mj.classes) {
    const bins = mergedBins(held);
    if (bins) prediction = { kind: 'numeric', ...bins, mean: held.mean };
  } else if (mj.classes?.length && t?.classes?.length) {
    const byLabel = new Map(t.classes.map((c) => [c.value, c.count]));
    prediction = { kind: 'classes', labels: mj.classes, counts: mj.classes.map((c) => byLabel.get(c) ?? 0) };
  } else if (!mj.classes && t?.histogram) {
    const bins = mergedBins(t.histogram);
    if (bins) prediction = { kind: 'numeric', ...bins, mean: cols.get(mj.target ?? '')?.mean ?? null };
  }
  return { features, prediction };
}

/**
 * The batch bin of a number: 0 below E0, 1..k inside, k + 1 above Ek (NaN: -1). Inner bins are (E(i-1), E(i)],
 * the first one closed ([E0, E1]), as the profile's histogram counted the training rows (DuckDB's
 * histogram(x, edges): a value goes to the first edge >= it). Whole numbers sit on the edges, so any other
 * convention moves every value one bin over and the training data itself looks drifted.
 */
export function binOf(edges: number[], x: number): number {
  if (Number.isNaN(x)) return -1;
  const k = edges.length - 1;
  if (x < edges[0]) return 0;
  if (x > edges[k]) return k + 1;
  // The first inner bin i (1-based) whose upper edge edges[i] is >= x.
  let lo = 1;
  let hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bins of held-out predictions (what an export writes into model.json for prediction drift). */
const PREDICTION_BINS = 20;

/** The held-out predictions' distribution: counts per class label, or 20 equal-width bins (a, b] over their range. */
export function heldOutPredictions(values: string[], classes: string[] | undefined): HeldOutPredictions | null {
  if (classes?.length) {
    const counts = classes.map((c) => values.filter((v) => v === c).length);
    return counts.some((c) => c > 0) ? { kind: 'classes', labels: classes, counts } : null;
  }
  const xs = values.map(Number).filter(Number.isFinite);
  // extent loops, not Math.min(...xs): spreading a million held-out predictions overflows the call stack (a 4.8M-row
  // training file lost its reference, and scoring that very file raised a prediction-drift alert).
  const range = extent(xs);
  if (range === null) return null;
  const [lo, hi] = range;
  const edges = Array.from({ length: PREDICTION_BINS + 1 }, (_, k) => lo + ((hi - lo) * k) / PREDICTION_BINS);
  edges[PREDICTION_BINS] = hi;
  if (hi === lo) return { kind: 'numeric', edges: [lo, lo], counts: [xs.length], mean: lo };
  const counts = new Array<number>(PREDICTION_BINS).fill(0);
  for (const x of xs) counts[binOf(edges, x) - 1]++;
  return { kind: 'numeric', edges, counts, mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

/** The held-out predictions of a training run's holdout.csv (its `prediction` column, cells as the writer escaped them). */
export async function heldOutPredictionsOf(
  holdoutCsv: string,
  classes: string[] | undefined,
): Promise<HeldOutPredictions | null> {
  const db = await openDb({ threads: 1 });
  try {
    const rows = await db.all(
      `SELECT prediction FROM read_csv(${lit(holdoutCsv)}, header = true, all_varchar = true, quote = '"', escape = '"')`,
    );
    const values = rows.flatMap((r) => (typeof r.prediction === 'string' ? [unescapeCell(r.prediction)] : []));
    return heldOutPredictions(values, classes);
  } finally {
    db.close();
  }
}

/**
 * model.json's `trainingData.predictions` for `pipeline`, the best model of the training run in `artifactDir` (its
 * holdout.csv holds that model's held-out predictions: the reference prediction drift is measured against). Empty
 * when there is no such file or it cannot be read (drift then falls back to the target's distribution).
 */
export async function heldOutReference(
  artifactDir: string,
  pipeline: FittedPipeline,
): Promise<{ predictions?: HeldOutPredictions }> {
  const path = artifactPath(artifactDir, 'holdout');
  if (!existsSync(path)) return {};
  const classes = pipeline.task === 'regression' ? undefined : classesOf(pipeline);
  const predictions = await heldOutPredictionsOf(path, classes).catch(() => null);
  return predictions ? { predictions } : {};
}
