/**
 * Explains a fitted pipeline's predictions per raw input column (see types.ts for what the numbers mean).
 *
 * - Boosted trees, random forests, extra trees: exact path-dependent TreeSHAP on the raw output (tree-shap.ts).
 * - Linear, ridge, lasso, elastic net, polynomial, logistic, linear SVM: exact linear SHAP on the margin.
 * - A regression model fitted on a log target (targetTransform): exact on its raw output, the log of the value
 *   (scale 'log-value'), as a logistic model is explained on the log-odds.
 * - Weighted ensembles whose members are all exact on the ensemble's own output (regression values; for classifiers
 *   the probability, which only forests give directly): exact, the weighted sum of the members' values. A log-scale
 *   member of a regression ensemble or stack is first moved to the value by the rescale rule of log-scale.ts (method
 *   'rescaled-sum': contributions still add up exactly to the prediction).
 * - Everything else (MLP, naive Bayes, other ensembles, stacks): permutation sampling on the pipeline's output
 *   (the value, or the class probabilities), labelled approximate.
 */
import { CodedError } from '@shared/errors';
import {
  classesOf,
  numericColumn,
  predictPipeline,
  rowCount,
  stringColumn,
  transformFeatures,
} from '../pipeline/predict';
import type { Columns, FittedPipeline, SinglePipeline } from '../pipeline/types';
import { loadColumns } from './rows';
import { linearShap } from './linear-shap';
import { onValueScale } from './log-scale';
import { featurePlayers } from './players';
import { samplingShap } from './sampling';
import { singlesOf } from './singles';
import { treeModelShap, type ShapResult, type TreeShapAlgorithm } from './tree-shap';
import type { ExplainBackground, ExplainMethod, ExplainScale, Explanation } from './types';

export interface ExplainPlan {
  method: ExplainMethod;
  scale: ExplainScale;
  exact: boolean;
}

type ExactSingle = { method: 'tree' | 'linear'; scale: ExplainScale };

/** The exact method and scale of a single pipeline's raw output, or null when its family has none. */
function exactSingle(p: SinglePipeline): ExactSingle | null {
  const m = p.model;
  const method = 'trees' in m ? 'tree' : 'coef' in m ? 'linear' : null;
  if (!method || m.family === 'mlp' || m.family === 'naive_bayes') return null;
  const link = m.link;
  const scale: ExplainScale =
    p.task === 'regression'
      ? p.targetTransform
        ? 'log-value'
        : 'value'
      : link === 'identity'
        ? 'probability'
        : link === 'logistic' || p.task === 'binary'
          ? 'log-odds'
          : 'logit';
  return { method, scale };
}

/**
 * How `p` is explained: which method, on which scale, exact or not. With the stored background `bg`: a background
 * made for sampling (training rows, no covers or means) is sampled, as when it was made (an explainer.json written
 * before ensembles with log-scale members were explained exactly).
 */
export function explainPlan(p: FittedPipeline, bg?: ExplainBackground): ExplainPlan {
  const sampled: ExplainPlan = {
    method: 'sampling',
    scale: p.task === 'regression' ? 'value' : 'probability',
    exact: false,
  };
  if (bg?.sample && bg.singles.every((s) => !s.covers && !s.means)) return sampled;
  if (p.kind === 'single') {
    const e = exactSingle(p);
    return e ? { ...e, exact: true } : sampled;
  }
  // Ensembles and stacks combine their parts' outputs linearly: exact when every part is exact on that output.
  const shared = p.task === 'regression' ? 'value' : 'probability';
  const parts = singlesOf(p).map(exactSingle);
  // A log-scale member is rescaled to the value (log-scale.ts).
  const onShared = (e: ExactSingle | null) => e?.scale === shared || (shared === 'value' && e?.scale === 'log-value');
  if (parts.length > 0 && parts.every(onShared)) {
    // A stack's combiner is linear before its link: its margin is explained (log-odds, or softmax scores).
    const scale: ExplainScale =
      p.kind === 'ensemble' || p.task === 'regression' ? shared : p.task === 'binary' ? 'log-odds' : 'logit';
    const rescaled = parts.some((e) => e?.scale === 'log-value');
    return { method: rescaled ? 'rescaled-sum' : 'weighted-sum', scale, exact: true };
  }
  return sampled;
}

