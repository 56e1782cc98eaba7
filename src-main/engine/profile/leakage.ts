import type { ColumnProfile, DataProfile, TargetDistribution } from '@shared/project';
import type { Db } from '../util/duckdb';
import { cutAccuracy, purity } from './associations';
import type { BasicStats } from './column-stats';
import type { Sources } from './load-table';

/** |correlation| at or above this with a numeric target is flagged. */
export const LEAK_CORRELATION = 0.98;
/** Single-feature accuracy at or above this on a class target is flagged (when the baseline is lower). */
export const LEAK_PURITY = 0.99;
/** Best-cut leaks are looked for from this many labelled rows. */
const MIN_ROWS_FOR_CUTS = 100;

/** Columns that alone predict the target almost perfectly: a classic sign of target leakage. */
export async function findLeaks(
  db: Db,
  src: Sources,
  target: ColumnProfile,
  dist: TargetDistribution,
  profiles: ColumnProfile[],
  stats: BasicStats[],
  correlations: DataProfile['correlations'],
): Promise<Array<{ column: string; why: string }>> {
  const leaks: Array<{ column: string; why: string }> = [];
  if (dist.kind === 'histogram') {
    for (const c of correlations) {
      if (c.method === 'cramers_v' || Math.abs(c.value) < LEAK_CORRELATION) continue;
      const other = c.a === target.name ? c.b : c.b === target.name ? c.a : null;
      if (other && !leaks.some((l) => l.column === other))
        leaks.push({ column: other, why: `${c.method} correlation ${c.value.toFixed(3)}` });
    }
    return leaks;
  }
  const classes = dist.classes ?? [];
  const total = classes.reduce((a, c) => a + c.count, 0);
  if (classes.length < 2 || total === 0) return leaks;
  const baseline = classes[0].count / total;
  const rows = Math.max(...profiles.map((p) => p.distinct + p.missing), 1);
  const features = profiles.filter((p) => {
    if (p.name === target.name) return false;
    if (p.kind === 'numeric' || p.kind === 'boolean') return true;
    // A categorical with about as many values as rows is trivially "pure"; only judge grouped ones.
    return p.kind === 'categorical' && p.distinct <= Math.max(2, Math.min(100, rows / 20));
  });
  const numeric = new Set(features.filter((f) => f.kind === 'numeric').map((f) => f.name));
  const scores = await purity(
    db,
    src,
    target.name,
    features.map((f) => stats.find((s) => s.name === f.name) as BasicStats),
    numeric,
  );
  // Two classes: a cut anywhere in a number column, not only at the histogram's bin edges. Not on a few dozen
  // rows, where some column of a wide table separates the classes by chance (sklearn breast cancer, 24 rows).
  if (classes.length === 2 && total >= MIN_ROWS_FOR_CUTS) {
    const cuts = await cutAccuracy(db, src, target.name, classes[0].value, [...numeric]);
    for (const [column, p] of cuts) scores.set(column, Math.max(p, scores.get(column) ?? 0));
  }
  for (const [column, p] of scores) {
    // It must also remove nearly all the errors of always guessing the commonest class (matters under imbalance).
    if (p >= LEAK_PURITY && 1 - p <= 0.1 * (1 - baseline)) {
      leaks.push({
        column,
        why: `alone it gets ${(p * 100).toFixed(1)}% of rows right; always guessing the commonest class gets ${(baseline * 100).toFixed(1)}%`,
      });
    }
  }
  return leaks;
}
