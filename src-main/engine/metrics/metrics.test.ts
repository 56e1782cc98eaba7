import { describe, expect, it } from 'vitest';
import {
  binaryAuc,
  classificationMetrics,
  computeMetrics,
  confusionMatrix,
  decimate,
  metricValue,
  regressionMetrics,
  rocPr,
} from './index';

describe('metrics (values checked against scikit-learn by hand)', () => {
  it('regression: mse, rmse, mae, r2, explained variance', () => {
    // sklearn: y=[3,-0.5,2,7], p=[2.5,0,2,8] → mse 0.375, mae 0.5, r2 0.9486081370449679, ev 0.9571734475374732
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(m.mse).toBeCloseTo(0.375, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(m.explained_variance).toBeCloseTo(0.9571734475374732, 12);
  });

  it('binary AUC with ties, as roc_auc_score', () => {
    // sklearn roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75; with a tie [0,1],[0.5,0.5] = 0.5
    expect(binaryAuc([0, 0, 1, 1], (i) => [0.1, 0.4, 0.35, 0.8][i], 1)).toBeCloseTo(0.75, 12);
    expect(binaryAuc([0, 1], () => 0.5, 1)).toBeCloseTo(0.5, 12);
  });

  it('weighted and macro precision/recall/F1, accuracy, log loss and the confusion matrix', () => {
    // y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1] → accuracy 1/3; macro P = (2/3+0+0)/3 = 0.2222, macro R = (1+0+0)/3,
    // macro F1 = 0.8/3 = 0.2667; weighted equals macro here (equal supports).
    const yTrue = [0, 1, 2, 0, 1, 2];
    const pred = [0, 2, 1, 0, 0, 1];
    const P = new Float64Array(18);
    pred.forEach((c, i) => {
      for (let k = 0; k < 3; k++) P[i * 3 + k] = k === c ? 0.8 : 0.1;
    });
    const m = classificationMetrics(yTrue, P, 3);
    expect(m.accuracy).toBeCloseTo(1 / 3, 12);
    expect(m.precision_macro).toBeCloseTo(2 / 9, 12);
    expect(m.recall_macro).toBeCloseTo(1 / 3, 12);
    expect(m.f1_macro).toBeCloseTo(0.8 / 3, 12);
    expect(m.f1).toBeCloseTo(0.8 / 3, 12);
    // log loss: two rows right (p=0.8), four wrong (p=0.1).
    expect(m.log_loss).toBeCloseTo(-(2 * Math.log(0.8) + 4 * Math.log(0.1)) / 6, 12);
    expect(confusionMatrix(yTrue, pred, 3)).toEqual([
      [2, 0, 0],
      [1, 0, 1],
      [0, 2, 0],
    ]);
  });

  it('computeMetrics drops roc_auc when only one class is present', () => {
    const m = computeMetrics('classification', [1, 1], Float64Array.from([0.2, 0.8, 0.4, 0.6]), 2);
    expect(m.roc_auc).toBeUndefined();
    expect(m.accuracy).toBe(1);
  });

  it('ROC/PR curves end at (1,1) and are decimated to 200 points', () => {
    const n = 1000;
    const y = Array.from({ length: n }, (_, i) => i % 2);
    const { roc, pr } = rocPr(y, (i) => i, 1);
    expect(roc.length).toBeLessThanOrEqual(200);
    expect(pr.length).toBeLessThanOrEqual(200);
    expect(roc[roc.length - 1]).toEqual({ fpr: 1, tpr: 1 });
    expect(decimate([1, 2, 3], 200)).toEqual([1, 2, 3]);
  });

  it('starts the precision-recall curve at recall 0, precision 1, not at the corner', () => {
    // The top-scored row is a negative: before, the curve began at (0, 0) and rose to (0.5, 0.5).
    const { pr } = rocPr([0, 1, 1, 0], (i) => [0.9, 0.8, 0.4, 0.1][i], 1);
    expect(pr).toEqual([
      { recall: 0, precision: 1 },
      { recall: 0.5, precision: 0.5 },
      { recall: 1, precision: 2 / 3 },
      { recall: 1, precision: 0.5 },
    ]);
    // Average precision (sklearn: 0.5833) is unchanged by the starting point.
    const ap = pr.slice(1).reduce((a, p, i) => a + (p.recall - pr[i].recall) * p.precision, 0);
    expect(ap).toBeCloseTo(0.5833333, 6);
  });
});

describe('metricValue (one metric for model selection)', () => {
  it('equals the value computeMetrics reports, bit for bit, for the metrics selection reads', () => {
    let seed = 3;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 257;
    for (const C of [2, 5]) {
      const y = Float64Array.from({ length: n }, () => Math.floor(rnd() * C));
      const P = Float64Array.from({ length: n * C }, () => rnd());
      const all = computeMetrics('classification', y, P, C);
      for (const m of ['log_loss', 'accuracy', 'f1_macro', 'roc_auc'] as const)
        expect(metricValue('classification', y, P, C, m)).toBe(all[m]);
    }
    const y = Float64Array.from({ length: n }, () => rnd() * 10);
    const p = Float64Array.from(y, (v) => v + rnd() - 0.5);
    const all = computeMetrics('regression', y, p, 0);
    for (const m of ['rmse', 'r2', 'mae'] as const) expect(metricValue('regression', y, p, 0, m)).toBe(all[m]);
  });
});
