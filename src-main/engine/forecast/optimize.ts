import { checkBudget } from './budget';

/**
 * Dense BFGS for a handful of unconstrained parameters with central finite-difference gradients, as R's
 * optim(method = "BFGS") runs for stats::arima. The engine's L-BFGS (engine/models/lbfgs) asks for the
 * gradient at every line-search trial; with numerical gradients that costs 2k evaluations per trial, so
 * this variant evaluates only f while backtracking and the gradient at accepted points.
 * Non-finite values count as +Infinity (the line search steps away from them).
 */
export function minimizeSmooth(
  f: (x: number[]) => number,
  x0: number[],
  opts: { maxIter?: number; tol?: number; step?: number; deadline?: number } = {},
): { x: number[]; fx: number; iterations: number } {
  const k = x0.length;
  const h = opts.step ?? 1e-4;
  const tol = opts.tol ?? 1e-9;
  const safe = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const grad = (x: number[], fx: number): number[] => {
    const g = new Array<number>(k);
    const xs = x.slice();
    for (let i = 0; i < k; i++) {
      const xi = xs[i];
      xs[i] = xi + h;
      const up = safe(xs);
      xs[i] = xi - h;
      const down = safe(xs);
      xs[i] = xi;
      if (Number.isFinite(up) && Number.isFinite(down)) g[i] = (up - down) / (2 * h);
      else if (Number.isFinite(up)) g[i] = (up - fx) / h;
      else if (Number.isFinite(down)) g[i] = (fx - down) / h;
      else g[i] = 0;
    }
    return g;
  };
  let x = x0.slice();
  let fx = safe(x);
  if (!Number.isFinite(fx) || k === 0) return { x, fx, iterations: 0 };
  let g = grad(x, fx);
  // Inverse Hessian approximation, started at the identity.
  let H: number[][] = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  let it = 0;
  for (; it < (opts.maxIter ?? 100); it++) {
    checkBudget(opts.deadline);
    let dir = H.map((row) => -row.reduce((s, v, j) => s + v * g[j], 0));
    let slope = dir.reduce((s, v, i) => s + v * g[i], 0);
    if (!(slope < 0)) {
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      dir = g.map((v) => -v);
      slope = -g.reduce((s, v) => s + v * v, 0);
      if (!(slope < 0)) break;
    }
    // Steps of at most 1 on the unconstrained scale: further out the parameter maps saturate (tanh,
    // logistic) and a flat, wrong region would look like convergence.
    const norm = Math.sqrt(dir.reduce((a, v) => a + v * v, 0));
    let step = norm > 1 ? 1 / norm : 1;
    let xNew = x;
    let fNew = Infinity;
    for (let ls = 0; ls < 30; ls++) {
      xNew = x.map((v, i) => v + step * dir[i]);
      fNew = safe(xNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.3;
    }
    if (!(fNew < fx)) break;
    const gNew = grad(xNew, fNew);
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = s.reduce((a, v, i) => a + v * y[i], 0);
    const done = fx - fNew <= tol * (Math.abs(fx) + tol);
    x = xNew;
    fx = fNew;
    g = gNew;
    if (done) break;
    if (sy > 1e-12) {
      // H <- (I - ρ s y') H (I - ρ y s') + ρ s s'
      const rho = 1 / sy;
      const Hy = H.map((row) => row.reduce((a, v, j) => a + v * y[j], 0));
      const yHy = y.reduce((a, v, i) => a + v * Hy[i], 0);
      H = H.map((row, i) =>
        row.map((v, j) => v - rho * (s[i] * Hy[j] + Hy[i] * s[j]) + (rho * rho * yHy + rho) * s[i] * s[j]),
      );
    }
  }
  return { x, fx, iterations: it };
}
