import type { LoadedTable } from '../analytics/read-table';
import type { ColumnEncoder } from './encode';

/** One segment in plain words plus the numbers behind them. */
export interface SegmentProfile {
  segment: number;
  size: number;
  /** Fraction 0..1 of all rows. */
  share: number;
  /** E.g. "high spend, recent, frequent". */
  description: string;
  /** Raw-scale mean of each numeric column inside the segment, and over all rows. */
  numeric: Array<{ column: string; mean: number; overall: number; z: number }>;
  /** Most common value of each categorical column inside the segment, with its share there. */
  categorical: Array<{ column: string; value: string; share: number; overallShare: number }>;
}

/** RFM columns read better in their own words. */
const RFM_WORDS: Record<string, [string, string]> = {
  recency_days: ['lapsed', 'recent'],
  frequency: ['frequent', 'infrequent'],
  monetary: ['high spend', 'low spend'],
};

function words(column: string, z: number): string {
  const rfm = RFM_WORDS[column];
  if (rfm) return z > 0 ? rfm[0] : rfm[1];
  return `${z > 0 ? 'high' : 'low'} ${column}`;
}

/**
 * Describes each segment by the columns where it differs most from everyone: numeric columns whose
 * segment mean is at least half a standard deviation away, categories that dominate the segment.
 */
export function profileSegments(
  table: LoadedTable,
  encoders: ColumnEncoder[],
  x: Float64Array,
  d: number,
  labels: Int32Array,
  k: number,
): SegmentProfile[] {
  const n = table.rows;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const profiles: SegmentProfile[] = [];
  for (let s = 0; s < k; s++) {
    const phrases: Array<{ text: string; weight: number }> = [];
    const numeric: SegmentProfile['numeric'] = [];
    const categorical: SegmentProfile['categorical'] = [];
    let off = 0;
    for (const e of encoders) {
      const col = table.columns.find((c) => c.name === e.column)!;
      if (e.kind === 'numeric') {
        const raw = col.values as Float64Array;
        let z = 0;
        let segRaw = 0;
        let segN = 0;
        let allRaw = 0;
        let allN = 0;
        for (let i = 0; i < n; i++) {
          if (labels[i] === s) z += x[i * d + off];
          if (Number.isNaN(raw[i])) continue;
          allRaw += raw[i];
          allN++;
          if (labels[i] === s) {
            segRaw += raw[i];
            segN++;
          }
        }
        z /= Math.max(1, sizes[s]);
        numeric.push({ column: e.column, mean: segN ? segRaw / segN : NaN, overall: allN ? allRaw / allN : NaN, z });
        if (Math.abs(z) >= 0.5) phrases.push({ text: words(e.column, z), weight: Math.abs(z) });
        off++;
      } else {
        const counts = e.categories.map((_, j) => {
          let c = 0;
          let all = 0;
          for (let i = 0; i < n; i++) {
            all += x[i * d + off + j];
            if (labels[i] === s) c += x[i * d + off + j];
          }
          return { j, share: c / Math.max(1, sizes[s]), overall: all / n };
        });
        const top = counts.reduce((a, b) => (b.share > a.share ? b : a));
        categorical.push({ column: e.column, value: e.categories[top.j], share: top.share, overallShare: top.overall });
        if (top.share >= 0.6 && top.share >= 1.3 * top.overall)
          phrases.push({
            text: `mostly ${e.column} ${e.categories[top.j]}`,
            weight: top.share / Math.max(top.overall, 0.05) - 1,
          });
        off += e.categories.length;
      }
    }
    phrases.sort((a, b) => b.weight - a.weight);
    const description = phrases.length
      ? phrases
          .slice(0, 3)
          .map((p) => p.text)
          .join(', ')
      : 'close to average on every column';
    profiles.push({ segment: s, size: sizes[s], share: sizes[s] / n, description, numeric, categorical });
  }
  return profiles;
}
