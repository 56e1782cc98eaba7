import {
  isDescriptiveMetric,
  confusionSpec,
  forecastSpec,
  importanceSpec,
  leaderboardSpec,
  predictedActualSpec,
  prSpec,
  readDiagnostics,
  residualSpec,
  rocSpec,
  type ChartSpec,
} from '@shared/charts';
import type { TrainingSummary } from '@shared/project';
import { t } from '../../strings';
import { metricUnit, unitOfColumn } from '@shared/units';
import { forecastFocus } from './focus-forecast';

/** A chart to show on the review screen, with the test id e2e tests look for. */
export interface ReviewChart {
  id: string;
  spec: ChartSpec;
  aspect?: number;
  /** Spans the whole row (time series need the width). */
  wide?: boolean;
  /** The x range the chart opens on (a forecast's recent history); the person can zoom out to all of it. */
  range?: [number, number];
}

/**
 * Every diagnostic chart the summary has data for, in reading order. The same builders feed the
 * exported report, so the two always agree. `first` lists chart ids to move to the front.
 */
export function reviewCharts(
  summary: TrainingSummary,
  target: string | null,
  first: string[] = [],
  shown: (column: string) => string = (c) => c,
): ReviewChart[] {
  const charts: ReviewChart[] = [];
  const done = summary.leaderboard.filter((r) => r.status === 'done');
  const unit = target ? unitOfColumn(target) : null;
  // Descriptive runs (an anomaly rate, a mean sentiment) grade nothing: their table says it all.
  if (done.length > 1 && !isDescriptiveMetric(summary.metric))
    charts.push({
      id: 'leaderboard',
      spec: leaderboardSpec(
        summary.leaderboard,
        summary.metric,
        summary.bestModelId,
        12,
        metricUnit(summary.metric, target),
        t.leaderboard.best,
      ),
      aspect: Math.min(0.9, 0.22 + done.length * 0.06),
    });
  if (summary.confusion && summary.confusion.labels.length > 0) {
    // Few classes draw a small square matrix: a lower box leaves no empty band under it.
    const n = summary.confusion.labels.length;
    charts.push({
      id: 'confusion',
      spec: confusionSpec(summary.confusion.labels, summary.confusion.matrix),
      aspect: Math.min(0.8, 0.35 + 0.09 * n),
    });
  }
  const d = readDiagnostics(summary.diagnostics);
  if (d.roc.length) charts.push({ id: 'roc', spec: rocSpec(d.roc), aspect: 0.8 });
  if (d.pr.length) charts.push({ id: 'pr', spec: prSpec(d.pr), aspect: 0.8 });
  if (d.residuals) {
    charts.push({
      id: 'predicted-actual',
      spec: predictedActualSpec(d.residuals.predicted, d.residuals.actual, target ?? 'target', unit ?? undefined),
      aspect: 0.8,
    });
    charts.push({
      id: 'residuals',
      spec: residualSpec(d.residuals.predicted, d.residuals.actual, target ?? 'target', unit ?? undefined),
      aspect: 0.8,
    });
  }
  // Analytics tasks (forecast, segments, anomalies, correlation, sentiment) bring their own charts.
  d.charts.forEach((c, i) => {
    const dated = c.spec.kind === 'line' && c.spec.x?.format === 'date';
    const hbars = c.spec.kind === 'bar' && c.spec.orientation === 'horizontal' ? c.spec.bars.length : 0;
    const aspect = dated ? 0.36 : c.spec.kind === 'line' ? 0.55 : hbars ? Math.min(0.8, 0.22 + hbars * 0.06) : 0.7;
    const range = dated && c.spec.kind === 'line' ? forecastFocus(c.spec) : null;
    // Bars labelled by a column (a correlation run's associations) say the name the file wrote.
    const named =
      c.spec.kind === 'bar' ? { ...c.spec, bars: c.spec.bars.map((b) => ({ ...b, label: shown(b.label) })) } : c.spec;
    const spec = named.title ? named : { ...named, title: c.title };
    charts.push({ id: `task-${i}`, spec, aspect, wide: dated, ...(range ? { range } : {}) });
  });
  if (d.forecast && d.charts.length === 0) {
    const spec = forecastSpec(d.forecast, target ?? 'value');
    const range = forecastFocus(spec);
    charts.push({ id: 'forecast', spec, aspect: 0.36, wide: true, ...(range ? { range } : {}) });
  }
  // A correlation run's importance is its association chart again: show it once.
  const duplicate = summary.task === 'correlation' && d.charts.length > 0;
  if (summary.featureImportance?.length && !duplicate) {
    const n = Math.min(15, summary.featureImportance.length);
    charts.push({
      id: 'importance',
      spec: importanceSpec(
        summary.featureImportance.map((f) => ({ ...f, feature: shown(f.feature) })),
        15,
      ),
      aspect: Math.min(1, 0.25 + n * 0.05),
    });
  }
  // Charts asked for first (stable otherwise): images lead with the confusion matrix.
  const rank = (c: ReviewChart) => (first.includes(c.id) ? first.indexOf(c.id) : first.length);
  return charts
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * The strongest link of a correlation run, read from its association chart (the longest bar of
 * the first horizontal bar chart), for the headline: a number alone ("0.22 association") says
 * little, "occupation 0.42" says what was found.
 */
export function strongestAssociation(summary: TrainingSummary): { label: string; value: number; title: string } | null {
  if (summary.task !== 'correlation') return null;
  const chart = readDiagnostics(summary.diagnostics).charts.find(
    (c) => c.spec.kind === 'bar' && c.spec.orientation === 'horizontal',
  );
  if (!chart || chart.spec.kind !== 'bar' || chart.spec.bars.length === 0) return null;
  const top = chart.spec.bars.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
  return { label: top.label, value: top.value, title: chart.spec.title ?? chart.title };
}
