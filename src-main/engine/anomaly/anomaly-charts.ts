import type { BarSpec, HistogramSpec } from '@shared/charts';
import type { TaskChart } from '../artifacts/task-result';

/** What the score chart needs: the forest scores' histogram, the forest cutoff and who was flagged by what. */
export interface ScoreChartInput {
  rows: number;
  threshold: number;
  /** Rows whose forest score is at or above `threshold`. */
  forestFlagged: number;
  /** Rows flagged only by the far-out value rule (their score is below `threshold`). */
  farOutOnly: number;
  farOutIqr: number;
  histogram: { edges: number[]; counts: number[] };
}

/**
 * Histogram of scores with the cutoff on a bin edge, so the bars right of the marker hold exactly the
 * rows at or above it; the range reaches one bin past the cutoff so the marker is drawn even when no
 * row reaches it.
 */
export function scoreHistogram(values: Float64Array, cutoff: number, bins = 20): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // At most ~3× the bins when the cutoff lies far outside the scores.
  const width = Math.max(Math.max(hi - lo, 1e-9) / bins, (Math.max(hi, cutoff) - Math.min(lo, cutoff)) / (3 * bins));
  const below = Math.max(1, Math.ceil((cutoff - lo) / width - 1e-9));
  const start = cutoff - below * width;
  const total = below + Math.max(1, Math.ceil((hi - cutoff) / width + 1e-9));
  const edges = Array.from({ length: total + 1 }, (_, i) => (i === below ? cutoff : start + i * width));
  const counts = new Array<number>(total).fill(0);
  for (const v of values) {
    // Compared with the cutoff itself, not through floor(): a rounding slip must not move a row across it.
    const k = Math.floor((v - start) / width);
    counts[v >= cutoff ? Math.min(total - 1, Math.max(below, k)) : Math.max(0, Math.min(below - 1, k))]++;
  }
  return { edges, counts };
}

/**
 * The chart's caption (short: charts truncate past ~70 characters): rows at or above the forest cutoff,
 * and when the far-out value rule added rows, the total and the split.
 */
export function scoreCaption(d: ScoreChartInput): string {
  const cut = d.threshold.toFixed(3);
  if (d.farOutOnly === 0) return `${d.forestFlagged} of ${d.rows} rows score ≥ the forest cutoff ${cut}`;
  return `${d.forestFlagged + d.farOutOnly} of ${d.rows} flagged: ${d.forestFlagged} score ≥ cutoff ${cut}, ${d.farOutOnly} by the ${d.farOutIqr}-IQR rule`;
}

export function anomalyCharts(d: ScoreChartInput, top: Array<{ flagged: boolean; columns: string[] }>): TaskChart[] {
  const hist: HistogramSpec = {
    kind: 'histogram',
    title: 'Isolation-forest scores',
    subtitle: scoreCaption(d),
    edges: d.histogram.edges,
    counts: d.histogram.counts,
    markers: [{ value: d.threshold, label: 'forest cutoff' }],
    x: { label: 'Isolation-forest score', format: 'decimal2' },
    y: { label: 'Rows', format: 'integer' },
  };
  // Only flagged rows count: the blame chart is about the anomalies, not rows listed for their score.
  const blame = new Map<string, number>();
  for (const t of top) if (t.flagged) for (const c of new Set(t.columns)) blame.set(c, (blame.get(c) ?? 0) + 1);
  const charts: TaskChart[] = [{ title: 'Isolation-forest scores', spec: hist }];
  if (blame.size > 0) {
    const bar: BarSpec = {
      kind: 'bar',
      title: 'Columns that stand out in the flagged rows',
      orientation: 'horizontal',
      showValues: true,
      bars: [...blame].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value })),
      x: { label: 'Flagged rows (top 50)', format: 'integer' },
    };
    charts.push({ title: 'Columns behind anomalies', spec: bar });
  }
  return charts;
}
