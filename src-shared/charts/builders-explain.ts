/**
 * Charts and one-sentence readings of explanations, shared by the Predict and Review screens and the report (so
 * they always agree). Each builder returns a chart spec; each `...Sentence` says what the chart shows in plain words.
 */
import {
  methodWords,
  scaleWords,
  type ExplanationDependence,
  type ModelExplanations,
  type PartialDependence,
  type RowExplanation,
} from '../explain';
import { formatNumber } from './scale';
import type { BarSpec, BeeswarmSpec, LineSpec, ScatterSpec, WaterfallSpec } from './spec';

const TOP_COLUMNS = 10;

function signed(v: number): string {
  const s = formatNumber(Math.abs(v));
  return v < 0 ? `−${s}` : `+${s}`;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** "83% yes" beside a log-odds value, so a person reads a probability too. */
function probabilityNote(scale: RowExplanation['scale'], value: number, output: string): string | undefined {
  if (scale === 'log-odds') return `= ${formatNumber(sigmoid(value), 'percent')} ${output}`;
  // The value is printed as a percentage already: "23.1% suv", not "23.1% = 23.1% suv".
  if (scale === 'probability') return output;
  return undefined;
}

/** A cell for a label: short, and "(empty)" for missing. */
function cellWords(v: string | null): string {
  if (v === null || v === '') return '(empty)';
  return v.length > 24 ? `${v.slice(0, 23)}…` : v;
}

/** Base → each column's push (largest first, the smallest folded into one step) → this row's output. */
export function waterfallSpec(e: RowExplanation, maxSteps = 10): WaterfallSpec {
  const shown = e.contributions.slice(0, maxSteps);
  const rest = e.contributions.slice(maxSteps);
  const steps = shown.map((c) => ({ label: `${c.column} = ${cellWords(c.value)}`, delta: c.effect }));
  if (rest.length)
    steps.push({
      label: `${rest.length} other column${rest.length > 1 ? 's' : ''}`,
      delta: rest.reduce((a, c) => a + c.effect, 0),
    });
  const words = scaleWords(e, e.output);
  return {
    kind: 'waterfall',
    title: 'Why this prediction',
    subtitle: `Effects on the ${words} · ${methodWords(e)}`,
    description: waterfallSentence(e),
    base: { label: 'Average prediction', value: e.base, note: probabilityNote(e.scale, e.base, e.output) },
    steps,
    total: { label: 'This row', value: e.value, note: probabilityNote(e.scale, e.value, e.output) },
    x: { label: capitalise(words), format: e.scale === 'probability' ? 'percent' : 'auto' },
  };
}

/** "1 held-out row", "16 held-out rows" (a model short of time may be explained over one). */
function heldOutRows(n: number): string {
  return `${n} held-out row${n === 1 ? '' : 's'}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function waterfallSentence(e: RowExplanation): string {
  const top = e.contributions.find((c) => c.effect !== 0);
  const words = scaleWords(e, e.output);
  // Probabilities in percent, as the chart's axis (0.231 and +0.1478 beside an axis of 10%..70% before).
  const format = e.scale === 'probability' ? ('percent' as const) : undefined;
  const start = `The model starts from the average ${words} (${formatNumber(e.base, format)}) and each bar shows how much one column of this row moved it`;
  if (!top) return `${start}; here no column moved it.`;
  const push = `${top.effect < 0 ? '−' : '+'}${formatNumber(Math.abs(top.effect), format)}`;
  return `${start}: ${top.column} = ${cellWords(top.value)} moved it most (${push}), ending at ${formatNumber(e.value, format)}.`;
}

/** Beeswarm of the top columns: each dot one held-out row, placed by the column's effect, coloured by its value. */
export function summarySpec(m: ModelExplanations): BeeswarmSpec {
  const words = scaleWords(m.how, m.output);
  return {
    kind: 'beeswarm',
    title: 'What drives the predictions',
    subtitle: `${heldOutRows(m.rows)} · effects on the ${words} · ${methodWords(m.how)}`,
    description: summarySentence(m),
    rows: m.beeswarm.slice(0, TOP_COLUMNS).map((b) => ({ label: b.column, x: b.effects, color: b.color })),
    colorKey: { label: "the column's value", low: 'low', high: 'high' },
    x: { label: `Effect on the ${words}` },
  };
}

/** Mean |effect| per column, with the direction as a note (the bar form of the summary). */
export function summaryBarSpec(m: ModelExplanations, topN = 15): BarSpec {
  const words = scaleWords(m.how, m.output);
  return {
    kind: 'bar',
    title: 'Average effect per column (SHAP)',
    subtitle: `Mean |effect| on the ${words} over ${heldOutRows(m.rows)}`,
    orientation: 'horizontal',
    showValues: true,
    bars: m.columns.slice(0, topN).map((c) => ({
      label: c.column,
      value: c.meanAbs,
      note:
        c.direction === 'up'
          ? 'higher values push it up'
          : c.direction === 'down'
            ? 'higher values push it down'
            : c.direction === 'mixed'
              ? 'no single direction'
              : undefined,
    })),
    x: { label: 'Mean |effect|' },
  };
}

export function summarySentence(m: ModelExplanations): string {
  const top = m.columns[0];
  if (!top) return 'No column changes the predictions.';
  const dir =
    top.direction === 'up'
      ? `; higher ${top.column} pushes it up`
      : top.direction === 'down'
        ? `; higher ${top.column} pushes it down`
        : '';
  const second = m.columns[1] ? `, then ${m.columns[1].column}` : '';
  return `Each dot is one held-out row: how far ${top.column} moved its prediction (right = up, left = down), coloured from low (blue) to high (red) values. ${top.column} matters most, by ${formatNumber(top.meanAbs)} on average${dir}${second}.`;
}

/** Effect of one column against its value (numeric), or its average effect per category. */
export function dependenceSpec(d: ExplanationDependence, m: ModelExplanations): ScatterSpec | BarSpec {
  const words = scaleWords(m.how, m.output);
  if (d.kind === 'categorical') {
    return {
      kind: 'bar',
      title: `Effect of ${d.column}`,
      subtitle: `Average effect on the ${words} per value`,
      description: dependenceSentence(d, m),
      orientation: 'horizontal',
      showValues: true,
      bars: d.categories.map((c) => ({ label: c.label, value: c.meanEffect, note: `${c.rows} rows` })),
      x: { label: `Effect on the ${words}` },
    };
  }
  const x: number[] = [];
  const y: number[] = [];
  const color: Array<number | null> = [];
  d.x.forEach((v, i) => {
    if (v === null) return;
    x.push(v);
    y.push(d.effects[i]);
    color.push(d.interaction ? d.interaction.color[i] : null);
  });
  return {
    kind: 'scatter',
    title: `Effect of ${d.column}`,
    subtitle: d.interaction ? `Coloured by ${d.interaction.column}, the column it interacts with most` : undefined,
    description: dependenceSentence(d, m),
    points: { x, y },
    hline: 0,
    ...(d.interaction ? { color: { values: color, label: d.interaction.column } } : {}),
    x: { label: d.column, format: d.date ? 'date' : 'auto' },
    y: { label: `Effect on the ${words}` },
  };
}

/** Slope sign of effect against value (least squares), for the sentence. */
function trend(xs: Array<number | null>, ys: number[]): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    if (x === null || !Number.isFinite(ys[i])) return;
    n++;
    sx += x;
    sy += ys[i];
    sxy += x * ys[i];
    sxx += x * x;
  });
  const den = n * sxx - sx * sx;
  return n > 1 && den !== 0 ? (n * sxy - sx * sy) / den : 0;
}

export function dependenceSentence(d: ExplanationDependence, m: ModelExplanations): string {
  const words = scaleWords(m.how, m.output);
  if (d.kind === 'categorical') {
    const sorted = [...d.categories].sort((a, b) => b.meanEffect - a.meanEffect);
    const hi = sorted[0];
    const lo = sorted[sorted.length - 1];
    if (!hi) return `${d.column} has no effect.`;
    return `Each bar is the average push on the ${words} for rows with that ${d.column}: ${hi.label} pushes it up most (${signed(hi.meanEffect)})${lo && lo !== hi ? `, ${lo.label} down most (${signed(lo.meanEffect)})` : ''}.`;
  }
  const slope = trend(d.x, d.effects);
  const how =
    slope > 0
      ? 'higher values raise the prediction'
      : slope < 0
        ? 'higher values lower the prediction'
        : 'no steady direction';
  const colour = d.interaction
    ? ` The colour is ${d.interaction.column}: where dots of one colour sit apart, the two columns act together.`
    : '';
  return `Each dot is a held-out row: its ${d.column} (across) and how much that moved its ${words} (up or down); overall ${how}.${colour}`;
}

/** Average prediction as the column changes (bold), over thin single-row curves. */
export function partialDependenceSpec(p: PartialDependence, m: ModelExplanations): LineSpec | BarSpec {
  const yLabel = p.scale === 'probability' ? `Probability of '${m.output}'` : `Predicted ${m.output}`;
  const fmt = p.scale === 'probability' ? 'percent' : 'auto';
  if (p.kind === 'categorical') {
    const middle = p.scale === 'probability' ? null : farFromZero(p.average);
    return {
      kind: 'bar',
      title: `Prediction by ${p.column}`,
      subtitle: 'Average prediction if every row had this value',
      description: partialDependenceSentence(p, m),
      orientation: 'horizontal',
      showValues: true,
      bars: (p.labels ?? []).map((label, i) =>
        middle === null
          ? { label, value: p.average[i] }
          : { label, value: p.average[i] - middle, valueText: formatNumber(p.average[i], fmt) },
      ),
      x: { label: middle === null ? yLabel : `${yLabel} above or below ${formatNumber(middle, fmt)}`, format: fmt },
    };
  }
  return {
    kind: 'line',
    title: `Prediction as ${p.column} changes`,
    subtitle: `Bold: average over the rows · thin: ${p.ice.length} single rows`,
    description: partialDependenceSentence(p, m),
    series: [
      ...p.ice.map((y, i) => ({ name: `row ${i + 1}`, x: p.grid, y, muted: true })),
      { name: 'Average', x: p.grid, y: p.average },
    ],
    legend: false,
    x: { label: p.column, format: p.date ? 'date' : 'auto' },
    y: { label: yLabel, format: fmt },
  };
}

/**
 * The middle of values that all sit far from zero (STAR reading scores 602..624: bars from zero looked equal), to
 * draw bars from; null when bars from zero show the differences well enough.
 */
function farFromZero(values: number[]): number | null {
  if (!values.length) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo <= 0 && hi >= 0) return null;
  return hi - lo < 0.5 * Math.min(Math.abs(lo), Math.abs(hi)) ? (lo + hi) / 2 : null;
}

export function partialDependenceSentence(p: PartialDependence, m: ModelExplanations): string {
  const what = p.scale === 'probability' ? `probability of '${m.output}'` : `predicted ${m.output}`;
  if (p.kind === 'categorical')
    return `If every row had the same ${p.column} and kept its other values, the average ${what} would be this bar.`;
  const lo = Math.min(...p.average);
  const hi = Math.max(...p.average);
  return `Setting ${p.column} to each value on the axis while keeping the rest of each row, the average ${what} (bold) moves between ${formatNumber(lo, p.scale === 'probability' ? 'percent' : 'auto')} and ${formatNumber(hi, p.scale === 'probability' ? 'percent' : 'auto')}; thin lines are single rows.`;
}
