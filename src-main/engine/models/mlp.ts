import { CodedError } from '@shared/errors';
import type { MlpModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import { makeRng } from './trees/rng';
import { tf, tfReady } from './tf-backend';
import { budgetNow } from '../util/budget-clock';

/**
 * Two-hidden-layer ReLU MLP trained with Adam in tfjs (wasm backend), early-stopped on the validation rows.
 * Regression targets are standardised for training and the scale is stored in the model (yCenter/yScale).
 * The last layer is linear; the pipeline's link (logistic/softmax) turns it into probabilities.
 */
export async function fitMlp(input: FitInput, params: Params): Promise<MlpModel & { bestIteration: number }> {
  await tfReady();
  const { X, n, p, y, task, nClasses, valid, signal } = input;
  const hidden = num(params, 'hidden', 64);
  const epochs = num(params, 'epochs', 100);
  const lr = num(params, 'learning_rate', 0.003);
  const l2 = num(params, 'alpha', 1e-4);
  const patience = num(params, 'early_stopping', 10);
  const batchSize = Math.min(256, Math.max(32, Math.round(n / 20)));
  const out = task === 'multiclass' ? nClasses : 1;
  let yCenter = 0;
  let yScale = 1;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) yCenter += y[i] / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (y[i] - yCenter) ** 2 / n;
    yScale = Math.sqrt(v) || 1;
  }
  const targetTensor = (yy: Float64Array, m: number): tf.Tensor2D =>
    task === 'multiclass'
      ? (tf.oneHot(tf.tensor1d(Array.from(yy), 'int32'), nClasses).toFloat() as tf.Tensor2D)
      : tf.tensor2d(
          Float32Array.from(yy, (v) => (task === 'regression' ? (v - yCenter) / yScale : v)),
          [m, 1],
        );
  const model = tf.sequential();
  const reg = tf.regularizers.l2({ l2 });
  const init = (s: number) => tf.initializers.glorotUniform({ seed: (input.seed ?? 1) + s });
  model.add(
    tf.layers.dense({
      inputShape: [p],
      units: hidden,
      activation: 'relu',
      kernelRegularizer: reg,
      kernelInitializer: init(1),
    }),
  );
  model.add(
    tf.layers.dense({
      units: Math.max(4, hidden >> 1),
      activation: 'relu',
      kernelRegularizer: reg,
      kernelInitializer: init(2),
    }),
  );
  model.add(tf.layers.dense({ units: out, activation: 'linear', kernelInitializer: init(3) }));
  // Per-row losses (Reduction.NONE) so that tfjs can apply class weights row by row.
  const none = tf.Reduction.NONE;
  const loss =
    task === 'regression'
      ? 'meanSquaredError'
      : task === 'binary'
        ? (t: tf.Tensor, z: tf.Tensor) => tf.losses.sigmoidCrossEntropy(t, z, undefined, 0, none).mean(-1)
        : (t: tf.Tensor, z: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, z, undefined, 0, none);
  // Class weights (balanced) arrive as per-row weights that are constant within a class.
  let classWeight: Record<number, number> | undefined;
  if (input.weights && task !== 'regression') {
    classWeight = {};
    for (let r = 0; r < n; r++) classWeight[y[r]] = input.weights[r];
  }
  model.compile({ optimizer: tf.train.adam(lr), loss });
  const xs = tf.tensor2d(Float32Array.from(X), [n, p]);
  const ys = targetTensor(y, n);
  const vx = valid ? tf.tensor2d(Float32Array.from(valid.X), [valid.n, p]) : null;
  const vy = valid ? targetTensor(valid.y, valid.n) : null;
  const rng = makeRng(input.seed ?? 1);
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let since = 0;
  try {
    for (let e = 0; e < epochs; e++) {
      if (signal?.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
      if (input.deadline && e > 0 && budgetNow() > input.deadline) break;
      // Seeded shuffle (tfjs's own uses Math.random), so a fit is reproducible from the run's seed.
      const perm = tf.tensor1d(shuffled(n, rng), 'int32');
      const xe = tf.gather(xs, perm);
      const ye = tf.gather(ys, perm);
      perm.dispose();
      try {
        await model.fit(xe, ye, { epochs: 1, batchSize, shuffle: false, verbose: 0, classWeight });
      } finally {
        xe.dispose();
        ye.dispose();
      }
      let vloss: number | null = null;
      if (vx && vy) {
        const lt = tf.tidy(() => {
          const z = model.predict(vx) as tf.Tensor;
          return task === 'regression'
            ? tf.losses.meanSquaredError(vy, z)
            : task === 'binary'
              ? tf.losses.sigmoidCrossEntropy(vy, z)
              : tf.losses.softmaxCrossEntropy(vy, z);
        });
        vloss = (await lt.data())[0] * (task === 'regression' ? yScale * yScale : 1);
        lt.dispose();
        if (vloss < best - 1e-9) {
          best = vloss;
          bestEpoch = e + 1;
          since = 0;
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = model.getWeights().map((t) => t.clone());
        } else since++;
      } else bestEpoch = e + 1;
      input.onIteration?.(e + 1, vloss, (e + 1) / epochs);
      if (vx && since >= patience) break;
    }
    if (bestWeights) model.setWeights(bestWeights);
    const layers: MlpModel['layers'] = [];
    for (const [i, layer] of model.layers.entries()) {
      const [kernel, bias] = layer.getWeights();
      const k = (await kernel.array()) as number[][];
      const b = (await bias.array()) as number[];
      layers.push({ weights: k, bias: b, activation: i < model.layers.length - 1 ? 'relu' : 'linear' });
    }
    return {
      family: 'mlp',
      layers,
      link: task === 'regression' ? 'identity' : task === 'binary' ? 'logistic' : 'softmax',
      ...(task === 'regression' ? { yCenter, yScale } : {}),
      bestIteration: bestEpoch,
    };
  } finally {
    xs.dispose();
    ys.dispose();
    vx?.dispose();
    vy?.dispose();
    bestWeights?.forEach((t) => t.dispose());
    model.dispose();
  }
}

function shuffled(n: number, rng: () => number): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
