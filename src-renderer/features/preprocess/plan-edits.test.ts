import type { ColumnPlan } from '@shared/project';
import { describe, expect, it } from 'vitest';
import { draftFromPlan, planEdits } from './plan-edits';
import { draftFromSelection, selectionEdits, clampBudget } from '../models/selection-edits';
import { intentEdits, draftFrom } from '../goal/intent-draft';

const col = (name: string, role: ColumnPlan['role'] = 'feature'): ColumnPlan => ({
  name,
  kind: 'numeric',
  role,
  impute: 'median',
  encode: 'none',
  scale: 'standard',
  reason: '',
});

describe('edit builders', () => {
  it('plan edits: nothing changed → no edits; drops and field changes separated', () => {
    const cols = [col('a'), col('b'), col('y', 'target'), col('old', 'drop')];
    const draft = draftFromPlan(cols);
    expect(planEdits(cols, draft)).toEqual({});
    draft.a = { ...draft.a, role: 'drop' };
    draft.b = { ...draft.b, scale: 'robust' };
    draft.old = { ...draft.old, role: 'feature' };
    expect(planEdits(cols, draft)).toEqual({
      drop: ['a'],
      columns: { b: { scale: 'robust' }, old: { role: 'feature' } },
    });
  });

  it('selection edits list models in candidate order and round the budget', () => {
    const sel = {
      metric: 'rmse' as const,
      budgetSeconds: 60,
      candidates: [
        { family: 'ridge' as const, label: '', rationale: '', selected: true },
        { family: 'mlp' as const, label: '', rationale: '', selected: false },
      ],
    };
    const d = draftFromSelection(sel);
    expect(selectionEdits(sel, d)).toEqual({});
    expect(selectionEdits(sel, { selected: ['mlp', 'ridge'], budgetSeconds: 90.4 })).toEqual({
      models: ['ridge', 'mlp'],
      budgetSeconds: 90,
    });
    expect(clampBudget(1)).toBe(10);
    expect(clampBudget(NaN)).toBe(10);
  });

  it('intent edits carry only the changed fields', () => {
    const intent = {
      task: 'regression' as const,
      target: 'price',
      horizon: null,
      k: null,
      date: null,
      confidence: 0.9,
      alternatives: [],
      explanation: '',
    };
    expect(intentEdits(intent, draftFrom(intent))).toEqual({});
    expect(intentEdits(intent, { ...draftFrom(intent), task: 'classification', target: 'churn' })).toEqual({
      task: 'classification',
      target: 'churn',
    });
  });
});
