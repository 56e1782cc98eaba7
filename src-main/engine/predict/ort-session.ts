/**
 * Running an exported pipeline with onnxruntime-node: feeds built from columnar data with the graph's
 * conventions (double [N,1] for numeric-like columns with NaN = missing, string [N,1] with "" = missing).
 */
import * as ort from 'onnxruntime-node';
import type { Columns, InputKind, Predictions } from '../pipeline/types';
import { numericColumn, stringColumn } from '../pipeline/predict';
import { onnxInputType } from '../onnx/pipeline-to-onnx';

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

/** Feeds for `n` rows. Columns may be Float64Array or string arrays; they are converted to the input's type. */
export function makeFeeds(inputs: FeedSpec[], cols: Columns, n: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const inp of inputs) {
    const c = cols[inp.name];
    if (!c) throw new Error(`column '${inp.name}' is missing`);
    const type = inp.onnxType ?? onnxInputType(inp.kind);
    if (type !== 'string') {
      const x = numericColumn(c).subarray(0, n);
      const data = type === 'float' ? Float32Array.from(x) : x;
      feeds[inp.name] = new ort.Tensor(type === 'float' ? 'float32' : 'float64', data, [n, 1]);
    } else {
      const s = stringColumn(c);
      feeds[inp.name] = new ort.Tensor(
        'string',
        Array.from({ length: n }, (_, i) => s[i] ?? ''),
        [n, 1],
      );
    }
  }
  return feeds;
}

/** Runs the session and returns predictions in the same shape as predictPipeline's. */
export async function runSession(
  session: OrtSession,
  inputs: FeedSpec[],
  cols: Columns,
  n: number,
): Promise<Predictions> {
  const out = await session.run(makeFeeds(inputs, cols, n));
  const pred = out.prediction;
  if (!pred) throw new Error(`the model has no 'prediction' output (outputs: ${Object.keys(out).join(', ')})`);
  const prediction =
    pred.type === 'string'
      ? Array.from(pred.data as string[])
      : Array.from(pred.data as ArrayLike<number | bigint>, Number);
  const probs = out.probabilities;
  return probs ? { prediction, probabilities: Float64Array.from(probs.data as ArrayLike<number>) } : { prediction };
}
