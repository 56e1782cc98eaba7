/**
 * The JS reference evaluator for FittedPipeline JSON: the exact semantics the ONNX writer reproduces.
 * Everything is computed in float64. Precise rules (they extend the doc comments in types.ts):
 * - A string value that is null or "" is missing (ONNX feeds "" for missing strings).
 * - numeric: (isNaN(x) ? impute : x - center) / scale, literally as types.ts says, so `impute` is in centred
 *   units (the trainer stores fill - center). Indicator 1 when x is NaN.
 * - spline: z as numeric, then max(0, z - knot) for each knot in order.
 * - onehot / ordinal / target: a value matches the FIRST category equal to it; "" never matches.
 * - datetime (UTC of floor(ms); NaN input gives NaN parts): year; month 1-12; day 1-31; dayofweek 0 = Monday .. 6 = Sunday
 *   (pandas convention); hour 0-23; epoch_days = ms / 86 400 000 (fractional).
 * - tfidf: tokens = text-terms.ts tokenize(text, step.tokens) (unicode: letter/mark/digit runs, only A-Z lower-cased; absent: ASCII runs of the lower-cased text); terms by text-terms.ts (word n-grams
 *   joined by one space, or char_wb n-grams of " token ") of the first maxTokens tokens for n in ngram[0]..ngram[1]; tf = raw count, or
 *   sublinearTf(count) when sublinear; w = tf * idf; value = w / sqrt(halvingSum(w * w)), a zero
 *   row stays zero. halvingSum fixes the order of the additions so ONNX reproduces it to the last bit.
 *   (tfidf-rows.ts.) Trailing TF-IDF steps (the trainer puts text last) reach the model as a sparse tail
 *   (featuresWithTextTail, models/predict-tail.ts), never as the dense n x vocabulary matrix: the same bits.
 * - the model's outputs and link (linear, trees, mlp, naive Bayes): models/predict-model.ts, the one evaluator per
 *   family, which the leaderboard uses too. Binary with one output p gives [1 - p, p].
 * - targetTransform (regression): the model's output r becomes factor * exp(min(max(r, low), high)) - shift
 *   (target-transform.ts), per single pipeline, before any ensemble or stack combines them.
 * - label = first class with the highest probability. Ensembles average member outputs with their weights, in order.
 * - stack: each base = plain mean of its pipelines' outputs (in order); combiner features = per base the value,
 *   p(classes[1]) (binary) or all C probabilities; raw = intercept + coef . features; link as the combiner says.
 */
import { CodedError } from '@shared/errors';
import { predictedClasses } from '../metrics/classification';
import { predictModel } from '../models/predict-model';
import { predictModelTail } from '../models/predict-tail';
import { datePart, isDatePart, type DatePart } from '../preprocess/datetime';
import type { Matrix } from '../preprocess/transform';
import { cachedTerms, termKey, tfidfRows, type TermCache, type TfidfStep } from './tfidf-rows';
import { applyCombiner, meanRows, stackFeatures } from './stack-combine';
import { untransformed } from './target-transform';
import type { Columns, ColumnData, FeatureStep, FittedPipeline, Predictions, SinglePipeline } from './types';

function malformed(what: string): CodedError {
  return new CodedError(
    'invalid-input',
    `The fitted pipeline is malformed: ${what}. Retrain the model or re-export it.`,
  );
}

function column(cols: Columns, name: string): ColumnData {
  const c = cols[name];
  if (!c) {
    throw new CodedError(
      'column-missing',
      `Column '${name}' is missing. Columns are: ${Object.keys(cols).join(', ')}.`,
      {
        column: name,
      },
    );
  }
  return c;
}

/** A column as numbers: strings are parsed ("" / null -> NaN, true/false -> 1/0). */
export function numericColumn(c: ColumnData): Float64Array {
  if (c instanceof Float64Array) return c;
  return Float64Array.from(c, (v) => {
    if (v === null || v === '') return NaN;
    const t = v.trim().toLowerCase();
    if (t === 'true') return 1;
    if (t === 'false') return 0;
    return Number(t);
  });
}

