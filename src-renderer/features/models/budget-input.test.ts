import { describe, expect, it } from 'vitest';
import { typedBudget } from './BudgetInput';

describe('the budget box', () => {
  it('counts a typed value in range at once (the echo follows typing), and leaves the rest for blur', () => {
    expect(typedBudget('75')).toBe(75);
    expect(typedBudget('10')).toBe(10);
    expect(typedBudget('1800')).toBe(1800);
    // On the way to "75": "7" is below the minimum and waits for blur (which clamps it).
    expect(typedBudget('7')).toBeNull();
    expect(typedBudget('')).toBeNull();
    expect(typedBudget('  ')).toBeNull();
    expect(typedBudget('1801')).toBeNull();
    expect(typedBudget('abc')).toBeNull();
  });
});
