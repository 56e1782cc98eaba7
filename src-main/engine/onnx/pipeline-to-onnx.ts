/**
 * Whole-pipeline ONNX export: raw columns in, prediction (and probabilities) out.
 *
 * Graph contract (also written into model.json by model-json.ts):
 * - one input per raw column, named exactly as the column, shape [N,1]: tensor(string) for categorical and
 *   text (missing = ""), tensor(double) for numeric, boolean (0/1) and datetime (epoch ms) (missing = NaN).
 *   Double rather than float: epoch ms need 53 bits, and it keeps tree splits identical to the engine's.
 * - output `prediction` [N]: tensor(string) class label for classifiers, tensor(double) value for regressors;
 * - output `probabilities` [N,C] tensor(double) for classifiers, classes in pipeline order. No ZipMap.
 * Opsets: ai.onnx 17, ai.onnx.ml 3 (+ com.microsoft 1 for the Tokenizer of TF-IDF steps).
 */
import { CodedError } from '@shared/errors';
import type { FittedPipeline, InputSpec, SinglePipeline, StackPipeline, TargetTransform } from '../pipeline/types';
import { modelLink } from '../models/predict-model';
import { classesOf, outputCount, stepWidth } from '../pipeline/predict';
import { GraphBuilder, ML, T } from './graph-builder';
import { modelRaw } from './models-to-onnx';
import { onnxInputType } from './input-types';
import { featureMatrix } from './steps-to-onnx';

export const OUTPUT_PREDICTION = 'prediction';
export const OUTPUT_PROBABILITIES = 'probabilities';

export { onnxInputType };

/** Regression value [N,1] or class probabilities [N,C] of one single pipeline. */
function singleOutput(
  g: GraphBuilder,
  p: SinglePipeline,
  inputs: Map<string, string>,
  kinds: Map<string, InputSpec['kind']>,
): string {
  const F = p.featureNames.length;
  const width = p.steps.reduce((a, s) => a + stepWidth(s), 0);
  if (width !== F) throw new Error(`its steps produce ${width} features but featureNames lists ${F}`);
  const X = featureMatrix(g, p, inputs, kinds);
  const raw = modelRaw(g, X, p.model, F);
  const link = modelLink(p.model);
  const y =
    link === 'logistic' ? g.node('Sigmoid', [raw]) : link === 'softmax' ? g.node('Softmax', [raw], { axis: 1 }) : raw;
  if (p.task === 'regression') {
    const m = p.model;
    const value =
      m.family === 'mlp' && m.yScale !== undefined
        ? g.node('Add', [
            g.node('Mul', [y, g.constDouble([m.yScale], [1], 'y_scale')]),
            g.constDouble([m.yCenter ?? 0], [1], 'y_center'),
          ])
        : y;
    return p.targetTransform ? invertTargetNodes(g, p.targetTransform, value) : value;
  }
  const O = outputCount(p);
  const C = classesOf(p).length;
  if (O === C) return y;
  if (O !== 1 || C !== 2) throw new Error(`the model has ${O} outputs for ${C} classes`);
  return g.node('Concat', [g.node('Sub', [g.constDouble([1], [1]), y]), y], { axis: 1 });
}

/** factor * exp(min(max(r, low), high)) - shift, as pipeline/target-transform.ts (Max/Min: double on every opset). */
function invertTargetNodes(g: GraphBuilder, t: TargetTransform, raw: string): string {
  const clipped = g.node('Min', [
    g.node('Max', [raw, g.constDouble([t.low], [1], 'log_low')]),
    g.constDouble([t.high], [1], 'log_high'),
  ]);
  const scaled = g.node('Mul', [g.node('Exp', [clipped]), g.constDouble([t.factor], [1], 'smearing')]);
  return g.node('Sub', [scaled, g.constDouble([t.shift], [1], 'log_shift')]);
}

/** Member probabilities re-ordered into the ensemble's class order (Gather on columns). */
function reorder(g: GraphBuilder, member: SinglePipeline, classes: string[], probs: string): string {
  const mc = member.classes ?? classes;
  if (mc.length === classes.length && mc.every((c, i) => c === classes[i])) return probs;
  const pos = classes.map((c) => mc.indexOf(c));
  if (pos.some((i) => i < 0) || mc.length !== classes.length)
    throw new Error('an ensemble member has different classes');
  return g.node('Gather', [probs, g.constInt64(pos, [pos.length])], { axis: 1 });
}

