import { describe, expect, it } from 'vitest';
import { commonRounds } from './evaluate';

describe('commonRounds', () => {
  it('picks the minimum of the folds’ mean validation curve, not any one fold’s own best', () => {
    // Fold A is best at round 2, fold B at round 5; their mean is lowest at round 4.
    const a = [1.0, 0.5, 0.6, 0.62, 0.9];
    const b = [1.0, 0.9, 0.7, 0.45, 0.44];
    // Means: 1.0, 0.7, 0.65, 0.535, 0.67
    expect(commonRounds([a, b])).toBe(4);
  });

  it('a fold that stopped early counts its last loss for the later rounds', () => {
    const short = [0.9, 0.5, 0.55];
    const long = [0.9, 0.8, 0.6, 0.3, 0.31];
    // Means: 0.9, 0.65, 0.575, 0.425 (0.55 + 0.3), 0.43
    expect(commonRounds([short, long])).toBe(4);
    expect(commonRounds([[0.3, 0.2, 0.1]])).toBe(3);
  });
});