/** A column as strings: numbers are printed, NaN -> null. */
export function stringColumn(c: ColumnData): Array<string | null> {
  if (!(c instanceof Float64Array)) return c;
  return Array.from(c, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Indexes already built, by the (never modified) category or vocabulary list of a fitted step. */
const indexes = new WeakMap<string[], Map<string, number>>();

/**
 * First index of each category; "" never matches because "" means missing. Built once per list: scoring a text
 * pipeline many times over a few rows (explanations, importance) would otherwise rebuild a 30,000-term map each time.
 */
export function categoryIndex(categories: string[]): Map<string, number> {
  const known = indexes.get(categories);
  if (known) return known;
  const m = new Map<string, number>();
  categories.forEach((c, i) => {
    if (c !== '' && !m.has(c)) m.set(c, i);
  });
  indexes.set(categories, m);
  return m;
}

/** Calendar part of an epoch-ms value (UTC), as training read it; an unknown part is a malformed pipeline. */
export function datetimePart(ms: number, part: string): number {
  return datePart(ms, checkedPart(part));
}

function checkedPart(part: string): DatePart {
  if (!isDatePart(part)) throw malformed(`unknown datetime part '${part}'`);
  return part;
}

/** Number of features a step produces. */
export function stepWidth(s: FeatureStep): number {
  switch (s.kind) {
    case 'numeric':
      return s.indicator ? 2 : 1;
    case 'spline':
      return s.knots.length;
    case 'onehot':
      return s.categories.length;
    case 'ordinal':
      return 1;
    case 'target':
      return s.fallback.length;
    case 'datetime':
      return s.parts.length;
    case 'tfidf':
      return s.vocabulary.length;
  }
}

/** Writes one step's features for all rows into `out` (row-major, `width` columns) starting at column `off`. */
function applyStep(s: FeatureStep, c: ColumnData, n: number, out: Float64Array, width: number, off: number): void {
  switch (s.kind) {
    case 'numeric': {
      const x = numericColumn(c);
      for (let r = 0; r < n; r++) {
        const miss = Number.isNaN(x[r]);
        out[r * width + off] = (miss ? s.impute : x[r] - s.center) / s.scale;
        if (s.indicator) out[r * width + off + 1] = miss ? 1 : 0;
      }
      return;
    }
    case 'spline': {
      const x = numericColumn(c);
      const K = s.knots.length;
      for (let r = 0; r < n; r++) {
        const z = (Number.isNaN(x[r]) ? s.impute : x[r] - s.center) / s.scale;
        for (let j = 0; j < K; j++) out[r * width + off + j] = Math.max(0, z - s.knots[j]);
      }
      return;
    }
    case 'onehot':
    case 'ordinal':
    case 'target': {
      const v = stringColumn(c);
      const idx = categoryIndex(s.categories);
      for (let r = 0; r < n; r++) {
        const k = v[r] === null ? undefined : idx.get(v[r] as string);
        const base = r * width + off;
        if (s.kind === 'onehot') {
          for (let j = 0; j < s.categories.length; j++) out[base + j] = 0;
          if (k !== undefined) out[base + k] = 1;
        } else if (s.kind === 'ordinal') {
          out[base] = k === undefined ? -1 : k;
        } else {
          const vals = k === undefined ? s.fallback : s.values[k];
          for (let o = 0; o < s.fallback.length; o++) out[base + o] = vals[o];
        }
      }
      return;
    }
    case 'datetime': {
      const x = numericColumn(c);
      const parts = s.parts.map(checkedPart);
      for (let r = 0; r < n; r++) parts.forEach((p, j) => (out[r * width + off + j] = datePart(x[r], p)));
      return;
    }
    case 'tfidf': {
      const t = tfidfRows(s, stringColumn(c), categoryIndex(s.vocabulary), n);
      for (let r = 0; r < n; r++)
        for (let q = t.indptr[r]; q < t.indptr[r + 1]; q++) out[r * width + off + t.indices[q]] = t.values[q];
      return;
    }
  }
}

/** Index of the first of the trailing TF-IDF steps (steps.length when the last step is not TF-IDF). */
function textTailStart(steps: FeatureStep[]): number {
  let first = steps.length;
  while (first > 0 && steps[first - 1].kind === 'tfidf') first--;
  return first;
}

/**
 * The features of a single pipeline with its trailing TF-IDF steps as a sparse tail (the trainer puts text steps
 * last): dense n x p for the steps before them, then the tail's columns. The same values as transformFeatures,
 * without the text block's zeros.
 */
export function featuresWithTextTail(p: SinglePipeline, cols: Columns, n: number, cache?: TermCache): Matrix {
  checkWidth(
    p,
    p.steps.reduce((a, s) => a + stepWidth(s), 0),
  );
  const first = textTailStart(p.steps);
  const { X, width } = stepFeatures(p.steps.slice(0, first), cols, n);
  const blocks = (p.steps.slice(first) as TfidfStep[]).map((s) => {
    const docs = stringColumn(column(cols, s.column));
    return tfidfRows(s, docs, categoryIndex(s.vocabulary), n, cache && cachedTerms(cache, s, docs, n));
  });
  const indptr = new Int32Array(n + 1);
  const nnz = blocks.reduce((a, b) => a + b.values.length, 0);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let q = 0;
  for (let r = 0; r < n; r++) {
    let off = 0;
    for (const b of blocks) {
      for (let e = b.indptr[r]; e < b.indptr[r + 1]; e++) {
        indices[q] = off + b.indices[e];
        values[q++] = b.values[e];
      }
      off += b.p;
    }
    indptr[r + 1] = q;
  }
  const tail = { p: blocks.reduce((a, b) => a + b.p, 0), indptr, indices, values };
  return { X, n, p: width, ...(blocks.length ? { tail } : {}) };
}

function checkWidth(p: SinglePipeline, width: number): void {
  if (width !== p.featureNames.length)
    throw malformed(`its steps produce ${width} features but featureNames lists ${p.featureNames.length}`);
}

/** The steps' features side by side, row-major n x width. */
function stepFeatures(steps: FeatureStep[], cols: Columns, n: number): { X: Float64Array; width: number } {
  const width = steps.reduce((a, s) => a + stepWidth(s), 0);
  const X = new Float64Array(n * width);
  let off = 0;
  for (const s of steps) {
    applyStep(s, column(cols, s.column), n, X, width, off);
    off += stepWidth(s);
  }
  return { X, width };
}

/** Feature matrix of a single pipeline: row-major n x featureNames.length. */
export function transformFeatures(p: SinglePipeline, cols: Columns, n: number): Float64Array {
  checkWidth(
    p,
    p.steps.reduce((a, s) => a + stepWidth(s), 0),
  );
  return stepFeatures(p.steps, cols, n).X;
}

/**
 * How a single pipeline's text reaches its model. 'sparse' (the default): trailing TF-IDF steps as a sparse tail
 * (featuresWithTextTail, models/predict-tail.ts), never the dense n x vocabulary matrix. 'dense': the whole
 * transformFeatures matrix, the definition, kept for the tests and the benchmark that check both give the same bits.
 */
export type TextPath = 'sparse' | 'dense';

/** Regression values (n) or class probabilities (n x C) of one single pipeline. */
function singleOutput(
  p: SinglePipeline,
  cols: Columns,
  n: number,
  text: TextPath,
  cache: TermCache | undefined,
): Float64Array {
  const C = p.task === 'regression' ? 0 : classesOf(p).length;
  const out =
    text === 'sparse' && textTailStart(p.steps) < p.steps.length
      ? predictModelTail(p.model, featuresWithTextTail(p, cols, n, cache), C)
      : predictModel(p.model, transformFeatures(p, cols, n), n, p.featureNames.length, C);
  return p.task === 'regression' ? untransformed(p.targetTransform, out) : out;
}

/** Number of raw outputs the model of a single pipeline produces. */
export function outputCount(p: SinglePipeline): number {
  const m = p.model;
  switch (m.family) {
    case 'gradient_boosting':
    case 'random_forest':
    case 'extra_trees':
      return m.baseScore.length;
    case 'mlp':
      return m.layers[m.layers.length - 1].bias.length;
    case 'naive_bayes':
      return m.classLogPrior.length;
    case 'kernel':
      return m.bias.length;
    default:
      return m.coef.length;
  }
}

export function classesOf(p: FittedPipeline): string[] {
  if (p.task === 'regression') return [];
  if (!p.classes || p.classes.length < 2) throw malformed('a classifier needs at least two classes');
  return p.classes;
}

/** Rows in the columns the pipeline reads (all must have the same length). */
export function rowCount(p: FittedPipeline, cols: Columns): number {
  let n = -1;
  for (const inp of p.inputs) {
    const len = column(cols, inp.name).length;
    if (n >= 0 && len !== n)
      throw new CodedError('invalid-input', `Column '${inp.name}' has ${len} rows; the others have ${n}.`);
    n = len;
  }
  return Math.max(n, 0);
}

/** Member probabilities re-ordered into the ensemble's class order. */
function reorder(member: SinglePipeline, classes: string[], probs: Float64Array, n: number): Float64Array {
  const mc = member.classes ?? classes;
  if (mc.every((c, i) => c === classes[i]) && mc.length === classes.length) return probs;
  const pos = classes.map((c) => mc.indexOf(c));
  if (pos.some((i) => i < 0) || mc.length !== classes.length)
    throw malformed('an ensemble member has different classes');
  const C = classes.length;
  const out = new Float64Array(n * C);
  for (let r = 0; r < n; r++) for (let c = 0; c < C; c++) out[r * C + c] = probs[r * C + pos[c]];
  return out;
}

/** Predictions of a fitted pipeline on columnar data. */
export function predictPipeline(p: FittedPipeline, cols: Columns, text: TextPath = 'sparse'): Predictions {
  const n = rowCount(p, cols);
  // Several text steps reading one column the same way (the fold models of an ensemble or stack): the rows' terms
  // are made once per block of rows and counted for each step's vocabulary (blocks bound the cached terms).
  if (text === 'dense' || n <= TERM_BLOCK_ROWS || !sharesTerms(p)) return predictRows(p, cols, n, text, undefined);
  const parts: Predictions[] = [];
  for (let r0 = 0; r0 < n; r0 += TERM_BLOCK_ROWS) {
    const r1 = Math.min(n, r0 + TERM_BLOCK_ROWS);
    const block: Columns = {};
    for (const { name } of p.inputs) {
      const c = cols[name];
      block[name] = c instanceof Float64Array ? c.subarray(r0, r1) : c.slice(r0, r1);
    }
    parts.push(predictRows(p, block, r1 - r0, text, new Map()));
  }
  const probabilities = parts[0].probabilities
    ? new Float64Array(parts.reduce((a, q) => a + (q.probabilities?.length ?? 0), 0))
    : undefined;
  let at = 0;
  for (const q of parts) {
    if (probabilities && q.probabilities) probabilities.set(q.probabilities, at);
    at += q.probabilities?.length ?? 0;
  }
  const prediction = parts.flatMap((q) => q.prediction);
  return probabilities ? { prediction, probabilities } : { prediction };
}

/** Rows per block when text steps share their terms (the terms of a block's rows are held at once). */
const TERM_BLOCK_ROWS = 512;

/** The single pipelines' TF-IDF steps: two of them read one column the same way. */
function sharesTerms(p: FittedPipeline): boolean {
  const singles =
    p.kind === 'single'
      ? [p]
      : p.kind === 'ensemble'
        ? p.members.map((m) => m.pipeline)
        : p.bases.flatMap((b) => b.pipelines);
  const keys = singles.flatMap((s) => s.steps.flatMap((st) => (st.kind === 'tfidf' ? [termKey(st)] : [])));
  return new Set(keys).size < keys.length;
}

function predictRows(
  p: FittedPipeline,
  cols: Columns,
  n: number,
  text: TextPath,
  cache: TermCache | undefined,
): Predictions {
  let y: Float64Array;
  if (p.kind === 'single') y = singleOutput(p, cols, n, text, cache);
  else if (p.kind === 'stack') {
    if (p.bases.length === 0 || p.bases.some((b) => b.pipelines.length === 0))
      throw malformed('a stack needs bases with at least one pipeline each');
    const C = p.task === 'regression' ? 0 : classesOf(p).length;
    const outs = p.bases.map((b) =>
      meanRows(
        b.pipelines.map((m) =>
          p.task === 'regression'
            ? singleOutput(m, cols, n, text, cache)
            : reorder(m, classesOf(p), singleOutput(m, cols, n, text, cache), n),
        ),
      ),
    );
    const { Z, q } = stackFeatures(outs, n, p.task, C);
    y = applyCombiner(p.combiner, Z, n, q, C);
  } else {
    if (p.members.length === 0) throw malformed('an ensemble needs at least one member');
    const classes = classesOf(p);
    y = new Float64Array(p.task === 'regression' ? n : n * classes.length);
    p.members.forEach(({ weight, pipeline }, k) => {
      let m = singleOutput(pipeline, cols, n, text, cache);
      if (p.task !== 'regression') m = reorder(pipeline, classes, m, n);
      for (let i = 0; i < y.length; i++) y[i] = k === 0 ? weight * m[i] : y[i] + weight * m[i];
    });
  }
  if (p.task === 'regression') return { prediction: Array.from(y) };
  const classes = classesOf(p);
  const C = classes.length;
  const hit = predictedClasses(y, n, C, p.decisionThreshold);
  const prediction: string[] = Array.from(hit, (c) => classes[c]);
  return { prediction, probabilities: y };
}
