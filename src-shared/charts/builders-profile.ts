import type { ColumnProfile, DataProfile, TargetDistribution } from '../project';
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
      note: c.missing !== undefined ? `${c.missing} rows` : undefined,
    })),
    x: { label: 'Missing', format: 'percent', min: 0 },
  };
}

/**
 * Correlation matrix of the columns that appear in the strongest pairs (at most `maxColumns`),
 * diverging around zero. Pairs not in the profile stay blank; the diagonal is 1.
 */
export function correlationSpec(profile: Pick<DataProfile, 'correlations'>, maxColumns = 10): HeatmapSpec {
  const names: string[] = [];
  for (const p of profile.correlations) {
    for (const n of [p.a, p.b]) if (!names.includes(n) && names.length < maxColumns) names.push(n);
  }
  const values = names.map((r) => names.map((c) => (r === c ? 1 : (null as number | null))));
  for (const p of profile.correlations) {
    const i = names.indexOf(p.a);
    const j = names.indexOf(p.b);
    if (i < 0 || j < 0) continue;
    values[i][j] = p.value;
    values[j][i] = p.value;
  }
  const methods = [...new Set(profile.correlations.map((p) => p.method))];
  return {
    kind: 'heatmap',
    title: 'Correlations',
    subtitle: methods.length ? `Strongest pairs (${methods.join(', ').replace('cramers_v', "Cramér's V")})` : undefined,
    rows: names,
    cols: names,
    values,
    scale: 'diverging',
    domain: [-1, 1],
    showValues: true,
    valueFormat: 'decimal2',
  };
}
