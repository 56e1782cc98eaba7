import { describe, expect, it } from 'vitest';
import type { ColumnProfile, DataProfile } from '@shared/project';
import { applyPlanEdits, candidateModels, defaultPlan, withoutDroppedColumnWarnings } from './plan';
import { kfoldRepeats, makeSplit } from './split';

const col = (name: string, kind: ColumnProfile['kind'], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name,
  kind,
  dbType: 'X',
  missing: 0,
  missingPct: 0,
  distinct: 10,
  ...extra,
});

const profile: DataProfile = {
  rows: 20_000,
  columns: [
    col('id', 'id'),
    col('age', 'numeric', { missing: 5, missingPct: 0.01, min: 0, max: 90, q1: 30, q3: 50 }),
    col('city', 'categorical', { distinct: 300 }),
    col('tier', 'categorical', { distinct: 3 }),
    col('note', 'text'),
    col('seen', 'datetime'),
    col('flat', 'constant'),
    col('leak', 'numeric'),
    col('y', 'categorical', { distinct: 2 }),
  ],
  duplicateRows: 0,
  correlations: [
    { a: 'leak', b: 'y', method: 'cramers_v', value: 0.995 },
    { a: 'age', b: 'y', method: 'pearson', value: 0.3 },
  ],
  target: {
    column: 'y',
    kind: 'classes',
    classes: [
      { value: 'a', count: 19000 },
      { value: 'b', count: 1000 },
    ],
    imbalanceRatio: 19,
  },
  warnings: [],
  elapsedMs: 0,
};

describe('plan', () => {
  it('plans roles and encodings, holdout for large data, class weights and a leakage warning', () => {
    const plan = defaultPlan(profile, { task: 'classification', target: 'y' });
    const by = Object.fromEntries(plan.columns.map((c) => [c.name, c]));
    expect(by.id.role).toBe('id');
    expect(by.flat.role).toBe('drop');
    expect(by.y.role).toBe('target');
    expect(by.age).toMatchObject({ role: 'feature', impute: 'median', scale: 'standard' });
    expect(by.city.encode).toBe('target');
    expect(by.tier.encode).toBe('onehot');
    expect(by.note).toMatchObject({ role: 'text', encode: 'tfidf' });
    expect(by.seen.encode).toBe('datetime_parts');
    expect(plan.validation).toEqual({ kind: 'holdout', testFraction: 0.2, stratified: true });
    expect(plan.classWeights).toBe(true);
    expect(plan.warnings.some((w) => w.includes("'leak'") && /leakage/.test(w))).toBe(true);
    expect(plan.columns.every((c) => c.reason.length > 0)).toBe(true);
  });

  it('forgets a leakage warning once the goal or the person drops the column it names (ggplot2 mpg, session 12)', () => {
    const plan = defaultPlan(profile, { task: 'classification', target: 'y' });
    const leakWarnings = plan.warnings.filter((w) => w.includes("'leak'"));
    expect(leakWarnings.length).toBeGreaterThan(0);
    // Kept while the column is used.
    expect(withoutDroppedColumnWarnings(plan).warnings).toEqual(plan.warnings);
    const dropped = withoutDroppedColumnWarnings(applyPlanEdits(plan, { drop: ['leak'] }));
    expect(dropped.warnings.some((w) => w.includes("'leak'"))).toBe(false);
    expect(dropped.warnings).toEqual(plan.warnings.filter((w) => !leakWarnings.includes(w)));
    // A warning that names the column as written in the file ('Leak' beside 'leak', which the app calls leak).
    const written = { ...plan, warnings: [...plan.warnings, "Possible leakage: 'Leak' predicts the target."] };
    const asWritten = withoutDroppedColumnWarnings(applyPlanEdits(written, { drop: ['leak'] }), (n) =>
      n === 'leak' ? 'Leak' : n,
    );
    expect(asWritten.warnings.some((w) => /'leak'|'Leak'/.test(w))).toBe(false);
  });

  it('uses a time split when a date column orders the rows, and k-fold for small data', () => {
    expect(defaultPlan(profile, { task: 'regression', target: 'age', date: 'seen' }).validation.kind).toBe('time');
    expect(defaultPlan({ ...profile, rows: 800 }, { task: 'regression', target: 'age' }).validation).toMatchObject({
      kind: 'kfold',
      folds: 5,
    });
  });

  it('applies edits without touching the target, and explains the change', () => {
    const plan = defaultPlan(profile, { task: 'classification', target: 'y' });
    const edited = applyPlanEdits(plan, {
      drop: ['age', 'y'],
      columns: { tier: { encode: 'ordinal' } },
    });
    const by = Object.fromEntries(edited.columns.map((c) => [c.name, c]));
    expect(by.age).toMatchObject({ role: 'drop', reason: 'Dropped by you.' });
    expect(by.y.role).toBe('target');
    expect(by.tier).toMatchObject({ encode: 'ordinal', name: 'tier', reason: 'Changed by you.' });
  });

  it('offers the issue-3 families per task with rationales and a 60 s budget', () => {
    const reg = candidateModels('regression', profile);
    expect(reg.metric).toBe('rmse');
    expect(reg.selectedBy).toBeUndefined();
    expect(reg.candidates.map((c) => c.family)).toEqual(
      expect.arrayContaining([
        'linear',
        'ridge',
        'lasso',
        'elasticnet',
        'polynomial',
        'gradient_boosting',
        'random_forest',
        'mlp',
      ]),
    );
    const cls = candidateModels('classification', profile);
    expect(cls.candidates.map((c) => c.family)).toEqual(
      expect.arrayContaining(['logistic', 'svm', 'random_forest', 'gradient_boosting', 'naive_bayes', 'mlp']),
    );
    expect(cls.metric).toBe('f1_macro');
    // Ranked by F1 (macro), chosen by log loss (search/prefer-simple.ts selectionMetric): the Models step says both.
    expect(cls.selectedBy).toBe('log_loss');
    expect(cls.budgetSeconds).toBe(60);
    // The RBF kernel model: pre-selected for a small classification table without text, offered but not selected
    // for regression, with text or beyond 2,000 rows.
    const selected = (s: typeof cls, f: string) => s.candidates.find((c) => c.family === f)?.selected;
    const small = { ...profile, rows: 800, columns: profile.columns.filter((c) => c.kind !== 'text') };
    expect(selected(candidateModels('classification', small), 'kernel')).toBe(true);
    expect(selected(candidateModels('regression', small), 'kernel')).toBe(false);
    expect(selected(candidateModels('classification', { ...profile, rows: 800 }), 'kernel')).toBe(false);
    expect(selected(candidateModels('classification', { ...small, rows: 2001 }), 'kernel')).toBe(false);
  });
});