export function needsSampling(p: FittedPipeline): boolean {
  return explainPlan(p).method === 'sampling';
}

/** What each explained output is: the target, classes[1] (binary) or every class. */
export function explainedOutputs(p: FittedPipeline): string[] {
  if (p.task === 'regression') return [p.target];
  const classes = classesOf(p);
  return p.task === 'binary' ? [classes[1]] : classes;
}

function missingBackground(): CodedError {
  return new CodedError(
    'model-not-found',
    "The model's explanation data does not match the model. Export the model again to explain its predictions.",
  );
}

/** Exact values of one single pipeline on its raw output, over the players `inputs` of the whole pipeline. */
function explainSingle(
  s: SinglePipeline,
  bg: ExplainBackground['singles'][number] | undefined,
  p: FittedPipeline,
  cols: Columns,
  n: number,
  algorithm: TreeShapAlgorithm,
): ShapResult {
  const F = s.featureNames.length;
  const X = transformFeatures(s, cols, n);
  const playerOf = featurePlayers(s, p.inputs);
  const G = p.inputs.length;
  const m = s.model;
  let r: ShapResult;
  if ('trees' in m) {
    if (!bg?.covers) throw missingBackground();
    r = treeModelShap(m, bg.covers, X, n, F, playerOf, G, algorithm);
  } else if ('coef' in m) {
    if (!bg?.means) throw missingBackground();
    r = linearShap(m, bg.means, X, n, F, playerOf, G);
  } else throw missingBackground();
  return s.task === 'binary' && r.base.length === 2 ? binaryFromTwo(r, n, G, m.link === 'softmax') : r;
}

/**
 * A binary model with two raw outputs, explained as one: the second output (class probabilities), or the second
 * minus the first (softmax scores, whose difference is the log-odds).
 */
function binaryFromTwo(r: ShapResult, n: number, G: number, difference: boolean): ShapResult {
  const values = new Float64Array(n * G);
  for (let row = 0; row < n; row++)
    for (let g = 0; g < G; g++)
      values[row * G + g] = r.values[(row * 2 + 1) * G + g] - (difference ? r.values[row * 2 * G + g] : 0);
  return { base: Float64Array.of(r.base[1] - (difference ? r.base[0] : 0)), values };
}

/** Member values re-expressed on the ensemble's outputs (class order may differ between members). */
function toEnsembleOutputs(member: SinglePipeline, p: FittedPipeline, r: ShapResult, n: number): ShapResult {
  if (p.task === 'regression') return r;
  const classes = classesOf(p);
  const mc = member.classes ?? classes;
  const G = p.inputs.length;
  if (p.task === 'binary') {
    if (mc[1] === classes[1]) return r;
    if (mc[0] !== classes[1]) throw missingBackground();
    // The member gives p(the other class): the ensemble's class is one minus it.
    return { base: r.base.map((b) => 1 - b), values: r.values.map((v) => -v) };
  }
  const C = classes.length;
  const pos = classes.map((c) => mc.indexOf(c));
  if (pos.some((i) => i < 0)) throw missingBackground();
  const values = new Float64Array(n * C * G);
  for (let row = 0; row < n; row++)
    for (let c = 0; c < C; c++)
      values.set(r.values.subarray((row * C + pos[c]) * G, (row * C + pos[c] + 1) * G), (row * C + c) * G);
  return { base: Float64Array.from(pos, (i) => r.base[i]), values };
}

/** base += weight · r.base, values += weight · r.values (same outputs). */
function addScaled(
  base: Float64Array,
  values: Float64Array,
  r: ShapResult,
  weight: number,
  n: number,
  O: number,
  G: number,
) {
  for (let o = 0; o < O; o++) base[o] += weight * r.base[o];
  for (let k = 0; k < n * O * G; k++) values[k] += weight * r.values[k];
}

/** For every output o: base[o] += weights[o] · r.base[k], values[o] += weights[o] · r.values[k] (r has w outputs). */
function addColumn(
  base: Float64Array,
  values: Float64Array,
  r: ShapResult,
  k: number,
  w: number,
  weights: number[],
  n: number,
  O: number,
  G: number,
) {
  for (let o = 0; o < O; o++) {
    const c = weights[o];
    if (c === 0) continue;
    base[o] += c * r.base[k];
    for (let row = 0; row < n; row++) {
      const from = (row * w + k) * G;
      const to = (row * O + o) * G;
      for (let g = 0; g < G; g++) values[to + g] += c * r.values[from + g];
    }
  }
}

