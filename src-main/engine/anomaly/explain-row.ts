import type { LoadedTable } from '../analytics/read-table';
import { RARE_SHARE, iqrDistance, type NumericStats } from './column-stats';

/** One reason a row stands out: the column it is about (null for "the combination") and the sentence. */
export interface RowReason {
  column: string | null;
  text: string;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1000 || Number.isInteger(v)
    ? Math.round(v).toLocaleString('en-US')
    : Number(v.toPrecision(3)).toString();

function sdPhrase(s: NumericStats, x: number): string {
  if (!(s.std > 0)) return '';
  const k = (x - s.mean) / s.std;
  return `${Math.abs(k).toFixed(1)} SD ${k >= 0 ? 'above' : 'below'} the mean`;
}

/**
 * Why a row stands out, in words, at most three reasons, strongest first:
 * - numeric values far from the median (robust z above 3), e.g. "wage 44.5 is high (6.9 SD above the mean; typical 5.25 to 11.3)";
 * - rare values of a near-constant numeric column and categories seen in under 1% of rows.
 * A row with none of these (flagged by the forest for its mix of values, or listed by score) gets the two
 * columns furthest from typical, in SDs or by rarity, and a note that no single value is extreme: every
 * listed row says which columns set it apart.
 */
export function explainRow(
  table: LoadedTable,
  stats: NumericStats[],
  categoryShare: Map<string, Map<string, number>>,
  row: number,
): RowReason[] {
  const strong: Array<RowReason & { weight: number }> = [];
  const mild: Array<RowReason & { weight: number }> = [];
  for (const s of stats) {
    const x = (table.columns.find((c) => c.name === s.column)!.values as Float64Array)[row];
    if (Number.isNaN(x)) continue;
    const z = s.std > 0 ? Math.abs(x - s.mean) / s.std : 0;
    if (s.spread > 0) {
      const rz = (x - s.median) / (s.spread / 1.349);
      if (Math.abs(rz) > 3) {
        strong.push({
          column: s.column,
          text: `${s.column} ${fmt(x)} is ${rz > 0 ? 'high' : 'low'} (${sdPhrase(s, x)}; typical ${fmt(s.q1)} to ${fmt(s.q3)})`,
          weight: Math.abs(rz),
        });
        continue;
      }
    } else if (s.rest && s.rest.share < RARE_SHARE && iqrDistance(s, x) > 0) {
      const share = s.rest.share;
      strong.push({
        column: s.column,
        text: `${s.column} ${fmt(x)} is rare (${(100 * share).toFixed(1)}% of rows are not ${fmt(s.median)})`,
        weight: 3 + (RARE_SHARE - share) * 100,
      });
      continue;
    } else if (s.rest && iqrDistance(s, x) > 1.5) {
      // 1.5 IQR beyond a quartile is about the robust z of 3 used above.
      const dir = x > s.median ? 'high' : 'low';
      strong.push({
        column: s.column,
        text: `${s.column} ${fmt(x)} is ${dir} (${sdPhrase(s, x)}; typical ${fmt(s.rest.q1)} to ${fmt(s.rest.q3)} when not ${fmt(s.median)})`,
        weight: 2 * iqrDistance(s, x),
      });
      continue;
    }
    if (z > 0)
      mild.push({
        column: s.column,
        text: `${s.column} ${fmt(x)} is ${sdPhrase(s, x)} (mean ${fmt(s.mean)})`,
        weight: z,
      });
  }
  for (const [column, shares] of categoryShare) {
    const v = (table.columns.find((c) => c.name === column)!.values as Array<string | null>)[row];
    if (v === null) continue;
    const share = shares.get(v) ?? 0;
    if (share < RARE_SHARE)
      strong.push({
        column,
        text: `${column} '${v}' is rare (${(100 * share).toFixed(1)}% of rows)`,
        weight: 3 + (RARE_SHARE - share) * 100,
      });
    // sqrt(-2 ln p) puts a category's rarity on a z-like scale (5% -> 2.4, 20% -> 1.8) to rank it among numbers.
    else if (share < 0.5)
      mild.push({
        column,
        text: `${column} '${v}' is uncommon (${(100 * share).toFixed(1)}% of rows)`,
        weight: Math.sqrt(-2 * Math.log(share)),
      });
  }
  const byWeight = (a: { weight: number }, b: { weight: number }): number => b.weight - a.weight;
  if (strong.length > 0)
    return strong
      .sort(byWeight)
      .slice(0, 3)
      .map(({ column, text }) => ({ column, text }));
  const closest = mild
    .sort(byWeight)
    .slice(0, 2)
    .map(({ column, text }) => ({ column, text }));
  return [
    ...closest,
    {
      column: null,
      text: closest.length
        ? 'no single value is extreme: the combination is unusual'
        : 'no column stands out (values missing or typical)',
    },
  ];
}
