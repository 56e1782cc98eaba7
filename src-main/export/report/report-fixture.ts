/** Test support: a hand-made classification ReportInput with hostile names everywhere a person's data can reach. */
import type { ReportInput } from './build-report';

export const HOSTILE = '<script>alert(1)</script>';

export function classificationInput(): ReportInput {
  const classes = ['no', `yes ${HOSTILE}`];
  return {
    projectName: `Churn ${HOSTILE}`,
    goal: `will the customer churn? ${HOSTILE}`,
    intent: {
      task: 'classification',
      target: 'churned',
      horizon: null,
      k: null,
      date: null,
      confidence: 0.82,
      alternatives: [{ task: 'regression', target: HOSTILE, confidence: 0.1 }],
      explanation: `Predict churned (classification) from the other columns.`,
    },
    dataset: {
      path: '/tmp/x/data.parquet',
      originalName: `customers ${HOSTILE}.csv`,
      format: 'csv',
      rows: 150,
      columns: [
        { name: 'tenure', dbType: 'DOUBLE' },
        { name: HOSTILE, dbType: 'VARCHAR' },
        { name: 'signup', dbType: 'TIMESTAMP' },
        { name: 'churned', dbType: 'VARCHAR' },
      ],
      sample: [['12', 'gold', '2024-01-05', 'no']],
      bytes: 12_345,
      rejectedRows: [{ line: 7, reason: `too many fields ${HOSTILE}` }],
    },
    profile: {
      rows: 150,
      duplicateRows: 2,
      elapsedMs: 40,
      columns: [
        { name: 'tenure', kind: 'numeric', dbType: 'DOUBLE', missing: 3, missingPct: 0.02, distinct: 60, min: 0, max: 72, mean: 30, std: 20, median: 28, histogram: { edges: [0, 12, 24, 36, 48, 60, 72], counts: [30, 25, 28, 27, 22, 18] } },
        { name: HOSTILE, kind: 'categorical', dbType: 'VARCHAR', missing: 90, missingPct: 0.6, distinct: 3, topValues: [{ value: HOSTILE, count: 30 }, { value: 'gold', count: 20 }, { value: 'basic', count: 10 }] },
        { name: 'signup', kind: 'datetime', dbType: 'TIMESTAMP', missing: 0, missingPct: 0, distinct: 150, dateFormat: '%Y-%m-%d' },
        { name: 'churned', kind: 'categorical', dbType: 'VARCHAR', missing: 0, missingPct: 0, distinct: 2, topValues: [{ value: 'no', count: 130 }, { value: classes[1], count: 20 }] },
      ],
      correlations: [
        { a: 'tenure', b: 'churned', method: 'spearman', value: -0.97 },
        { a: HOSTILE, b: 'churned', method: 'cramers_v', value: 0.3 },
      ],
      target: { column: 'churned', kind: 'classes', classes: [{ value: 'no', count: 130 }, { value: classes[1], count: 20 }], imbalanceRatio: 6.5 },
      warnings: [`Column '${HOSTILE}' is 60% missing.`],
    },
    plan: {
      columns: [
        { name: 'tenure', kind: 'numeric', role: 'feature', impute: 'median', encode: 'none', scale: 'standard', reason: 'Numeric.' },
        { name: HOSTILE, kind: 'categorical', role: 'feature', impute: 'most_frequent', encode: 'onehot', scale: 'none', reason: `3 categories ${HOSTILE}` },
        { name: 'signup', kind: 'datetime', role: 'drop', impute: 'none', encode: 'none', scale: 'none', reason: 'Dates are not used.' },
        { name: 'churned', kind: 'categorical', role: 'target', impute: 'none', encode: 'none', scale: 'none', reason: 'The column to predict.' },
      ],
      validation: { kind: 'kfold', folds: 5, testFraction: 0.2, stratified: true },
      classWeights: true,
      warnings: ['Classes are imbalanced (6.5:1): class weights are on.'],
    },
    training: {
      task: 'classification',
      metric: 'accuracy',
      bestModelId: 'gbm-1',
      elapsedSeconds: 12.5,
      cancelled: false,
      leaderboard: [
        { modelId: 'logistic-2', family: 'logistic', label: 'Logistic regression', params: { C: 1 }, metrics: { accuracy: 0.9, f1: 0.7, roc_auc: 0.93 }, testMetrics: { accuracy: 0.88 }, fitSeconds: 0.2, status: 'done' },
        { modelId: 'gbm-1', family: 'gradient_boosting', label: `Gradient-boosted trees ${HOSTILE}`, params: { n_estimators: 200, note: HOSTILE }, metrics: { accuracy: 0.96, f1: 0.86, roc_auc: 0.97 }, testMetrics: { accuracy: 0.8 }, fitSeconds: 2.4, status: 'done' },
        { modelId: 'mlp-3', family: 'mlp', label: 'Neural network (MLP)', params: {}, metrics: {}, fitSeconds: 0, status: 'failed', error: `out of memory ${HOSTILE}` },
      ],
      featureImportance: [
        { feature: 'tenure', importance: 0.21 },
        { feature: HOSTILE, importance: 0.02 },
        { feature: 'other', importance: 0.01 },
      ],
      confusion: { labels: classes, matrix: [[25, 1], [3, 1]] },
      diagnostics: {
        kind: 'binary',
        positive: classes[1],
        roc: [{ fpr: 0, tpr: 0 }, { fpr: 0.1, tpr: 0.6 }, { fpr: 0.3, tpr: 0.9 }, { fpr: 1, tpr: 1 }],
        pr: [{ recall: 0.2, precision: 1 }, { recall: 0.6, precision: 0.8 }, { recall: 1, precision: 0.4 }],
      },
    },
    pipeline: {
      kind: 'single',
      task: 'binary',
      target: 'churned',
      classes,
      inputs: [
        { name: 'tenure', kind: 'numeric' },
        { name: HOSTILE, kind: 'categorical' },
      ],
      steps: [
        { kind: 'numeric', column: 'tenure', impute: 0, center: 30, scale: 20, indicator: false },
        { kind: 'onehot', column: HOSTILE, categories: [HOSTILE, 'gold', 'basic'] },
      ],
      featureNames: ['tenure', `${HOSTILE}=${HOSTILE}`, `${HOSTILE}=gold`, `${HOSTILE}=basic`],
      model: { family: 'logistic', coef: [[-1, 0.5, 0.1, 0]], intercept: [0], link: 'logistic' },
    },
    modelJson: { schemaVersion: 1, versions: { app: '0.1.0', onnx: HOSTILE }, homepage: 'https://example.com/should-not-appear' },
    createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, 0)),
  };
}
