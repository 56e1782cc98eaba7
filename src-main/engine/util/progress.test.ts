import { describe, expect, it } from 'vitest';
import type { JobProgressEvent, ProgressEvent } from '@shared/events';
import { JobProgress, ProgressReporter } from './progress';

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

describe('JobProgress', () => {
  it('maps each part into its share, never runs backwards, passes an unknown amount as null, ends at 1', () => {
    const seen: JobProgressEvent['payload'][] = [];
    const p = new JobProgress('export', (e) => seen.push(e.payload));
    const copy = p.part(0.2, 0.6);
    copy(0, 'copy');
    copy(0.5, 'copy');
    copy(2, 'copy');
    p.report(0.1, 'late and lower');
    p.report(null, 'how much is left is not known');
    p.done('done');
    expect(seen.map((s) => s.fraction)).toEqual([0.2, 0.4, 0.6, 0.6, null, 1]);
    expect(seen.every((s) => s.job === 'export')).toBe(true);
    expect(seen[4]).toEqual({ job: 'export', fraction: null, message: 'how much is left is not known' });
    expect(seen.at(-1)?.etaSeconds).toBe(0);
  });
});
