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
 * - tfidf: tokens = text.toLowerCase() split on /\W+/ (the trainer's tokenize); terms by text-terms.ts (word n-grams
 *   joined by one space, or char_wb n-grams of " token ") of the first maxTokens tokens for n in ngram[0]..ngram[1]; tf = raw count, or
 *   sublinearTf(count) when sublinear; w = tf * idf; value = w / sqrt(halvingSum(w * w)), a zero
 *   row stays zero. halvingSum fixes the order of the additions so ONNX reproduces it to the last bit.
 * - the model's outputs and link (linear, trees, mlp, naive Bayes): models/predict-model.ts, the one evaluator per
 *   family, which the leaderboard uses too. Binary with one output p gives [1 - p, p].
 * - label = first class with the highest probability. Ensembles average member outputs with their weights, in order.
 * - stack: each base = plain mean of its pipelines' outputs (in order); combiner features = per base the value,
 *   p(classes[1]) (binary) or all C probabilities; raw = intercept + coef . features; link as the combiner says.
 */
import { CodedError } from '@shared/errors';
import { predictModel } from '../models/predict-model';
import { sublinearTf, termsOf } from './text-terms';
import { applyCombiner, meanRows, stackFeatures } from './stack-combine';
import type { Columns, ColumnData, FeatureStep, FittedPipeline, Predictions, SinglePipeline } from './types';

const DAY_MS = 86_400_000;

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

/** Tokens of a text cell: lower-cased, split on non-word characters (same as the trainer's). */
export function tokenize(text: string | null): string[] {
  if (!text) return [];
  return text
    .toLowerCase()
    .split(/\W+/)
    .filter((t) => t.length > 0);
}

/** Calendar part of an epoch-ms value (UTC). */
export function datetimePart(ms: number, part: string): number {
  if (Number.isNaN(ms)) return NaN;
  if (part === 'epoch_days') return ms / DAY_MS;
  const d = new Date(Math.floor(ms));
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'dayofweek':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
    default:
      throw malformed(`unknown datetime part '${part}'`);
  }
}

/**
 * Sum of a[0..len) in a fixed order: zero-pad to a power of two, then add the right half onto the left half
 * until one value is left. (Used for the TF-IDF norm; the ONNX graph does the same additions, so both agree
 * bit for bit.) `a` must have room for the padding (length >= the next power of two); it is overwritten.
 */
export function halvingSum(a: Float64Array, len: number): number {
  if (len === 0) return 0;
  let p = 1;
  while (p < len) p *= 2;
  a.fill(0, len, p);
  while (p > 1) {
    p /= 2;
    for (let i = 0; i < p; i++) a[i] = a[i] + a[i + p];
  }
  return a[0];
}

/**
 * halvingSum of a vector that is zero except at the distinct positions `at` (values `v`), without visiting the
 * zeros: the same additions in the same order (adding a zero changes no bit), so the same result. halvingSum's last
 * addition joins the even and the odd positions, the one before it positions by their second bit, and so on.
 */
export function sparseHalvingSum(at: ArrayLike<number>, v: ArrayLike<number>): number {
  const sum = (items: number[], bit: number): number => {
    if (items.length === 0) return 0;
    if (items.length === 1) return v[items[0]];
    const lo: number[] = [];
    const hi: number[] = [];
    for (const i of items) ((at[i] >> bit) & 1 ? hi : lo).push(i);
    return sum(lo, bit + 1) + sum(hi, bit + 1);
  };
  return sum(
    Array.from({ length: at.length }, (_, i) => i),
    0,
  );
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
      for (let r = 0; r < n; r++) s.parts.forEach((p, j) => (out[r * width + off + j] = datetimePart(x[r], p)));
      return;
    }
    case 'tfidf': {
      const v = stringColumn(c);
      const vocab = categoryIndex(s.vocabulary);
      // Only the row's own terms are visited (out is zero elsewhere): a row has tens of terms of a vocabulary of
      // thousands. The norm adds their squares in halvingSum's order (sparseHalvingSum), so the bits are the same.
      const tf = new Float64Array(s.vocabulary.length);
      const touched: number[] = [];
      for (let r = 0; r < n; r++) {
        touched.length = 0;
        const toks = tokenize(v[r]);
        for (const term of termsOf(
          s.maxTokens ? toks.slice(0, s.maxTokens) : toks,
          s.ngram[0],
          s.ngram[1],
          s.analyzer,
        )) {
          const k = vocab.get(term);
          if (k === undefined) continue;
          if (tf[k] === 0) touched.push(k);
          tf[k] += 1;
        }
        const w = touched.map((j) => (s.sublinear ? sublinearTf(tf[j]) : tf[j]) * s.idf[j]);
        const ss = sparseHalvingSum(
          touched,
          w.map((x) => x * x),
        );
        const norm = ss === 0 ? 1 : Math.sqrt(ss);
        touched.forEach((j, t) => {
          out[r * width + off + j] = w[t] / norm;
          tf[j] = 0;
        });
      }
      return;
    }
  }
}

/** Feature matrix of a single pipeline: row-major n x featureNames.length. */
export function transformFeatures(p: SinglePipeline, cols: Columns, n: number): Float64Array {
  const width = p.steps.reduce((a, s) => a + stepWidth(s), 0);
  if (width !== p.featureNames.length) {
    throw malformed(`its steps produce ${width} features but featureNames lists ${p.featureNames.length}`);
  }
  const out = new Float64Array(n * width);
  let off = 0;
  for (const s of p.steps) {
    applyStep(s, column(cols, s.column), n, out, width, off);
    off += stepWidth(s);
  }
  return out;
}

/** Regression values (n) or class probabilities (n x C) of one single pipeline. */
function singleOutput(p: SinglePipeline, cols: Columns, n: number): Float64Array {
  const X = transformFeatures(p, cols, n);
  return predictModel(p.model, X, n, p.featureNames.length, p.task === 'regression' ? 0 : classesOf(p).length);
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
export function predictPipeline(p: FittedPipeline, cols: Columns): Predictions {
  const n = rowCount(p, cols);
  let y: Float64Array;
  if (p.kind === 'single') y = singleOutput(p, cols, n);
  else if (p.kind === 'stack') {
    if (p.bases.length === 0 || p.bases.some((b) => b.pipelines.length === 0))
      throw malformed('a stack needs bases with at least one pipeline each');
    const C = p.task === 'regression' ? 0 : classesOf(p).length;
    const outs = p.bases.map((b) =>
      meanRows(
        b.pipelines.map((m) =>
          p.task === 'regression' ? singleOutput(m, cols, n) : reorder(m, classesOf(p), singleOutput(m, cols, n), n),
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
      let m = singleOutput(pipeline, cols, n);
      if (p.task !== 'regression') m = reorder(pipeline, classes, m, n);
      for (let i = 0; i < y.length; i++) y[i] = k === 0 ? weight * m[i] : y[i] + weight * m[i];
    });
  }
  if (p.task === 'regression') return { prediction: Array.from(y) };
  const classes = classesOf(p);
  const C = classes.length;
  const prediction: string[] = new Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (y[r * C + c] > y[r * C + best]) best = c;
    prediction[r] = classes[best];
  }
  return { prediction, probabilities: y };
}
