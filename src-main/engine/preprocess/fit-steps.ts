import type { ColumnPlan, PreprocessPlan } from '@shared/project';
import type { FeatureStep, InputKind, InputSpec } from '../pipeline/types';
import type { Frame } from '../frame/load-frame';
import { fitTfidf } from './text';
import { fitNumeric, fitSpline } from './numeric';
import { fitTargetEncoding } from './target-encoding';
import { categoryCounts } from './categories';
import { DAY_MS } from '@shared/time';
import type { DatePart } from './datetime';

/** Linear-style pipelines one-hot and scale; tree-style pipelines keep raw numbers and ordinal codes. */
export type FeatureStyle = 'linear' | 'tree';

/** The target as the engine holds it: regression values or class codes 0..C-1 (NaN = missing). */
export interface TargetInfo {
  kind: 'regression' | 'binary' | 'multiclass';
  y: Float64Array;
  nClasses: number;
}

export interface FittedFeatures {
  inputs: InputSpec[];
  steps: FeatureStep[];
  featureNames: string[];
}

/** Cardinality above which a categorical is target-encoded instead of one-hot (linear style). */
export const ONEHOT_MAX = 20;

/** The frame kind a planned column must be loaded as. */
export function inputKindFor(col: ColumnPlan): InputKind {
  if (col.encode === 'tfidf' || col.role === 'text') return 'text';
  if (col.encode === 'onehot' || col.encode === 'ordinal' || col.encode === 'target') return 'categorical';
  if (col.encode === 'datetime_parts' || col.kind === 'datetime') return 'datetime';
  if (col.kind === 'boolean') return 'boolean';
  if (col.kind === 'categorical' || col.kind === 'text') return col.kind;
  return 'numeric';
}

/** Planned feature columns (role feature/text/date), in plan order. */
export function featureColumns(plan: PreprocessPlan): ColumnPlan[] {
  return plan.columns.filter((c) => c.role === 'feature' || c.role === 'text' || c.role === 'date');
}

/** Which parts to take from a datetime column, given its span on the training rows. */
function dateParts(values: Float64Array, rows: ArrayLike<number>): DatePart[] {
  let hasTime = false;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const ms = values[rows[i]];
    if (!Number.isFinite(ms)) continue;
    if (ms % DAY_MS !== 0) hasTime = true;
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  const parts: DatePart[] = ['epoch_days', 'month', 'day', 'dayofweek'];
  if (hi - lo > 366 * DAY_MS) parts.unshift('year');
  if (hasTime) parts.push('hour');
  return parts;
}

/**
 * Fits feature steps on the training rows only. Returns the steps (stored in the pipeline);
 * `applyTrainSteps` builds the training matrix with cross-fitted target encodings.
 */
export function fitFeatures(
  frame: Frame,
  plan: PreprocessPlan,
  target: TargetInfo,
  rows: Int32Array,
  style: FeatureStyle,
  /** splineKnots > 0 (linear style): numeric columns also get a piecewise-linear spline basis with that many knots.
   * sparseText: text becomes word 1-2-gram and char_wb 2-5-gram sublinear TF-IDF with large vocabularies (for the
   * models that read a sparse tail, see SPARSE_TEXT), or char_wb 2-5-grams alone with textGrams 'chars';
   * otherwise a dense unigram TF-IDF of bounded width. */
  opts: { splineKnots?: number; sparseText?: boolean; textGrams?: TextGrams } = {},
): FittedFeatures {
  const inputs: InputSpec[] = [];
  const steps: FeatureStep[] = [];
  const featureNames: string[] = [];
  // TF-IDF steps go last, so a sparse tail (transform.ts) is one block at the end of the feature vector.
  const textSteps: Array<Extract<FeatureStep, { kind: 'tfidf' }>> = [];
  for (const cp of featureColumns(plan)) {
    const col = frame.get(cp.name);
    if (!col) continue;
    inputs.push({ name: cp.name, kind: col.kind });
    if (col.kind === 'numeric' || col.kind === 'boolean') {
      const step = fitNumeric(cp, col.values as Float64Array, rows, style);
      if (!step) continue;
      steps.push(step);
      featureNames.push(cp.name);
      if (step.indicator) featureNames.push(`${cp.name}_missing`);
      const knots = opts.splineKnots ?? 0;
      const spline =
        style === 'linear' && knots > 0 && col.kind === 'numeric'
          ? fitSpline(step, col.values as Float64Array, rows, knots)
          : null;
      if (spline) {
        steps.push(spline);
        spline.knots.forEach((_, j) => featureNames.push(`${cp.name}_spline${j + 1}`));
      }
    } else if (col.kind === 'datetime' && style === 'linear') {
      // Linear models cannot take NaN parts (types.ts has no impute for datetime), so they get the
      // timestamp itself as an imputed, scaled numeric trend (epoch ms), with a missing flag.
      const step = fitNumeric({ ...cp, impute: 'median', scale: 'standard' }, col.values as Float64Array, rows, style);
      if (!step) continue;
      steps.push(step);
      featureNames.push(cp.name);
      if (step.indicator) featureNames.push(`${cp.name}_missing`);
    } else if (col.kind === 'datetime') {
      const parts = dateParts(col.values as Float64Array, rows);
      steps.push({ kind: 'datetime', column: cp.name, parts });
      for (const part of parts) featureNames.push(`${cp.name}_${part}`);
    } else if (col.kind === 'text') {
      const docs = col.values as Array<string | null>;
      if (opts.sparseText && style === 'linear') {
        textSteps.push(...sparseTextSteps(cp.name, docs, rows, opts.textGrams ?? 'words+chars'));
        continue;
      }
      // Dense matrices bound the vocabulary: unigrams (as scikit-learn's default), at most ~4M cells per column.
      const ngram: [number, number] = [1, 1];
      const maxFeatures = Math.max(
        200,
        Math.min(style === 'linear' ? 1500 : 500, Math.floor(4_000_000 / Math.max(rows.length, 1))),
      );
      const { vocabulary, idf } = fitTfidf(docs, rows, { ngram, maxFeatures, minDf: 2, tokens: 'unicode' });
      if (vocabulary.length)
        textSteps.push({ kind: 'tfidf', column: cp.name, vocabulary, idf, ngram, tokens: 'unicode' });
    } else {
      const counts = categoryCounts(col.values as Array<string | null>, rows);
      // A single category on the training rows carries no information.
      if (counts.length < 2) continue;
      const encode = chooseEncoding(cp, counts.length, style);
      if (encode === 'target') {
        const step = fitTargetEncoding(cp.name, col.values as Array<string | null>, target, rows);
        steps.push(step);
        for (let o = 0; o < step.fallback.length; o++)
          featureNames.push(step.fallback.length > 1 ? `${cp.name}_te${o}` : `${cp.name}_te`);
      } else if (encode === 'ordinal') {
        // Categories ordered by mean target so that one threshold split can separate high from low groups.
        const ordered = orderByTarget(
          counts.map((c) => c.value),
          col.values as Array<string | null>,
          target,
          rows,
        );
        steps.push({ kind: 'ordinal', column: cp.name, categories: ordered });
        featureNames.push(cp.name);
      } else {
        // Rare categories (fewer than 2 training rows) fold into "unseen": all zeros.
        const cats = counts
          .filter((c) => c.count >= 2)
          .slice(0, 50)
          .map((c) => c.value);
        if (!cats.length) continue;
        steps.push({ kind: 'onehot', column: cp.name, categories: cats });
        for (const c of cats) featureNames.push(`${cp.name}=${c}`);
      }
    }
  }
  for (const t of textSteps) {
    steps.push(t);
    const tag = t.analyzer === 'char_wb' ? '~' : ':';
    for (const term of t.vocabulary) featureNames.push(`${t.column}${tag}${term}`);
  }
  return { inputs, steps, featureNames };
}

