/**
 * Charts of a model in use (issue 15): rows scored per batch, the live metric over time against the training
 * level, and drift per feature and batch. The Monitor screen and the report read them from here.
 */
import type { BatchSummary, FeatureDrift, MetricPoint, ShadowComparison } from '../monitor';
import type { MetricName } from '../tasks';
import { metricLabel } from './labels';
import type { BarSpec, HeatmapSpec, LineSpec } from './spec';
import { DAY_MS } from '../time';

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
    const x = xs.length === 1 ? [xs[0] - DAY_MS, xs[0] + DAY_MS] : [xs[0], xs[xs.length - 1]];
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

/**
 * PSI per feature (rows) and batch (columns), newest 24 batches; blank: no training distribution. PSI is measured over
 * the training categories and the filled cells, so a batch with 20% unseen categories or many more empty cells can
 * read 0.00: such a cell says so ("20% new", "+16% empty") and is coloured by its drift level.
 */
export function driftSpec(features: string[], batches: BatchSummary[], psiAlert: number): HeatmapSpec {
  const shown = batches.filter((b) => b.role === 'champion').slice(-24);
  const drift = (f: string) => shown.map((b) => b.drift.find((d) => d.feature === f));
  const values = features.map((f) => drift(f).map((d) => d?.psi ?? null));
  const levelWeight = { ok: 0, watch: psiAlert, alert: psiAlert * 2 };
  const colorValues = features.map((f, r) =>
    drift(f).map((d, c) => {
      const v = values[r][c];
      const level = d && driftNote(d) ? levelWeight[d.level] : 0;
      return v === null && !level ? null : Math.min(Math.max(v ?? 0, level), psiAlert * 2);
    }),
  );
  const notes = features.map((f) => drift(f).map((d) => (d ? driftNote(d) : null)));
  return {
    kind: 'heatmap',
    title: 'Drift from the training data',
    subtitle: `Population stability index per input and batch; ${psiAlert} and above raises an alert`,
    rows: features,
    cols: shown.map((b) => when(b.at)),
    values,
    colorValues,
    ...(notes.some((r) => r.some(Boolean)) ? { cellNotes: notes } : {}),
    scale: 'sequential',
    domain: [0, psiAlert * 2],
    showValues: shown.length <= 12,
    valueFormat: 'decimal2',
    legend: { label: 'PSI', format: 'decimal2' },
  };
}

/**
 * A shadow version beside the active one, per shadow batch: both versions' metric on the same rows once outcomes
 * came back, else how often they agree (same label, or the mean absolute difference for numbers).
 */
export function shadowSpec(c: ShadowComparison): LineSpec {
  const scored = c.perBatch.filter((p) => p.matched > 0);
  const x = (ps: typeof c.perBatch) => ps.map((p) => p.at);
  if (scored.length) {
    const active = [...new Set(scored.map((p) => `v${p.championVersion}`))].join(', ');
    return {
      kind: 'line',
      title: `Shadow v${c.version} vs active ${active}`,
      subtitle: `${metricLabel(c.metric)} per batch on the same ${c.matched} rows with outcomes`,
      series: [
        { name: `Active (${active})`, x: x(scored), y: scored.map((p) => p.champion ?? NaN) },
        { name: `Shadow v${c.version}`, x: x(scored), y: scored.map((p) => p.shadow ?? NaN) },
      ],
      x: { label: 'Batch', format: 'date' },
      y: { label: metricLabel(c.metric) },
      legend: true,
    };
  }
  const same = c.agreementKind === 'same-label';
  return {
    kind: 'line',
    title: `Shadow v${c.version}: agreement with the active version`,
    subtitle: `No outcomes yet; ${same ? 'share of rows with the same label' : 'mean absolute difference'} per batch`,
    series: [
      { name: same ? 'Same label' : 'Mean abs. difference', x: x(c.perBatch), y: c.perBatch.map((p) => p.agreement) },
    ],
    x: { label: 'Batch', format: 'date' },
    y: same ? { label: 'Same label', format: 'percent', min: 0, max: 1 } : { label: 'Mean abs. difference', min: 0 },
    legend: false,
  };
}

/** What a PSI cannot show of a column's drift: unseen categories ("20% new") or a changed share of empty cells. */
function driftNote(d: FeatureDrift): string | null {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if ((d.unseenShare ?? 0) >= 0.01) return `${pct(d.unseenShare!)} new`;
  const more = d.missingRate - d.trainingMissingRate;
  if (Math.abs(more) >= 0.05) return `${more > 0 ? '+' : '−'}${pct(Math.abs(more))} empty`;
  return null;
}
