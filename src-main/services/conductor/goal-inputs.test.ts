import { describe, expect, it } from 'vitest';
import type { PreprocessPlan } from '@shared/project';
import { applyPlanEdits } from '../../engine/tabular/plan';
import { applyGoalInputs } from './goal-inputs';

describe('applyGoalInputs', () => {
  it('drops the columns the goal left out of the plan, and a column the person ticks back is used', () => {
    const plan: PreprocessPlan = {
      columns: ['carat', 'clarity', 'price', 'x'].map((name) => ({
        name,
        kind: 'numeric',
        role: name === 'price' ? 'target' : 'feature',
        impute: 'none',
        encode: 'none',
        scale: 'none',
        reason: '',
      })),
      validation: { kind: 'holdout', testFraction: 0.2, stratified: false },
      classWeights: false,
      warnings: [],
    };
    const dropped = applyGoalInputs(plan, { only: ['carat', 'price'], without: ['x'] });
    expect(dropped.columns.map((c) => c.role)).toEqual(['feature', 'drop', 'target', 'drop']);
    expect(dropped.columns[1].reason).toBe('The goal names the inputs: carat, price.');
    expect(dropped.columns[3].reason).toBe('The goal says not to use it.');
    const ticked = applyPlanEdits(dropped, { columns: { x: { role: 'feature' } } });
    expect(ticked.columns[3].role).toBe('feature');
  });
});
