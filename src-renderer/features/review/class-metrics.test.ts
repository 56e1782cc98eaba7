import { describe, expect, it } from 'vitest';
import { classMetrics } from './class-metrics';

describe('classMetrics', () => {
  it('reads precision from columns and recall from rows', () => {
    // actual a: 5 right, 1 called b; actual b: 3 right, 2 called a; actual c: never predicted.
    const m = classMetrics(
      ['a', 'b', 'c'],
      [
        [5, 1, 0],
        [2, 3, 0],
        [0, 4, 0],
      ],
    );
    expect(m[0]).toMatchObject({ label: 'a', support: 6 });
    expect(m[0].precision).toBeCloseTo(5 / 7, 12);
    expect(m[0].recall).toBeCloseTo(5 / 6, 12);
    expect(m[0].f1).toBeCloseTo((2 * (5 / 7) * (5 / 6)) / (5 / 7 + 5 / 6), 12);
    expect(m[1].precision).toBeCloseTo(3 / 8, 12);
    expect(m[1].recall).toBeCloseTo(3 / 5, 12);
    // Nothing predicted as c: precision is undefined (null), recall and F1 are 0 / null.
    expect(m[2]).toEqual({ label: 'c', support: 4, precision: null, recall: 0, f1: null });
  });

  it('keeps a class without rows apart from a class that scored zero', () => {
    const m = classMetrics(
      ['x', 'y'],
      [
        [0, 3],
        [0, 0],
      ],
    );
    expect(m[0]).toEqual({ label: 'x', support: 3, precision: null, recall: 0, f1: null });
    expect(m[1]).toEqual({ label: 'y', support: 0, precision: 0, recall: null, f1: null });
  });

  it('gives 1 everywhere for a perfect diagonal', () => {
    const m = classMetrics(
      ['p', 'q'],
      [
        [4, 0],
        [0, 2],
      ],
    );
    expect(m.map((c) => [c.precision, c.recall, c.f1])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });
});
