import type { Emit, TrainingEvent } from '@shared/events';
import { CodedError } from '@shared/errors';
import { argmaxRows, headProbabilities, type Head, type Rows } from './heads';
import { fitLogistic } from './logistic';
import { classificationMetrics, type ClassMetrics } from './metrics';

/** Strengths tried from strong to weak, each warm-started from the previous fit. */
export const LAMBDAS = [3e-1, 1e-1, 3e-2, 1e-2, 3e-3];

export interface HeadResult {
  head: Head;
  params: Record<string, number | string | boolean>;
  valid: ClassMetrics;
  validProba: Float64Array;
  fitSeconds: number;
}

/** Logistic head: an L2 path chosen on the validation split (accuracy, then log-loss). */
export async function fitLogisticHead(
  data: { train: Rows; yTrain: number[]; wTrain: number[]; valid: Rows; yValid: number[]; labels: string[] },
  ctx: { signal: AbortSignal; emit: Emit<TrainingEvent>; deadline: number; modelId: string },
): Promise<HeadResult> {
  const started = performance.now();
  const c = data.labels.length;
  let best: HeadResult | undefined;
  let init: Float64Array | undefined;
  let step = 0;
  let worse = 0;
  for (const lambda of LAMBDAS) {
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    const fit = await fitLogistic(data.train, data.yTrain, c, {
      lambda,
      sampleWeight: data.wTrain,
      init,
      maxIter: 100,
      onIteration: (_i, loss) => {
        step += 1;
        ctx.emit({
          type: 'METRIC_SCALAR',
          payload: { modelId: ctx.modelId, name: 'loss', split: 'train', step, value: loss },
        });
      },
      // The time budget is honoured between strengths; a started fit runs to convergence (bounded by maxIter).
      shouldStop: () => ctx.signal.aborted,
    });
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    init = fit.theta;
    const proba = headProbabilities(fit.head, data.valid);
    const m = classificationMetrics(data.yValid, argmaxRows(proba, data.valid.n, c), proba, data.labels);
    ctx.emit({
      type: 'METRIC_SCALAR',
      payload: { modelId: ctx.modelId, name: 'accuracy', split: 'validation', step, value: m.accuracy },
    });
    ctx.emit({
      type: 'METRIC_SCALAR',
      payload: { modelId: ctx.modelId, name: 'log_loss', split: 'validation', step, value: m.log_loss },
    });
    const better =
      !best ||
      m.accuracy > best.valid.accuracy + 1e-12 ||
      (Math.abs(m.accuracy - best.valid.accuracy) <= 1e-12 && m.log_loss < best.valid.log_loss);
    if (better) {
      best = {
        head: fit.head,
        params: { lambda, iterations: fit.iterations },
        valid: m,
        validProba: proba,
        fitSeconds: 0,
      };
      worse = 0;
    } else if (++worse >= 2) {
      break; // two weaker strengths in a row did not help: the path is past its best
    }
    if (performance.now() > ctx.deadline) break;
  }
  const result = best as HeadResult;
  result.fitSeconds = (performance.now() - started) / 1000;
  return result;
}
