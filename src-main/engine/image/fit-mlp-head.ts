import { CodedError } from '@shared/errors';
import type { Emit, TrainingEvent } from '@shared/events';
import type { HeadResult } from './fit-logistic-head';
import { argmaxRows, headProbabilities, type Head, type Rows } from './heads';
import { standardiser } from './logistic';
import { classificationMetrics } from './metrics';
import { seededRandom } from '../util/rng';
import { shuffle } from './split';
import { tf, tfReady } from './tf-backend';

export interface MlpOptions {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  dropout: number;
  patience: number;
  seed: number;
}

export const MLP_DEFAULTS: MlpOptions = {
  hidden: 128,
  epochs: 60,
  batchSize: 64,
  learningRate: 1e-3,
  l2: 1e-4,
  dropout: 0.2,
  patience: 8,
  seed: 7,
};

/**
 * One-hidden-layer MLP head (ReLU, dropout, class-weighted softmax cross-entropy, Adam) on tfjs,
 * early-stopped on validation loss; the best epoch's weights are kept, with the input standardisation folded in.
 */
export async function fitMlpHead(
  data: { train: Rows; yTrain: number[]; wTrain: number[]; valid: Rows; yValid: number[]; labels: string[] },
  ctx: {
    signal: AbortSignal;
    emit: Emit<TrainingEvent>;
    deadline: number;
    modelId: string;
    onEpoch?: (fraction: number) => void;
  },
  options: Partial<MlpOptions> = {},
): Promise<HeadResult> {
  const o = { ...MLP_DEFAULTS, ...options };
  const started = performance.now();
  const backend = await tfReady();
  const { n, d } = data.train;
  const c = data.labels.length;
  const { mean, std } = standardiser(data.train);
  const standardise = (x: Rows): Float32Array => {
    const z = new Float32Array(x.n * d);
    for (let i = 0; i < x.n; i++) for (let k = 0; k < d; k++) z[i * d + k] = (x.data[i * d + k] - mean[k]) / std[k];
    return z;
  };
  const rand = seededRandom(o.seed);
  const W1 = tf.variable(tf.randomNormal([d, o.hidden], 0, Math.sqrt(2 / d), 'float32', o.seed));
  const b1 = tf.variable(tf.zeros([o.hidden]));
  const W2 = tf.variable(tf.randomNormal([o.hidden, c], 0, Math.sqrt(1 / o.hidden), 'float32', o.seed + 1));
  const b2 = tf.variable(tf.zeros([c]));
  const xTrain = tf.tensor2d(standardise(data.train), [n, d]);
  const yTrain = tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), c);
  const wTrain = tf.tensor1d(data.wTrain);
  const xValid = tf.tensor2d(standardise(data.valid), [data.valid.n, d]);
  const optimizer = tf.train.adam(o.learningRate);
  let best: { loss: number; epoch: number; weights: Float32Array[] } | undefined;
  let epochsRun = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
      const order = tf.tensor1d(shuffle([...Array(n).keys()], rand), 'int32');
      let lossSum = 0;
      for (let b = 0; b < n; b += o.batchSize) {
        const size = Math.min(o.batchSize, n - b);
        const loss = tf.tidy(() => {
          const idx = order.slice([b], [size]);
          const xb = tf.gather(xTrain, idx);
          const yb = tf.gather(yTrain, idx);
          const wb = tf.gather(wTrain, idx);
          return optimizer.minimize(() => {
            const hidden = tf.dropout(tf.relu(tf.add(tf.matMul(xb, W1), b1)), o.dropout);
            const logits = tf.add(tf.matMul(hidden, W2), b2);
            const ce = tf.losses.softmaxCrossEntropy(yb, logits, wb, 0, tf.Reduction.SUM_BY_NONZERO_WEIGHTS);
            return tf.add(ce, tf.mul(o.l2 / 2, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2))))) as tf.Scalar;
          }, true) as tf.Scalar;
        });
        lossSum += (await loss.data())[0] * size;
        loss.dispose();
      }
      order.dispose();
      epochsRun = epoch + 1;
      const validLogits = tf.tidy(() => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xValid, W1), b1)), W2), b2));
      const vl = softmaxLoss(await validLogits.data(), data.yValid, c);
      validLogits.dispose();
      ctx.emit({
        type: 'METRIC_SCALAR',
        payload: { modelId: ctx.modelId, name: 'loss', split: 'train', step: epoch, value: lossSum / n },
      });
      ctx.emit({
        type: 'METRIC_SCALAR',
        payload: { modelId: ctx.modelId, name: 'log_loss', split: 'validation', step: epoch, value: vl.loss },
      });
      ctx.emit({
        type: 'METRIC_SCALAR',
        payload: { modelId: ctx.modelId, name: 'accuracy', split: 'validation', step: epoch, value: vl.accuracy },
      });
      ctx.onEpoch?.((epoch + 1) / o.epochs);
      if (!best || vl.loss < best.loss - 1e-6) {
        best = {
          loss: vl.loss,
          epoch,
          weights: await Promise.all([W1, b1, W2, b2].map(async (v) => (await v.data()) as Float32Array)),
        };
      } else if (epoch - best.epoch >= o.patience) break;
      // A few epochs always run: one epoch of an MLP is not a model.
      if (epoch >= 4 && performance.now() > ctx.deadline) break;
    }
  } finally {
    [W1, b1, W2, b2, xTrain, yTrain, wTrain, xValid].forEach((t) => t.dispose());
    optimizer.dispose();
  }
  if (!best) throw new CodedError('cancelled', 'The MLP had no time to train; raise the time budget.');
  const head = foldStandardisation(best.weights, mean, std, d, o.hidden, c);
  const proba = headProbabilities(head, data.valid);
  const valid = classificationMetrics(data.yValid, argmaxRows(proba, data.valid.n, c), proba, data.labels);
  return {
    head,
    params: {
      hidden: o.hidden,
      epochs: epochsRun,
      bestEpoch: best.epoch + 1,
      learningRate: o.learningRate,
      l2: o.l2,
      dropout: o.dropout,
      backend,
    },
    valid,
    validProba: proba,
    fitSeconds: (performance.now() - started) / 1000,
  };
}

function softmaxLoss(
  logits: Float32Array | Int32Array | Uint8Array,
  y: number[],
  c: number,
): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  y.forEach((t, i) => {
    let m = -Infinity;
    let arg = 0;
    for (let j = 0; j < c; j++) if (logits[i * c + j] > m) [m, arg] = [logits[i * c + j], j];
    let s = 0;
    for (let j = 0; j < c; j++) s += Math.exp(logits[i * c + j] - m);
    loss += m + Math.log(s) - logits[i * c + t];
    if (arg === t) correct += 1;
  });
  return { loss: loss / Math.max(1, y.length), accuracy: correct / Math.max(1, y.length) };
}

/** x·(W1/std) + (b1 − Σ mean/std·W1): the head then reads raw embeddings. */
function foldStandardisation(
  w: Float32Array[],
  mean: Float64Array,
  std: Float64Array,
  d: number,
  h: number,
  c: number,
): Head {
  const [W1, b1, W2, b2] = w;
  const W = new Float32Array(d * h);
  const b = new Float64Array(b1);
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < h; j++) {
      const v = W1[k * h + j] / std[k];
      W[k * h + j] = v;
      b[j] -= v * mean[k];
    }
  }
  return {
    kind: 'mlp',
    d,
    h,
    c,
    W1: W,
    b1: Float32Array.from(b),
    W2: Float32Array.from(W2),
    b2: Float32Array.from(b2),
  };
}
