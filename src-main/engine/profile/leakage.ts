import type { ColumnProfile, DataProfile, TargetDistribution } from '@shared/project';
import type { Db } from '../util/duckdb';
import { cutAccuracy, purity, type PureSide } from './associations';
import type { BasicStats } from './column-stats';
import { equalPairs } from './equal-pairs';
import type { Sources } from './load-table';

/** |correlation| at or above this with a numeric target is flagged. */
export const LEAK_CORRELATION = 0.98;
/** Single-feature accuracy at or above this on a class target is flagged (when the baseline is lower). */
export const LEAK_PURITY = 0.99;
/**
 * A side of one cut that holds only one class and at least this share of that class's rows is flagged too (when
 * the cut also removes most errors, below), though the other side mixes both: AER CreditCard, every row with
 * expenditure above 0 has card = yes (98% of the yes rows; the cut is right on 98.4% of rows). Real signals that
 * strong on one side were not seen: on 20 two-class R tables (mlbench, MASS, carData, AER, modeldata, caret) the
 * widest one-class side of a genuine feature held at most 53% of its class (ionosphere V5). Only number columns:
 * mushroom odour (a genuine signal) groups 97% of poisonous rows in one-class odours.
 */
export const LEAK_PURE_SIDE = 0.95;
/** Two number columns whose equality alone sorts this share of a two-class target's rows are flagged. */
export const LEAK_PAIR = 0.95;
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
  const oneSided = new Map<string, string>();
  if (classes.length === 2 && total >= MIN_ROWS_FOR_CUTS) {
    const [positive, other] = classes.map((c) => c.value);
    const missing = new Set(features.filter((f) => f.missing > 0).map((f) => f.name));
    const cuts = await cutAccuracy(db, src, target.name, positive, [...numeric]);
    for (const [column, cut] of cuts) {
      scores.set(column, Math.max(cut.accuracy, scores.get(column) ?? 0));
      if (cut.pure && cut.pure.coverage >= LEAK_PURE_SIDE)
        oneSided.set(column, describeSide(column, cut.pure, cut.pure.positive ? positive : other, missing.has(column)));
    }
  }
  // Two columns that are equal exactly for one class (time to the event = follow-up time when it did not happen).
  const paired = new Map<string, string>();
  if (classes.length === 2 && total >= MIN_ROWS_FOR_CUTS) {
    const pairs = await equalPairs(db, src, target.name, [classes[0].value, classes[1].value], [...numeric]);
    for (const pair of pairs.sort((x, y) => y.accuracy - x.accuracy))
      if (pair.accuracy >= LEAK_PAIR && !paired.has(pair.a)) {
        const other = classes.find((c) => c.value !== pair.equalClass)?.value ?? '';
        paired.set(
          pair.a,
          `where it equals '${pair.b}' the row is '${pair.equalClass}', elsewhere '${other}': that rule gets ${(pair.accuracy * 100).toFixed(1)}% of rows right; always guessing the commonest class gets ${(baseline * 100).toFixed(1)}%`,
        );
        scores.set(pair.a, Math.max(pair.accuracy, scores.get(pair.a) ?? 0));
      }
  }
  const right = (p: number): string =>
    `alone it gets ${(p * 100).toFixed(1)}% of rows right; always guessing the commonest class gets ${(baseline * 100).toFixed(1)}%`;
  for (const [column, p] of scores) {
    // It must also remove nearly all the errors of always guessing the commonest class (matters under imbalance).
    if (1 - p > 0.1 * (1 - baseline)) continue;
    if (p >= LEAK_PURITY) leaks.push({ column, why: right(p) });
    else if (oneSided.has(column)) leaks.push({ column, why: `${oneSided.get(column)}; ${right(p)}` });
    else if (paired.has(column)) leaks.push({ column, why: paired.get(column) ?? '' });
  }
  return leaks;
}

/** "every row with 'expenditure' above 0 has 'yes' (97.9% of all 'yes' rows)"; "... above 0.001 but 1 has ...". */
function describeSide(column: string, side: PureSide, cls: string, hasMissing: boolean): string {
  const at = side.at === null ? '' : String(Number(side.at.toPrecision(6)));
  const where =
    side.at === null || (side.above && side.at === side.top)
      ? 'missing'
      : side.above
        ? `above ${at}${hasMissing ? ' or missing' : ''}`
        : `at most ${at}`;
  const but = side.others > 0 ? ` but ${side.others.toLocaleString('en-US')}` : '';
  return `every row with '${column}' ${where}${but} has '${cls}' (${(side.coverage * 100).toFixed(1)}% of all '${cls}' rows)`;
}
