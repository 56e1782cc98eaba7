/**
 * Charts of a model in use (issue 15): rows scored per batch, the live metric over time against the training
 * level, and drift per feature and batch. The Monitor screen and the report read them from here.
 */
import type { BatchSummary, MetricPoint } from '../monitor';
import type { MetricName } from '../tasks';
import { metricLabel } from './labels';
import type { BarSpec, HeatmapSpec, LineSpec } from './spec';

const when = (at: number): string => new Date(at).toISOString().slice(5, 16).replace('T', ' ');

/** Rows scored per batch, oldest first (the newest 40); drifted batches are highlighted. */
export function volumeSpec(batches: BatchSummary[]): BarSpec {
  const shown = batches.filter((b) => b.role === 'champion').slice(-40);
  return {
    kind: 'bar',
    title: 'Rows scored',
    subtitle: `${shown.length} batch${shown.length === 1 ? '' : 'es'}; highlighted: drift alert`,
    bars: shown.map((b) => ({
      label: when(b.at),
      value: b.rows,
      highlight: b.level === 'alert',
      note: `${b.fileName} · v${b.version}`,
    })),
    y: { label: 'Rows', format: 'integer', min: 0 },
  };
}

/** The live metric per week (or per batch when there is one week), with the training level as a dashed line. */
export function metricSpec(
  metric: MetricName,
  points: MetricPoint[],
  trainingLevel: number | null,
  per: 'week' | 'batch',
): LineSpec {
  const xs = points.map((p) => p.at);
  const ys = points.map((p) => p.metrics[metric] ?? NaN);
  const series: LineSpec['series'] = [{ name: `Live ${metricLabel(metric)}`, x: xs, y: ys }];
  if (trainingLevel !== null && xs.length) {
    const x = xs.length === 1 ? [xs[0] - 86_400_000, xs[0] + 86_400_000] : [xs[0], xs[xs.length - 1]];
    series.push({ name: 'Training level', x, y: [trainingLevel, trainingLevel], dashed: true });
  }
  return {
    kind: 'line',
    title: `${metricLabel(metric)} over time`,
    subtitle: `Per ${per}, on rows whose outcome came back (${points.reduce((s, p) => s + p.n, 0)} rows)`,
    series,
    x: { label: per === 'week' ? 'Week' : 'Batch', format: 'date' },
    y: { label: metricLabel(metric) },
    legend: true,
  };
}

/** PSI per feature (rows) and batch (columns), newest 24 batches; blank: no training distribution. */
export function driftSpec(features: string[], batches: BatchSummary[], psiAlert: number): HeatmapSpec {
  const shown = batches.filter((b) => b.role === 'champion').slice(-24);
  const values = features.map((f) => shown.map((b) => b.drift.find((d) => d.feature === f)?.psi ?? null));
  return {
    kind: 'heatmap',
    title: 'Drift from the training data',
    subtitle: `Population stability index per input and batch; ${psiAlert} and above raises an alert`,
    rows: features,
    cols: shown.map((b) => when(b.at)),
    values,
    colorValues: values.map((r) => r.map((v) => (v === null ? null : Math.min(v, psiAlert * 2)))),
    scale: 'sequential',
    domain: [0, psiAlert * 2],
    showValues: shown.length <= 12,
    valueFormat: 'decimal2',
    legend: { label: 'PSI', format: 'decimal2' },
  };
}
