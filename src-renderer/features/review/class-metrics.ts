/** Precision, recall and F1 of one class, read from a confusion matrix. */
export interface ClassMetrics {
  label: string;
  /** Rows whose actual class is this one (the matrix row sum). */
  support: number;
  /** Of the rows predicted as this class, the share that were; null when nothing was predicted as it. */
  precision: number | null;
  /** Of the rows of this class, the share found; null when the class has no rows. */
  recall: number | null;
  /** Harmonic mean of precision and recall; null when either is undefined. */
  f1: number | null;
}

/**
 * Per-class metrics from `matrix[actual][predicted]` (rows = actual, as the trainer writes it).
 * Undefined ratios stay null rather than 0 so the table can say "no predictions" instead of
 * pretending a class scored zero.
 */
export function classMetrics(labels: string[], matrix: number[][]): ClassMetrics[] {
  return labels.map((label, k) => {
    const row = matrix[k] ?? [];
    const support = row.reduce((s, v) => s + v, 0);
    const predicted = matrix.reduce((s, r) => s + (r[k] ?? 0), 0);
    const hit = row[k] ?? 0;
    const precision = predicted > 0 ? hit / predicted : null;
    const recall = support > 0 ? hit / support : null;
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    return { label, support, precision, recall, f1 };
  });
}
