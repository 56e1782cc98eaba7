/** Keeps at most `max` evenly spaced points (always the first and last). */
export function decimate<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]);
  return out;
}

/** ROC and precision-recall curve points for one positive class, decimated to ≤ 200 points each. */
export function rocPr(
  yTrue: ArrayLike<number>,
  score: (i: number) => number,
  positive: number,
): { roc: Array<{ fpr: number; tpr: number }>; pr: Array<{ recall: number; precision: number }> } {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(b) - score(a));
  let P = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === positive) P++;
  const N = n - P;
  const roc = [{ fpr: 0, tpr: 0 }];
  // The precision-recall curve starts at recall 0, precision 1 (scikit-learn's end point); a cut that has found no
  // positive yet adds nothing but a drop to (0, 0), which drew a line up from the corner (ggplot2 mpg, 'compact').
  const pr: Array<{ recall: number; precision: number }> = [{ recall: 0, precision: 1 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[order[i]] === positive) tp++;
    else fp++;
    // Only emit at the end of a run of tied scores.
    if (i + 1 < n && score(order[i + 1]) === score(order[i])) continue;
    roc.push({ fpr: N ? fp / N : 0, tpr: P ? tp / P : 0 });
    if (tp > 0) pr.push({ recall: P ? tp / P : 0, precision: tp / (tp + fp) });
  }
  return { roc: decimate(roc), pr: decimate(pr) };
}
