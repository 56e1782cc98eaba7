/** Objective: returns the value and writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter?: number;
  /** History size. */
  m?: number;
  /** Stop when the gradient's max-abs falls below this. */
  gtol?: number;
  /** Stop when the relative decrease of f over an iteration falls below this. */
  ftol?: number;
  /** Called after each iteration; return false to stop early (e.g. on cancel). */
  onIter?: (iter: number, f: number) => boolean | void;
}

/** Limited-memory BFGS with a backtracking Armijo line search. Minimises in place; returns the final value. */
export function lbfgs(f: Objective, x: Float64Array, opts: LbfgsOptions = {}): { f: number; iterations: number } {
  const n = x.length;
  const m = opts.m ?? 10;
  const maxIter = opts.maxIter ?? 200;
  const gtol = opts.gtol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-9;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let g = new Float64Array(n);
  let fx = f(x, g);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const alpha = new Float64Array(m);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (maxAbs(g) < gtol) break;
    // Two-loop recursion: d = -H g.
    d.set(g);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      axpy(-alpha[k], Y[k], d);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      scale(d, dot(S[last], Y[last]) / dot(Y[last], Y[last]));
    } else {
      scale(d, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      axpy(alpha[k] - beta, S[k], d);
    }
    scale(d, -1);
    let gd = dot(g, d);
    if (gd >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      d.set(g);
      scale(d, -1 / Math.max(1, Math.sqrt(dot(g, g))));
      gd = dot(g, d);
    }
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * gd) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const rel = (fx - fNew) / Math.max(1, Math.abs(fx));
    x.set(xNew);
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (opts.onIter?.(iter, fx) === false) {
      iter++;
      break;
    }
    if (rel < ftol) {
      iter++;
      break;
    }
  }
  return { f: fx, iterations: iter };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}
function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
