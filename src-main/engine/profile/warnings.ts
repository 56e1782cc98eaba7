import type { ColumnProfile, DataProfile, TargetDistribution } from '@shared/project';

/** Human-readable warnings: small data, imbalance, leakage suspects, empty or constant columns. */
export function buildWarnings(
  rows: number,
  columns: ColumnProfile[],
  duplicateRows: number,
  target: TargetDistribution | undefined,
  leaks: Array<{ column: string; why: string }>,
): DataProfile['warnings'] {
  const w: string[] = [];
  if (rows < 50)
    w.push(`Only ${rows} rows: too few to train a reliable model. Add more data if you can; results will be noisy.`);
  else if (rows < 500) w.push(`Small dataset (${rows} rows): expect noisy scores; cross-validation will be used.`);
  for (const leak of leaks) {
    w.push(
      `Possible leakage: '${leak.column}' predicts the target almost perfectly (${leak.why}). If it is only known after the outcome, drop it.`,
    );
  }
  if (target?.kind === 'classes' && target.classes && target.classes.length >= 2) {
    const ratio = target.imbalanceRatio ?? Infinity;
    const smallest = target.classes[target.classes.length - 1];
    if (ratio >= 10)
      w.push(
        `Imbalanced target: '${smallest.value}' has ${smallest.count} rows, ${ratio.toFixed(0)}× fewer than the largest class. Class weights and F1/ROC-AUC will be used.`,
      );
    else if (ratio >= 3) w.push(`Somewhat imbalanced target (largest class ${ratio.toFixed(1)}× the smallest).`);
    if (smallest.count < 10)
      w.push(`Class '${smallest.value}' has only ${smallest.count} rows: it may be missing from validation folds.`);
  }
  if (target?.kind === 'classes' && (target.classes?.length ?? 0) < 2)
    w.push(`The target '${target.column}' has a single value: there is nothing to predict.`);
  const empty = columns.filter((c) => c.missingPct >= 0.5);
  if (empty.length)
    w.push(`Mostly missing: ${empty.map((c) => `${c.name} (${Math.round(c.missingPct * 100)}%)`).join(', ')}.`);
  const infinite = columns.filter((c) => (c.nonFinite ?? 0) > 0);
  if (infinite.length)
    w.push(
      `Infinite or not-a-number values: ${infinite.map((c) => `${c.name} (${c.nonFinite})`).join(', ')}. The statistics leave them out; replace them with numbers, or empty those cells so they count as missing.`,
    );
  const constant = columns.filter((c) => c.kind === 'constant');
  if (constant.length)
    w.push(`Constant columns carry no information and will be dropped: ${constant.map((c) => c.name).join(', ')}.`);
  const ids = columns.filter((c) => c.kind === 'id');
  if (ids.length) w.push(`ID-like columns will not be used as features: ${ids.map((c) => c.name).join(', ')}.`);
  if (duplicateRows > 0)
    w.push(
      `${duplicateRows} duplicate row${duplicateRows === 1 ? '' : 's'} (${((duplicateRows / Math.max(1, rows)) * 100).toFixed(1)}%).`,
    );
  return w;
}
