import type { MetricName } from '@shared/tasks';
import { metricValue, oriented } from '../metrics';

/**
 * Greedy ensemble selection with replacement (Caruana et al., 2004) over validation predictions:
 * start from the best model, repeatedly add the model (possibly again) that most improves the averaged
 * prediction's metric. Returns weights that sum to 1 (zeros for unused models) and the ensemble's score.
 */
export function caruana(
  preds: Float64Array[],
  yTrue: ArrayLike<number>,
  task: 'regression' | 'classification',
  nClasses: number,
  metric: MetricName,
  rounds = 25,
): { weights: number[]; score: number } {
  const m = preds.length;
  const len = preds[0].length;
  const scoreOf = (p: Float64Array): number => oriented(metric, metricValue(task, yTrue, p, nClasses, metric));
  const counts = new Array<number>(m).fill(0);
  const sum = new Float64Array(len);
  let size = 0;
  let bestScore = -Infinity;
  const trial = new Float64Array(len);
  for (let r = 0; r < rounds; r++) {
    let pick = -1;
    let pickScore = -Infinity;
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < len; i++) trial[i] = (sum[i] + preds[j][i]) / (size + 1);
      const s = scoreOf(trial);
      if (s > pickScore + 1e-12) {
        pickScore = s;
        pick = j;
      }
    }
    if (pick < 0) break;
    // Keep going through small dips (the classic algorithm), but remember the best ensemble size.
    counts[pick]++;
    for (let i = 0; i < len; i++) sum[i] += preds[pick][i];
    size++;
    if (pickScore > bestScore + 1e-12) bestScore = pickScore;
    else if (r > 3 && pickScore < bestScore - 1e-9) {
      counts[pick]--;
      size--;
      break;
    }
  }
  return { weights: counts.map((c) => c / size), score: bestScore };
}