/** A stack in the same graph: each base's mean output, the combiner's feature blocks, Gemm and the link. */
function stackOutput(
  g: GraphBuilder,
  p: StackPipeline,
  inputs: Map<string, string>,
  kinds: Map<string, InputSpec['kind']>,
  classes: string[],
): string {
  if (p.bases.length === 0 || p.bases.some((b) => b.pipelines.length === 0))
    throw new Error('a stack needs bases with at least one pipeline each');
  const blocks = p.bases.map((b) => {
    let sum = '';
    b.pipelines.forEach((m, k) => {
      let out = singleOutput(g, m, inputs, kinds);
      if (p.task !== 'regression') out = reorder(g, m, classes, out);
      sum = k === 0 ? out : g.node('Add', [sum, out]);
    });
    const mean = g.node('Div', [sum, g.constDouble([b.pipelines.length], [1], 'bag_size')]);
    // Binary: the combiner reads p(classes[1]) only.
    return p.task === 'binary'
      ? g.node('Slice', [mean, g.constInt64([1], [1]), g.constInt64([2], [1]), g.constInt64([1], [1])])
      : mean;
  });
  const Z = blocks.length === 1 ? blocks[0] : g.node('Concat', blocks, { axis: 1 });
  const q = p.bases.length * (p.task === 'multiclass' ? classes.length : 1);
  const O = p.combiner.coef.length;
  p.combiner.coef.forEach((row, o) => {
    if (row.length !== q) throw new Error(`combiner row ${o} has ${row.length} weights for ${q} features`);
  });
  const raw = g.node(
    'Gemm',
    [
      Z,
      g.constDouble(p.combiner.coef.flat(), [O, q], 'stack_coef'),
      g.constDouble(p.combiner.intercept, [O], 'stack_b'),
    ],
    { transB: 1 },
  );
  if (p.combiner.link === 'identity') return raw;
  if (p.combiner.link === 'softmax') return g.node('Softmax', [raw], { axis: 1 });
  const pr = g.node('Sigmoid', [raw]);
  return g.node('Concat', [g.node('Sub', [g.constDouble([1], [1]), pr]), pr], { axis: 1 });
}

function declareInputs(g: GraphBuilder, specs: InputSpec[]): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const s of specs) {
    if (s.name === OUTPUT_PREDICTION || s.name === OUTPUT_PROBABILITIES) {
      throw new CodedError(
        'invalid-input',
        `A feature column is named '${s.name}', which is reserved for the model output. Rename the column and retrain.`,
      );
    }
    if (inputs.has(s.name))
      throw new CodedError('invalid-input', `Column '${s.name}' is listed twice among the model inputs.`);
    inputs.set(s.name, g.addInput(s.name, onnxInputType(s.kind) === 'string' ? T.STRING : T.DOUBLE, ['N', 1]));
  }
  return inputs;
}

/** Serialised ModelProto for the whole pipeline. Throws CodedError('invalid-input') on a malformed pipeline. */
export function pipelineToOnnx(
  p: FittedPipeline,
  opts: { producer?: string; producerVersion?: string; docString?: string } = {},
): Uint8Array {
  const g = new GraphBuilder([...p.inputs.map((i) => i.name), OUTPUT_PREDICTION, OUTPUT_PROBABILITIES]);
  const inputs = declareInputs(g, p.inputs);
  const kinds = new Map(p.inputs.map((i) => [i.name, i.kind]));
  const classes = classesOf(p);
  let y: string;
  try {
    if (p.kind === 'single') y = singleOutput(g, p, inputs, kinds);
    else if (p.kind === 'stack') y = stackOutput(g, p, inputs, kinds, classes);
    else {
      if (p.members.length === 0) throw new Error('an ensemble needs at least one member');
      let acc = '';
      p.members.forEach(({ weight, pipeline }, k) => {
        let m = singleOutput(g, pipeline, inputs, kinds);
        if (p.task !== 'regression') m = reorder(g, pipeline, classes, m);
        const term = g.node('Mul', [m, g.constDouble([weight], [1], 'weight')]);
        acc = k === 0 ? term : g.node('Add', [acc, term]);
      });
      y = acc;
    }
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError('invalid-input', `The fitted pipeline cannot be exported to ONNX: ${(err as Error).message}.`);
  }
  if (p.task === 'regression') {
    g.node('Reshape', [y, g.constInt64([-1], [1])], {}, { output: OUTPUT_PREDICTION });
    g.addOutput(OUTPUT_PREDICTION, T.DOUBLE, ['N']);
  } else {
    g.node('Identity', [y], {}, { output: OUTPUT_PROBABILITIES });
    // A binary decision threshold t: ArgMax over [p0, p1 + (1 - 2t)], so classes[1] when p1 > t (ties to classes[0]),
    // exactly as the app decides (metrics/classification.ts predictedClasses).
    const t = p.task === 'binary' ? p.decisionThreshold : undefined;
    const scores = t === undefined ? y : g.node('Add', [y, g.constDouble([0, 1 - 2 * t], [2], 'decision_shift')]);
    const best = g.node('ArgMax', [scores], { axis: 1, keepdims: 0, select_last_index: 0 });
    g.node(
      'LabelEncoder',
      [best],
      { keys_int64s: { ints: classes.map((_, i) => i) }, values_strings: { strings: classes }, default_string: '' },
      { domain: ML, output: OUTPUT_PREDICTION },
    );
    g.addOutput(OUTPUT_PREDICTION, T.STRING, ['N']);
    g.addOutput(OUTPUT_PROBABILITIES, T.DOUBLE, ['N', classes.length]);
  }
  return g.toBytes({
    graphName: `automl_${p.kind}_${p.task}`,
    producer: opts.producer,
    producerVersion: opts.producerVersion,
    docString: opts.docString ?? `Predicts '${p.target}' (${p.task}) from raw columns.`,
    metadata: { task: p.task, target: p.target, ...(classes.length ? { classes: JSON.stringify(classes) } : {}) },
  });
}
