/** f(x) and its gradient written into g; returns f. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** At most this many iterations (default 200). */
  maxIter?: number;
  /** History size (default 10). */
  memory?: number;
  /** Stop when f changes by at most ftol * max(1, |f|) over an iteration (default 1e-7). */
  ftol?: number;
  /**
   * Stop when every gradient component is at most gtol in size (SciPy L-BFGS-B's pgtol, which scikit-learn uses);
   * 0 (the default) leaves it to ftol.
   */
  gtol?: number;
  /**
   * An estimate of the inverse Hessian's diagonal (positive), the initial metric of every iteration (scaled as the
   * identity would be). On sparse text, where a frequent n-gram's curvature is thousands of times a rare one's, it
   * saves most iterations (row-ops.ts inverseCurvature).
   */
  diagonal?: Float64Array;
  /** Asked before each iteration (cancel, deadline): true stops and returns the current iterate. */
  shouldStop?: () => boolean;
  /** Told after each iteration: its index from 0 and the new value (loss curves). */
  onIteration?: (iteration: number, f: number) => void;
}

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: the one L-BFGS, used by the tabular linear models
 * (logistic, linear SVM) and the image heads. Small and dependable for their smooth convex losses. Every iterate is
 * a usable model, so a stop keeps the current one; a line search that finds no decrease ends the run without
 * taking its step. Minimises a copy of x0.
 */
export function lbfgs(
  f: Objective,
  x0: Float64Array,
  opts: LbfgsOptions = {},
): { x: Float64Array; f: number; iterations: number } {
  const maxIter = opts.maxIter ?? 200;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 1e-7;
  const gtol = opts.gtol ?? 0;
  const d = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  let fx = f(x, g);
  const S: Float64Array<ArrayBuffer>[] = [];
  const Y: Float64Array<ArrayBuffer>[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  const alpha = new Float64Array(m);
  let spare = { s: new Float64Array(d), y: new Float64Array(d) };
  const small = (): boolean => {
    for (let i = 0; i < d; i++) if (Math.abs(g[i]) > gtol) return false;
    return true;
  };
  let it = 0;
  for (; it < maxIter; it++) {
    if (opts.shouldStop?.() || (gtol > 0 && small())) break;
    // Two-loop recursion: dir = -H g.
    for (let i = 0; i < d; i++) dir[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      axpy(-alpha[k], Y[k], dir);
    }
    const D = opts.diagonal;
    if (S.length && D) {
      // H0 = gamma · D, gamma = s'y / y'Dy (the scaled-identity rule with D as the metric).
      const k = S.length - 1;
      let yDy = 0;
      let sy = 0;
      for (let i = 0; i < d; i++) {
        yDy += Y[k][i] * D[i] * Y[k][i];
        sy += S[k][i] * Y[k][i];
      }
      const gamma = sy / yDy;
      for (let i = 0; i < d; i++) dir[i] *= gamma * D[i];
    } else if (S.length) {
      const k = S.length - 1;
      const gamma = dot(S[k], Y[k]) / dot(Y[k], Y[k]);
      for (let i = 0; i < d; i++) dir[i] *= gamma;
    } else if (D) {
      for (let i = 0; i < d; i++) dir[i] *= D[i];
    } else {
      const gn = Math.sqrt(dot(g, g));
      if (gn > 0) for (let i = 0; i < d; i++) dir[i] /= Math.max(gn, 1);
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      axpy(alpha[k] - beta, S[k], dir);
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < d; i++) dir[i] = -g[i];
      slope = -dot(g, g);
    }
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i] + step * dir[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break;
    const s = spare.s;
    const y = spare.y;
    // One pass: the step, the gradient change, s'y, the move to the new point and |g|² (was five passes of d).
    let sy = 0;
    let gg = 0;
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      x[i] = xNew[i];
      g[i] = gNew[i];
      gg += g[i] * g[i];
    }
    const fPrev = fx;
    fx = fNew;
    if (sy > 1e-12) {
      // The dropped pair's arrays become the next spare: no garbage per iteration on wide problems.
      if (S.length === m) {
        spare.s = S.shift() as Float64Array<ArrayBuffer>;
        spare.y = Y.shift() as Float64Array<ArrayBuffer>;
        rho.shift();
      } else spare = { s: new Float64Array(d), y: new Float64Array(d) };
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    opts.onIteration?.(it, fx);
    if (Math.abs(fPrev - fx) <= ftol * Math.max(1, Math.abs(fx)) || Math.sqrt(gg) < 1e-9) {
      it++;
      break;
    }
  }
  return { x, f: fx, iterations: it };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
