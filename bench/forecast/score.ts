/** MASE: mean absolute error over the non-missing actuals, scaled by the in-sample seasonal naive MAE. */
export function mase(actual: Array<number | null>, pred: ArrayLike<number>, scale: number): number {
  let s = 0;
  let c = 0;
  actual.forEach((a, i) => {
    if (a === null) return;
    s += Math.abs(a - pred[i]);
    c++;
  });
  return s / c / scale;
}