describe('split', () => {
  const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const rows = Int32Array.from({ length: 1000 }, (_, i) => i);
  const target = { kind: 'binary' as const, y, nClasses: 2 };
  const base = { columns: [], classWeights: false, warnings: [] };
  it('stratified holdout keeps class ratios in test and validation, and is reproducible from the seed', () => {
    const s = makeSplit(
      rows,
      target,
      { ...base, validation: { kind: 'holdout', testFraction: 0.2, stratified: true } },
      7,
    );
    expect(s.test.length).toBe(200);
    expect(Array.from(s.test).filter((r) => y[r] === 1).length).toBe(20);
    expect(Array.from(s.folds[0].val).filter((r) => y[r] === 1).length).toBe(16);
    expect(
      makeSplit(rows, target, { ...base, validation: { kind: 'holdout', testFraction: 0.2, stratified: true } }, 7)
        .test,
    ).toEqual(s.test);
  });
  it('each k-fold repetition partitions the training rows; small data repeats with different groups', () => {
    const s = makeSplit(
      rows,
      target,
      { ...base, validation: { kind: 'kfold', folds: 5, testFraction: 0.2, stratified: true } },
      1,
    );
    expect(s.repeats).toBe(kfoldRepeats(800));
    expect(s.repeats).toBe(3);
    expect(s.folds.length).toBe(15);
    for (let rep = 0; rep < s.repeats; rep++) {
      const all = s.folds
        .filter((f) => f.repeat === rep)
        .flatMap((f) => Array.from(f.val))
        .sort((a, b) => a - b);
      expect(all).toEqual(Array.from(s.train));
    }
    for (const f of s.folds) expect(Array.from(f.val).filter((r) => y[r] === 1).length).toBe(16);
    expect(Array.from(s.folds[5].val)).not.toEqual(Array.from(s.folds[0].val));
    expect(kfoldRepeats(1500)).toBe(2);
    expect(kfoldRepeats(4000)).toBe(1);
  });
  it('time split tests on the latest rows and validates on the latest training rows', () => {
    const order = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const s = makeSplit(
      rows,
      target,
      { ...base, validation: { kind: 'time', testFraction: 0.2, stratified: false } },
      1,
      order,
    );
    expect(Math.max(...s.test)).toBe(199);
    expect(Math.min(...s.folds[0].fit)).toBeGreaterThan(Math.max(...s.folds[0].val));
  });
});
