import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '@shared/events';
import { ProgressReporter } from './progress';

describe('ProgressReporter', () => {
  it('sends every report, never runs backwards, and ends at 1 with no time left', () => {
    const seen: ProgressEvent['payload'][] = [];
    const p = new ProgressReporter((e) => seen.push(e.payload));
    p.report(0.3, 'a');
    p.report(0.1, 'b', { modelId: 'm1', family: 'gradient_boosting', modelFraction: 0.5 });
    p.report(Number.NaN, 'c');
    p.done('d');
    expect(seen.map((s) => s.fraction)).toEqual([0.3, 0.3, 0.3, 1]);
    expect(seen[1]).toMatchObject({ message: 'b', modelId: 'm1', family: 'gradient_boosting', modelFraction: 0.5 });
    expect(seen[3].etaSeconds).toBe(0);
    expect(p.fraction).toBe(1);
  });

  it('with a time budget, reads the fraction from the time spent and the time left from the budget', () => {
    const seen: ProgressEvent['payload'][] = [];
    const p = new ProgressReporter((e) => seen.push(e.payload), 60_000);
    p.reportByTime('start');
    expect(seen[0].fraction).toBeLessThan(0.01);
    expect(seen[0].etaSeconds).toBeGreaterThan(59);
    expect(seen[0].etaSeconds).toBeLessThanOrEqual(60);
  });
});
