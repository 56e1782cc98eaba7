/** Classification metrics from labels and probabilities (rows of c). */
export interface ClassMetrics {
  accuracy: number;
  f1_macro: number;
  precision_macro: number;
  recall_macro: number;
  log_loss: number;
  confusion: number[][];
  perClass: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
}

export function classificationMetrics(
  y: number[],
  pred: number[],
  proba: Float64Array,
  labels: string[],
): ClassMetrics {
  const c = labels.length;
  const confusion = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  let correct = 0;
  let ll = 0;
  y.forEach((t, i) => {
    confusion[t][pred[i]] += 1;
    if (t === pred[i]) correct += 1;
    ll -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, proba[i * c + t])));
  });
  const perClass = labels.map((label, k) => {
    const tp = confusion[k][k];
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((p) => p.support > 0);
  const mean = (f: (p: (typeof perClass)[number]) => number): number =>
    present.length ? present.reduce((a, p) => a + f(p), 0) / present.length : 0;
  return {
    accuracy: y.length ? correct / y.length : 0,
    f1_macro: mean((p) => p.f1),
    precision_macro: mean((p) => p.precision),
    recall_macro: mean((p) => p.recall),
    log_loss: y.length ? ll / y.length : 0,
    confusion,
    perClass,
  };
}
