/**
 * Running an exported pipeline with onnxruntime-node: feeds built from columnar data with the graph's
 * conventions (double [N,1] for numeric-like columns with NaN = missing, string [N,1] with "" = missing).
 */
import * as ort from 'onnxruntime-node';
import type { Columns, InputKind, Predictions } from '../pipeline/types';
import { numericColumn, stringColumn } from '../pipeline/predict';
import { onnxInputType } from '../onnx/pipeline-to-onnx';
import type { PredictionLabels } from './scoring-labels';

export type OrtSession = ort.InferenceSession;

/** One session per model; single-threaded by default so several scorers can share 2 cores politely. */
export async function openSession(model: string | Uint8Array, threads = 1): Promise<OrtSession> {
  const opts: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, opts)
    : ort.InferenceSession.create(model, opts);
}

/** An input column: its kind, and the tensor type when it is not the pipeline default (double / string). */
export type FeedSpec = { name: string; kind: InputKind; onnxType?: 'float' | 'double' | 'string' };

/** One input tensor as plain data (it can cross to a worker thread). */
export interface FeedData {
  name: string;
  type: 'float32' | 'float64' | 'string';
  data: Float32Array | Float64Array | string[];
  dims: number[];
}

/** Feed data for `n` rows. Columns may be Float64Array or string arrays; they are converted to the input's type. */
export function feedData(inputs: FeedSpec[], cols: Columns, n: number): FeedData[] {
  return inputs.map((inp): FeedData => {
    const c = cols[inp.name];
    if (!c) throw new Error(`column '${inp.name}' is missing`);
    const type = inp.onnxType ?? onnxInputType(inp.kind);
    if (type !== 'string') {
      const x = numericColumn(c).subarray(0, n);
      return type === 'float'
        ? { name: inp.name, type: 'float32', data: Float32Array.from(x), dims: [n, 1] }
        : { name: inp.name, type: 'float64', data: x, dims: [n, 1] };
    }
    const s = stringColumn(c);
    return { name: inp.name, type: 'string', data: Array.from({ length: n }, (_, i) => s[i] ?? ''), dims: [n, 1] };
  });
}

/** Tensors from feed data. */
export function toTensors(feeds: FeedData[]): Record<string, ort.Tensor> {
  return Object.fromEntries(feeds.map((f) => [f.name, new ort.Tensor(f.type, f.data, f.dims)]));
}

/** Feeds for `n` rows (see feedData). */
export function makeFeeds(inputs: FeedSpec[], cols: Columns, n: number): Record<string, ort.Tensor> {
  return toTensors(feedData(inputs, cols, n));
}

/** An output tensor as plain data. */
export interface OutputData {
  type: string;
  data: ArrayLike<number | bigint | string>;
}

/**
 * The graph's outputs in the same shape as predictPipeline's predictions. `labels`: the graph's `prediction` is a
 * class index whose labels were taken out of the graph (scoring-labels.ts).
 */
export function readPredictions(out: Record<string, OutputData>, labels?: PredictionLabels): Predictions {
  const pred = out.prediction;
  if (!pred) throw new Error(`the model has no 'prediction' output (outputs: ${Object.keys(out).join(', ')})`);
  const prediction =
    pred.type === 'string'
      ? Array.from(pred.data as ArrayLike<string>)
      : labels
        ? Array.from(pred.data as ArrayLike<number | bigint>, (k) => labels.labels[Number(k)] ?? labels.other)
        : Array.from(pred.data as ArrayLike<number | bigint>, Number);
  const probs = out.probabilities;
  return probs ? { prediction, probabilities: Float64Array.from(probs.data as ArrayLike<number>) } : { prediction };
}

/** Runs the session and returns predictions in the same shape as predictPipeline's. */
export async function runSession(
  session: OrtSession,
  inputs: FeedSpec[],
  cols: Columns,
  n: number,
  labels?: PredictionLabels,
): Promise<Predictions> {
  const out = await session.run(makeFeeds(inputs, cols, n));
  return readPredictions(
    Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, data: t.data }])),
    labels,
  );
}
