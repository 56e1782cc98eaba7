import type { ColumnProfile, DataProfile, TargetDistribution } from '../project';
import { localize } from '../locale';
import type { BarSpec, ChartSpec, HeatmapSpec, HistogramSpec } from './spec';

interface AxisText {
  label?: string;
  unit?: string;
}

/** A histogram of pre-binned counts (profile bins, target distribution). */
export function histogramSpec(
  title: string,
  hist: { edges: number[]; counts: number[] },
  x: AxisText = {},
  markers?: HistogramSpec['markers'],
): HistogramSpec {
  return {
    kind: 'histogram',
    title,
    edges: hist.edges,
    counts: hist.counts,
    x: { label: x.label, unit: x.unit },
    y: { label: 'Rows', format: 'integer' },
    markers,
  };
}

/** Class or category counts as bars, most frequent first as given. */
export function classBalanceSpec(
  title: string,
  classes: Array<{ value: string; count: number }>,
  maxBars = 20,
): BarSpec {
  const shown = classes.slice(0, maxBars);
  const rest = classes.slice(maxBars).reduce((s, c) => s + c.count, 0);
  const bars = shown.map((c) => ({ label: c.value === '' ? '(empty)' : c.value, value: c.count }));
  if (rest > 0) bars.push({ label: `${classes.length - maxBars} more`, value: rest });
  const long = bars.some((b) => b.label.length > 10) || bars.length > 8;
  return {
    kind: 'bar',
    title,
    bars,
    orientation: long ? 'horizontal' : 'vertical',
    showValues: bars.length <= 12,
    x: long ? { label: 'Rows', format: 'integer' } : undefined,
    y: long ? undefined : { label: 'Rows', format: 'integer' },
  };
}

/** The small chart for one column: a histogram for numbers, top values for categories; null when neither exists. */
export function columnSpec(col: ColumnProfile): ChartSpec | null {
  if (col.histogram && col.histogram.counts.length > 0) {
    const markers = col.median !== undefined ? [{ value: col.median, label: 'median' }] : undefined;
    return histogramSpec(col.name, col.histogram, { label: col.name }, markers);
  }
  if (col.topValues && col.topValues.length > 0) return classBalanceSpec(col.name, col.topValues, 12);
  return null;
}

/** The target's distribution: class bars (with the imbalance ratio) or a histogram. */
export function targetSpec(target: TargetDistribution): ChartSpec | null {
  if (target.kind === 'classes' && target.classes) {
    const spec = classBalanceSpec(`Target: ${target.column}`, target.classes);
    if (target.imbalanceRatio !== undefined && target.imbalanceRatio >= 1.5)
      spec.subtitle = `Largest class is ${target.imbalanceRatio.toFixed(1)}× the smallest`;
    return spec;
  }
  if (target.histogram) return histogramSpec(`Target: ${target.column}`, target.histogram, { label: target.column });
  return null;
}

/** Share of missing values per column, only columns that have any, worst first. */
export function missingnessSpec(
  columns: Array<{ name: string; missingPct: number; missing?: number }>,
  maxBars = 25,
): BarSpec {
  const withMissing = columns
    .filter((c) => c.missingPct > 0)
    .sort((a, b) => b.missingPct - a.missingPct)
    .slice(0, maxBars);
  return {
    kind: 'bar',
    title: 'Missing values',
    subtitle:
      withMissing.length === 0
        ? 'No column has missing values'
        : `${withMissing.length} of ${columns.length} columns have gaps`,
    orientation: 'horizontal',
    showValues: true,
    bars: withMissing.map((c) => ({
      label: c.name,
      value: c.missingPct,
      // One gap in 2,700 rows (Chile's age) must not read "0%" beside a column that has gaps.
      ...(c.missingPct < 0.0005 ? { valueText: localize('<0.1%') } : {}),
      note: c.missing !== undefined ? `${c.missing} rows` : undefined,
    })),
    x: { label: 'Missing', format: 'percent', min: 0 },
  };
}

/**
 * One association per pair of columns: the profile may list a numeric pair twice (Pearson's r and Spearman's
 * rho); the stronger of the two is kept (a monotone but curved link shows in rho). Category pairs have Cramér's V.
 * Strongest first. Every place that shows a pair's association (the Profile step, the report's matrix and its
 * table) reads it from here, so they cannot disagree.
 */
export function correlationPairs(correlations: DataProfile['correlations']): DataProfile['correlations'] {
  const best = new Map<string, DataProfile['correlations'][number]>();
  for (const p of correlations) {
    const key = [p.a, p.b].sort().join('\u0000');
    const seen = best.get(key);
    if (!seen || Math.abs(p.value) > Math.abs(seen.value)) best.set(key, p);
  }
  return [...best.values()].sort((x, y) => Math.abs(y.value) - Math.abs(x.value));
}

/**
 * Correlation matrix of the columns that appear in the strongest pairs (at most `maxColumns`), diverging around
 * zero, with a colour key. The profile keeps the strongest pairs only, so weaker pairs (and number/category pairs,
 * which have no measure) are blank, and the subtitle says so. The diagonal is 1.
 */
export function correlationSpec(profile: Pick<DataProfile, 'correlations'>, maxColumns = 10): HeatmapSpec {
  const pairs = correlationPairs(profile.correlations);
  const names: string[] = [];
  for (const p of pairs) {
    for (const n of [p.a, p.b]) if (!names.includes(n) && names.length < maxColumns) names.push(n);
  }
  const values = names.map((r) => names.map((c) => (r === c ? 1 : (null as number | null))));
  for (const p of pairs) {
    const i = names.indexOf(p.a);
    const j = names.indexOf(p.b);
    if (i < 0 || j < 0) continue;
    values[i][j] = p.value;
    values[j][i] = p.value;
  }
  const blanks = values.some((row) => row.some((v) => v === null));
  const cramer = pairs.some((p) => p.method === 'cramers_v');
  return {
    kind: 'heatmap',
    title: 'Correlations',
    subtitle: `Stronger of Pearson r and Spearman ρ${cramer ? "; Cramér's V for categories" : ''}${blanks ? '; blank = weak or not measured' : ''}`,
    rows: names,
    cols: names,
    values,
    scale: 'diverging',
    domain: [-1, 1],
    showValues: true,
    valueFormat: 'decimal2',
    legend: { label: 'Correlation', format: 'decimal2' },
  };
}