/** Vocabulary bounds of the sparse text steps (the ONNX graph and in-app predictions are dense in this width). */
export const SPARSE_TEXT = { wordTerms: 10_000, charTerms: 20_000, maxTokens: 200 } as const;

/**
 * The n-grams a sparse text recipe reads (a linear model's `text` parameter): 'words+chars' (the default) or
 * 'chars' alone. On short texts of a few hundred to a few thousand rows the word block lets a model fit the
 * training rows by their rare words and lean less on the char n-grams that carry to new rows (scikit-learn,
 * 7 Cyrillic-script languages, 800 training rows: char_wb alone 0.85 test accuracy, with words 0.76); which one
 * wins is chosen out of fold.
 */
export type TextGrams = 'words+chars' | 'chars';

/**
 * Word 1-2-grams and char_wb 2-5-grams, sublinear tf, min_df 2: the classic strong text baseline for a linear
 * classifier (TF-IDF + logistic / linear SVM), each block L2-normalised on its own; char_wb alone for 'chars'.
 */
function sparseTextSteps(
  column: string,
  docs: Array<string | null>,
  rows: Int32Array,
  grams: TextGrams,
): Array<Extract<FeatureStep, { kind: 'tfidf' }>> {
  const out: Array<Extract<FeatureStep, { kind: 'tfidf' }>> = [];
  const word = { ngram: [1, 2] as [number, number], analyzer: 'word' as const, maxFeatures: SPARSE_TEXT.wordTerms };
  const char = { ngram: [2, 5] as [number, number], analyzer: 'char_wb' as const, maxFeatures: SPARSE_TEXT.charTerms };
  const specs = grams === 'chars' ? [char] : [word, char];
  for (const s of specs) {
    const spec = { ...s, maxTokens: SPARSE_TEXT.maxTokens, minDf: 2, tokens: 'unicode' as const };
    const { vocabulary, idf } = fitTfidf(docs, rows, spec);
    if (!vocabulary.length) continue;
    out.push({
      kind: 'tfidf',
      column,
      vocabulary,
      idf,
      ngram: s.ngram,
      analyzer: s.analyzer,
      sublinear: true,
      maxTokens: SPARSE_TEXT.maxTokens,
      tokens: 'unicode',
    });
  }
  return out;
}

function chooseEncoding(cp: ColumnPlan, cardinality: number, style: FeatureStyle): 'onehot' | 'ordinal' | 'target' {
  if (cp.encode === 'target') return 'target';
  if (style === 'tree') return 'ordinal';
  if (cp.encode === 'ordinal') return 'ordinal';
  if (cp.encode === 'onehot') return cardinality > 50 ? 'target' : 'onehot';
  return cardinality > ONEHOT_MAX ? 'target' : 'onehot';
}

/** Sorts categories by their mean target (first class probability for multiclass: a stable, cheap order). */
function orderByTarget(cats: string[], values: Array<string | null>, target: TargetInfo, rows: Int32Array): string[] {
  const index = new Map(cats.map((c, k) => [c, k]));
  const sum = new Float64Array(cats.length);
  const cnt = new Float64Array(cats.length);
  const binaryLike = target.kind !== 'multiclass';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = values[r] === null ? undefined : index.get(values[r] as string);
    const y = target.y[r];
    if (k === undefined || Number.isNaN(y)) continue;
    sum[k] += binaryLike ? y : y === 0 ? 1 : 0;
    cnt[k] += 1;
  }
  const order = cats.map((_, k) => k);
  order.sort((a, b) => sum[a] / Math.max(cnt[a], 1) - sum[b] / Math.max(cnt[b], 1) || a - b);
  return order.map((k) => cats[k]);
}
