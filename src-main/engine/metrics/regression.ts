/** Regression metrics with scikit-learn's definitions. */
export function regressionMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): { mse: number; rmse: number; mae: number; r2: number; explained_variance: number } {
  const n = yTrue.length;
  let my = 0;
  let mres = 0;
  for (let i = 0; i < n; i++) {
    my += yTrue[i];
    mres += yTrue[i] - yPred[i];
  }
  my /= n;
  mres /= n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  let sres = 0;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i] - yPred[i];
    sse += e * e;
    sae += Math.abs(e);
    sst += (yTrue[i] - my) ** 2;
    sres += (e - mres) ** 2;
  }
  const mse = sse / n;
  return {
    mse,
    rmse: Math.sqrt(mse),
    mae: sae / n,
    // scikit-learn returns 1 for a perfect fit of constant data and 0 otherwise.
    r2: sst === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / sst,
    explained_variance: sst === 0 ? (sres === 0 ? 1 : 0) : 1 - sres / sst,
  };
}
