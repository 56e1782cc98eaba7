import { checkBudget } from './budget';

/**
 * Nelder-Mead simplex minimiser (standard coefficients). Deterministic; used to fit smoothing
 * parameters (ETS) and ARMA coefficients (CSS) on an unconstrained scale.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: { step?: number; maxIter?: number; tol?: number; deadline?: number } = {},
): { x: number[]; fx: number; iterations: number } {
  const dim = x0.length;
  const step = opts.step ?? 0.5;
  const maxIter = opts.maxIter ?? 200 * dim;
  const tol = opts.tol ?? 1e-10;
  const safe = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  let simplex = [x0.slice()];
  for (let i = 0; i < dim; i++) {
    const p = x0.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    checkBudget(opts.deadline);
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[dim] - values[0]) <= tol * (Math.abs(values[0]) + tol)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j] += simplex[i][j] / dim;
    const towards = (coef: number): number[] => centroid.map((c, j) => c + coef * (simplex[dim][j] - c));
    const xr = towards(-1);
    const fr = safe(xr);
    if (fr < values[0]) {
      const xe = towards(-2);
      const fe = safe(xe);
      if (fe < fr) [simplex[dim], values[dim]] = [xe, fe];
      else [simplex[dim], values[dim]] = [xr, fr];
    } else if (fr < values[dim - 1]) {
      [simplex[dim], values[dim]] = [xr, fr];
    } else {
      const outside = fr < values[dim];
      const xc = towards(outside ? -0.5 : 0.5);
      const fc = safe(xc);
      if (fc < (outside ? fr : values[dim])) {
        [simplex[dim], values[dim]] = [xc, fc];
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = safe(simplex[i]);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[bi]) bi = i;
  return { x: simplex[bi], fx: values[bi], iterations: iter };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const logit = (p: number): number => Math.log(p / (1 - p));