/** The pipeline's explained output for sampling: values, p(classes[1]) for binary, all probabilities otherwise. */
export function pipelineOutput(p: FittedPipeline): (cols: Columns, n: number) => Float64Array {
  return (cols, n) => {
    const pred = predictPipeline(p, cols);
    if (p.task === 'regression') return Float64Array.from(pred.prediction, Number);
    const probs = pred.probabilities as Float64Array;
    if (p.task === 'multiclass') return probs;
    return Float64Array.from({ length: n }, (_, r) => probs[r * 2 + 1]);
  };
}

/** The pipeline's input columns typed by kind (numbers for numeric kinds, strings for text kinds). */
function typedInputs(p: FittedPipeline, cols: Columns): Columns {
  const out: Columns = {};
  for (const { name, kind } of p.inputs) {
    const c = cols[name];
    if (!c) continue;
    out[name] = kind === 'categorical' || kind === 'text' ? stringColumn(c) : numericColumn(c);
  }
  return out;
}

export interface ExplainOptions {
  algorithm?: TreeShapAlgorithm;
}

/** Contributions of every raw column to the explained output of each row of `cols`. */
export function explainRows(
  p: FittedPipeline,
  bg: ExplainBackground,
  cols: Columns,
  opts: ExplainOptions = {},
): Explanation {
  const n = rowCount(p, cols);
  const plan = explainPlan(p, bg);
  const outputs = explainedOutputs(p);
  const common = { columns: p.inputs.map((i) => i.name), outputs, scale: plan.scale, method: plan.method, n };
  const algorithm = opts.algorithm ?? 'auto';
  const singles = singlesOf(p);
  if (bg.singles.length !== singles.length) throw missingBackground();
  if (plan.method === 'tree' || plan.method === 'linear') {
    const r = explainSingle(p as SinglePipeline, bg.singles[0], p, cols, n, algorithm);
    return { ...common, exact: true, base: r.base, values: r.values };
  }
  if (plan.method === 'weighted-sum' || plan.method === 'rescaled-sum') {
    const O = outputs.length;
    const G = p.inputs.length;
    const base = new Float64Array(O);
    const values = new Float64Array(n * O * G);
    let at = 0;
    const part = (s: SinglePipeline) => {
      const r = explainSingle(s, bg.singles[at++], p, cols, n, algorithm);
      return s.targetTransform ? onValueScale(s.targetTransform, r, n, G) : toEnsembleOutputs(s, p, r, n);
    };
    if (p.kind === 'ensemble') {
      for (const { weight, pipeline } of p.members) addScaled(base, values, part(pipeline), weight, n, O, G);
    } else if (p.kind === 'stack') {
      // Combiner margin[o] = intercept[o] + Σ coef[o][j] · feature j, feature j = output k of base b (stack-combine.ts).
      base.set(p.combiner.intercept.slice(0, O));
      const w = p.task === 'multiclass' ? O : 1;
      p.bases.forEach((b, bi) => {
        const parts = b.pipelines.map(part);
        for (let k = 0; k < w; k++) {
          const weights = Array.from({ length: O }, (_, o) => p.combiner.coef[o][bi * w + k] / parts.length);
          for (const r of parts) addColumn(base, values, r, k, w, weights, n, O, G);
        }
      });
    }
    return { ...common, exact: true, base, values };
  }
  if (!bg.sample || bg.sample.rows === 0) throw missingBackground();
  const background = loadColumns(p.inputs, bg.sample.columns);
  const r = samplingShap(
    pipelineOutput(p),
    outputs.length,
    p.inputs,
    typedInputs(p, cols),
    n,
    background,
    bg.sample.rows,
    bg.seed,
  );
  return {
    ...common,
    exact: false,
    sampling: { permutations: r.permutations, background: bg.sample.rows, seed: bg.seed },
    base: r.base,
    values: r.values,
    stderr: r.stderr,
  };
}
