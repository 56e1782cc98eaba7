/** Confusion matrix: rows are true classes, columns predicted classes (scikit-learn's layout). */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number[][] {
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Argmax label per row of an n×C probability matrix. */
export function argmaxRows(P: Float64Array, n: number, C: number): Int32Array {
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (P[r * C + c] > P[r * C + best]) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * Predicted class per row: the argmax, or for a binary model with a decision threshold t, classes[1] when
 * p1 + (1 - 2t) > p0 (so p1 > t when p0 = 1 - p1). Written as the exported ONNX graph computes it (Add a constant
 * [0, 1 - 2t] to the probabilities, then ArgMax, first index on ties) so the app and the graph agree to the bit.
 */
export function predictedClasses(P: Float64Array, n: number, C: number, threshold?: number): Int32Array {
  if (threshold === undefined || C !== 2) return argmaxRows(P, n, C);
  const shift = 1 - 2 * threshold;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) out[r] = P[r * 2 + 1] + shift > P[r * 2] ? 1 : 0;
  return out;
}

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  roc_auc: number;
  log_loss: number;
}

/**
 * Accuracy, support-weighted and macro precision/recall/F1 (zero_division = 0), ROC-AUC (binary; one-vs-rest
 * macro for multiclass, as scikit-learn's roc_auc_score(multi_class='ovr')), and log loss with clipped probabilities.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  P: Float64Array,
  nClasses: number,
  /** Binary only: the decision threshold of p(class 1) the labels are read at (predictedClasses); default argmax. */
  threshold?: number,
): ClassificationMetrics {
  const n = yTrue.length;
  const pred = predictedClasses(P, n, nClasses, threshold);
  const cm = confusionMatrix(yTrue, pred, nClasses);
  let correct = 0;
  for (let c = 0; c < nClasses; c++) correct += cm[c][c];
  let pw = 0,
    rw = 0,
    fw = 0,
    pm = 0,
    rm = 0,
    fm = 0;
  let present = 0;
  for (let c = 0; c < nClasses; c++) {
    let support = 0;
    let predicted = 0;
    for (let k = 0; k < nClasses; k++) {
      support += cm[c][k];
      predicted += cm[k][c];
    }
    const prec = predicted ? cm[c][c] / predicted : 0;
    const rec = support ? cm[c][c] / support : 0;
    const f1 = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
    pw += prec * support;
    rw += rec * support;
    fw += f1 * support;
    // scikit-learn's macro averages over the labels present in y_true or y_pred.
    if (support || predicted) {
      pm += prec;
      rm += rec;
      fm += f1;
      present++;
    }
  }
  let auc: number;
  if (nClasses === 2) auc = binaryAuc(yTrue, (i) => P[i * 2 + 1], 1);
  else {
    let sum = 0;
    let k = 0;
    for (let c = 0; c < nClasses; c++) {
      const a = binaryAuc(yTrue, (i) => P[i * nClasses + c], c);
      if (!Number.isNaN(a)) {
        sum += a;
        k++;
      }
    }
    auc = k ? sum / k : NaN;
  }
  return {
    accuracy: correct / n,
    precision: pw / n,
    recall: rw / n,
    f1: fw / n,
    precision_macro: pm / Math.max(present, 1),
    recall_macro: rm / Math.max(present, 1),
    f1_macro: fm / Math.max(present, 1),
    roc_auc: auc,
    log_loss: logLoss(yTrue, P, nClasses),
  };
}

/** Mean log loss of the true class, probabilities renormalised per row and clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(yTrue: ArrayLike<number>, P: Float64Array, nClasses: number): number {
  const n = yTrue.length;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < nClasses; c++) s += P[i * nClasses + c];
    ll -= Math.log(Math.min(Math.max(P[i * nClasses + yTrue[i]] / (s || 1), 1e-15), 1 - 1e-15));
  }
  return ll / n;
}

/** Area under the ROC curve for "class == positive" by the rank statistic, ties counted half. NaN if one class is absent. */
export function binaryAuc(yTrue: ArrayLike<number>, score: (i: number) => number, positive: number): number {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b));
  let rankSum = 0;
  let nPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && score(order[j + 1]) === score(order[i])) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (yTrue[order[k]] === positive) {
        rankSum += avgRank;
        nPos++;
      }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
