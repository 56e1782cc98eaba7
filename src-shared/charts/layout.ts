import { truncate } from './escape';
import { formatTicks, linear, niceDomain, type NiceDomain } from './scale';
import type { AxisSpec, ChartSpec } from './spec';
import { tag, text, textWidth } from './svg';
import type { ChartTheme } from './theme';
import { DAY_MS } from '../time';

/** The plot rectangle and everything drawn so far. */
export interface Frame {
  width: number;
  height: number;
  theme: ChartTheme;
  /** Plot area in pixels. */
  left: number;
  top: number;
  right: number;
  bottom: number;
  parts: string[];
}

export function axisTitle(axis: AxisSpec | undefined): string | null {
  if (!axis?.label && !axis?.unit) return null;
  if (axis.label && axis.unit) return `${axis.label} (${axis.unit})`;
  return axis.label ?? `(${axis.unit})`;
}

/** Draws the title and subtitle; returns the y where content may start. */
export function drawHeader(spec: ChartSpec, width: number, theme: ChartTheme, parts: string[]): number {
  let y = 8;
  const maxChars = Math.floor((width - 16) / 7.5);
  if (spec.title) {
    parts.push(
      text(truncate(spec.title, maxChars), {
        class: 'chart-title',
        x: 8,
        y: y + 13,
        'font-size': 13,
        'font-weight': 600,
        fill: theme.text,
      }),
    );
    y += 20;
  }
  if (spec.subtitle) {
    parts.push(
      text(truncate(spec.subtitle, Math.floor(maxChars * 1.15)), {
        class: 'chart-subtitle',
        x: 8,
        y: y + 11,
        'font-size': 11,
        fill: theme.muted,
      }),
    );
    y += 16;
  }
  return y + 4;
}

/** A one-row legend of coloured swatches; wraps to more rows when needed. Returns the next free y. */
export function drawLegend(
  items: Array<{ name: string; color: string; dashed?: boolean; faded?: boolean }>,
  y: number,
  width: number,
  theme: ChartTheme,
  parts: string[],
): number {
  let x = 8;
  let row = y;
  for (const item of items) {
    const label = truncate(item.name, 28);
    const w = 18 + textWidth(label) + 14;
    if (x + w > width - 8 && x > 8) {
      x = 8;
      row += 16;
    }
    const swatch = tag('line', {
      x1: x,
      y1: row + 6,
      x2: x + 14,
      y2: row + 6,
      stroke: item.color,
      'stroke-width': 2.5,
      'stroke-dasharray': item.dashed ? '4 3' : undefined,
    });
    parts.push(
      tag(
        'g',
        { class: 'legend-item', opacity: item.faded ? 0.35 : undefined },
        swatch + text(label, { x: x + 18, y: row + 10, 'font-size': 11, fill: theme.text }),
      ),
    );
    x += w;
  }
  return row + 18;
}

/** A continuous axis: domain, ticks and the pixel mapping. */
export interface ContinuousAxis {
  domain: NiceDomain;
  scale: (v: number) => number;
  labels: string[];
}

/** A date axis spanning at least this long ticks on month starts (monthly data ticked 2011-01-26, 2011-10-03, ...). */
const MONTH_TICKS_FROM = 92 * DAY_MS;
/** Months between ticks, the fewest that keep to the tick count: a month, a quarter, half a year, years. */
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

/**
 * A long date axis: the data's own ends, ticks on the first of a month every 1, 2, 3 or 6 months or whole years
 * (January), so monthly, quarterly and yearly series read 2011-01, 2012-01 ... and not days a fixed count apart.
 * `step` is the tick spacing in ms (a month counts 30 days), which the labels read (year-month, or the year).
 */
function monthDomain(axis: AxisSpec, lo: number, hi: number, count: number): NiceDomain {
  const [a, b] = [axis.min ?? lo, axis.max ?? hi];
  const months = (b - a) / (30.44 * DAY_MS);
  const every = MONTH_STEPS.find((m) => months / m <= Math.max(1, count)) ?? MONTH_STEPS[MONTH_STEPS.length - 1];
  const start = new Date(a);
  let index = start.getUTCFullYear() * 12 + start.getUTCMonth();
  if (Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) < a) index++;
  index = Math.ceil(index / every) * every;
  const ticks: number[] = [];
  for (let t = monthStart(index); t <= b && ticks.length < 50; index += every, t = monthStart(index)) ticks.push(t);
  return { min: a, max: b, step: every * 30 * DAY_MS, ticks };
}

const monthStart = (index: number): number => Date.UTC(Math.floor(index / 12), index % 12, 1);

/** Domain for an axis from the data extent, honouring fixed ends; dates tick on whole days where they can. */
export function axisDomain(axis: AxisSpec | undefined, lo: number, hi: number, count: number): NiceDomain {
  if (axis?.format === 'date' && hi - lo >= MONTH_TICKS_FROM) return monthDomain(axis, lo, hi, count);
  if (axis?.format === 'date' && hi - lo >= 2 * DAY_MS) {
    // Dates keep the data's own ends (a chart of January should not start in December); ticks fall inside.
    const d = niceDomain(lo / DAY_MS, hi / DAY_MS, count, (axis.min ?? lo) / DAY_MS, (axis.max ?? hi) / DAY_MS);
    return {
      min: d.min * DAY_MS,
      max: d.max * DAY_MS,
      step: Math.max(1, d.step) * DAY_MS,
      ticks: d.ticks.filter((t) => Number.isInteger(t)).map((t) => t * DAY_MS),
    };
  }
  return niceDomain(lo, hi, count, axis?.min, axis?.max, axis?.format === 'integer');
}

