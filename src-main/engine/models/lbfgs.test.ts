import { describe, expect, it } from 'vitest';
import { lbfgs, type Objective } from './lbfgs';

const rosenbrock: Objective = (p, g) => {
  g[0] = -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]);
  g[1] = 200 * (p[1] - p[0] * p[0]);
  return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] * p[0]) ** 2;
};

describe('lbfgs', () => {
  it('finds the Rosenbrock minimum without touching its start', () => {
    const x0 = Float64Array.from([-1.2, 1]);
    const res = lbfgs(rosenbrock, x0, { maxIter: 500, gtol: 1e-9, ftol: 0 });
    expect(res.f).toBeLessThan(1e-10);
    expect(res.x[0]).toBeCloseTo(1, 4);
    expect(res.x[1]).toBeCloseTo(1, 4);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
  });

  it('reports every iteration with a value that never rises, and stops where it is told to', () => {
    const seen: number[] = [];
    let calls = 0;
    const res = lbfgs(rosenbrock, Float64Array.from([-1.2, 1]), {
      maxIter: 500,
      ftol: 0,
      onIteration: (i, f) => {
        expect(i).toBe(seen.length);
        seen.push(f);
      },
      shouldStop: () => ++calls > 5,
    });
    expect(res.iterations).toBe(5);
    expect(seen).toHaveLength(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1]);
    expect(res.f).toBe(seen[4]);
    expect(res.f).toBeGreaterThan(1e-3); // five steps do not reach the minimum: the current iterate is returned
  });

  it('stops on the max-abs gradient (gtol) before ftol would', () => {
    // f = 0.5 * sum(c_i x_i^2): gradient c_i x_i.
    const c = [1, 10, 100];
    const quad: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        g[i] = c[i] * x[i];
        f += 0.5 * c[i] * x[i] * x[i];
      }
      return f;
    };
    const loose = lbfgs(quad, Float64Array.from([1, 1, 1]), { gtol: 1e-2, ftol: 0 });
    const tight = lbfgs(quad, Float64Array.from([1, 1, 1]), { gtol: 1e-10, ftol: 0 });
    expect(loose.iterations).toBeLessThan(tight.iterations);
    for (let i = 0; i < 3; i++) expect(Math.abs(c[i] * tight.x[i])).toBeLessThanOrEqual(1e-10);
  });
});