export function tickLabels(axis: AxisSpec | undefined, domain: NiceDomain): string[] {
  return formatTicks(domain.ticks, axis?.format ?? 'auto', domain.step);
}

/**
 * Lays out a plot with continuous x and y axes below `top`, draws gridlines, ticks and axis titles,
 * and returns the frame plus both scales.
 */
export function continuousAxes(
  spec: ChartSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  xExtent: [number, number],
  yExtent: [number, number],
  parts: string[],
): { frame: Frame; x: ContinuousAxis; y: ContinuousAxis } {
  const yTitle = axisTitle(spec.y);
  const xTitle = axisTitle(spec.x);
  const plotHeight = height - top - 40;
  const yDomain = axisDomain(spec.y, yExtent[0], yExtent[1], Math.max(2, Math.min(6, Math.floor(plotHeight / 40))));
  const yLabels = tickLabels(spec.y, yDomain);
  const left = 8 + (yTitle ? 18 : 0) + Math.max(...yLabels.map((l) => textWidth(l)), 10) + 6;
  const right = width - 14;
  const bottom = height - (xTitle ? 40 : 24);
  const xDomain = axisDomain(spec.x, xExtent[0], xExtent[1], Math.max(2, Math.min(8, Math.floor((right - left) / 70))));
  const xLabels = tickLabels(spec.x, xDomain);
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  const x: ContinuousAxis = { domain: xDomain, scale: linear(xDomain.min, xDomain.max, left, right), labels: xLabels };
  const y: ContinuousAxis = { domain: yDomain, scale: linear(yDomain.min, yDomain.max, bottom, top), labels: yLabels };
  drawYTicks(frame, y);
  drawXTicks(frame, x);
  drawAxisTitles(frame, xTitle, yTitle);
  return { frame, x, y };
}

export function drawYTicks(frame: Frame, y: ContinuousAxis): void {
  const { theme, parts, left, right } = frame;
  y.domain.ticks.forEach((t, i) => {
    const py = y.scale(t);
    const grid = tag('line', { x1: left, y1: py, x2: right, y2: py, stroke: theme.grid, 'stroke-width': 1 });
    const label = text(y.labels[i], {
      x: left - 6,
      y: py + 3.5,
      'text-anchor': 'end',
      'font-size': 10.5,
      fill: theme.muted,
    });
    parts.push(tag('g', { class: 'tick tick-y' }, grid + label));
  });
  parts.push(
    tag('line', { class: 'axis axis-y', x1: left, y1: frame.top, x2: left, y2: frame.bottom, stroke: theme.axis }),
  );
}

export function drawXTicks(frame: Frame, x: ContinuousAxis): void {
  const { theme, parts, bottom } = frame;
  const widest = Math.max(...x.labels.map((l) => textWidth(l, 10.5)), 1);
  const room = (frame.right - frame.left) / Math.max(1, x.domain.ticks.length);
  // When labels would collide, label every other tick (the tick marks stay).
  const every = widest + 6 > room ? Math.ceil((widest + 6) / room) : 1;
  x.domain.ticks.forEach((t, i) => {
    const pxv = x.scale(t);
    const mark = tag('line', { x1: pxv, y1: bottom, x2: pxv, y2: bottom + 4, stroke: theme.axis });
    const label =
      i % every === 0
        ? text(x.labels[i], { x: pxv, y: bottom + 16, 'text-anchor': 'middle', 'font-size': 10.5, fill: theme.muted })
        : '';
    parts.push(tag('g', { class: 'tick tick-x' }, mark + label));
  });
  parts.push(
    tag('line', { class: 'axis axis-x', x1: frame.left, y1: bottom, x2: frame.right, y2: bottom, stroke: theme.axis }),
  );
}

export function drawAxisTitles(frame: Frame, xTitle: string | null, yTitle: string | null): void {
  const { theme, parts } = frame;
  const mid = (frame.left + frame.right) / 2;
  if (xTitle) {
    parts.push(
      text(truncate(xTitle, 60), {
        class: 'axis-title axis-title-x',
        x: mid,
        y: frame.height - 8,
        'text-anchor': 'middle',
        'font-size': 11,
        fill: theme.text,
      }),
    );
  }
  if (yTitle) {
    const cy = (frame.top + frame.bottom) / 2;
    parts.push(
      text(truncate(yTitle, 40), {
        class: 'axis-title axis-title-y',
        x: 14,
        y: cy,
        'text-anchor': 'middle',
        'font-size': 11,
        fill: theme.text,
        transform: `rotate(-90 14 ${Math.round(cy)})`,
      }),
    );
  }
}
