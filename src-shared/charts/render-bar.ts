import { truncate } from './escape';
import { axisDomain, axisTitle, drawAxisTitles, drawXTicks, drawYTicks, tickLabels, type Frame } from './layout';
import { extent, formatNumber, linear } from './scale';
import type { BarSpec, DrawSink, HistogramSpec } from './spec';
import { charsThatFit, tag, text, textWidth } from './svg';
import type { ChartTheme } from './theme';

function barColor(spec: BarSpec, highlight: boolean | undefined, theme: ChartTheme): string {
  const anyHighlight = spec.bars.some((b) => b.highlight);
  return !anyHighlight || highlight ? theme.accent : theme.subdued;
}

function valueDomain(spec: BarSpec, axisRole: 'x' | 'y', count: number) {
  const axis = spec[axisRole];
  const ext = extent(spec.bars.map((b) => b.value)) ?? [0, 1];
  // Bars grow from zero, so zero is always inside the domain; bars all of zero get an axis from zero up, not -1..1.
  const hi = ext[0] === 0 && ext[1] === 0 ? 1 : Math.max(0, ext[1]);
  return axisDomain(axis, Math.min(0, ext[0]), hi, count);
}

/** A bar's tooltip: its name, its value (with the axis unit) and its note. */
function barLines(spec: BarSpec, b: BarSpec['bars'][number]): string[] {
  const axis = spec.orientation === 'horizontal' ? spec.x : spec.y;
  const value = b.valueText ?? `${formatNumber(b.value, axis?.format)}${axis?.unit ? ` ${axis.unit}` : ''}`;
  return [b.label, value, ...(b.note ? [b.note] : [])];
}

/** Vertical bars: categories along x, values up y. Long or many labels are turned 40°. */
export function renderVerticalBars(
  spec: BarSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const n = spec.bars.length;
  const xTitle = axisTitle(spec.x);
  const yTitle = axisTitle(spec.y);
  const labels = spec.bars.map((b) => truncate(b.label, 18));
  const widest = Math.max(...labels.map((l) => textWidth(l, 10.5)), 1);
  const roughBand = (width - 70) / Math.max(1, n);
  const rotate = widest > roughBand - 4;
  const labelHeight = rotate ? Math.min(widest * 0.66 + 8, 90) : 16;
  const bottom = height - labelHeight - (xTitle ? 26 : 8);
  const yDomain = valueDomain(spec, 'y', Math.max(2, Math.min(6, Math.floor((bottom - top) / 40))));
  const yLabels = tickLabels(spec.y, yDomain);
  const left = 8 + (yTitle ? 18 : 0) + Math.max(...yLabels.map((l) => textWidth(l)), 10) + 6;
  const right = width - 14;
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  const y = { domain: yDomain, scale: linear(yDomain.min, yDomain.max, bottom, top), labels: yLabels };
  drawYTicks(frame, y);
  const band = (right - left) / Math.max(1, n);
  const barWidth = Math.max(1, Math.min(band * 0.72, 64));
  const zero = y.scale(0);
  spec.bars.forEach((b, i) => {
    const cx = left + band * (i + 0.5);
    const vy = y.scale(Number.isFinite(b.value) ? b.value : 0);
    const lines = barLines(spec, b);
    const rect = tag(
      'rect',
      {
        x: cx - barWidth / 2,
        y: Math.min(vy, zero),
        width: barWidth,
        height: Math.max(0, Math.abs(zero - vy)),
        rx: Math.min(3, barWidth / 4),
        fill: barColor(spec, b.highlight, theme),
      },
      sink.tip(`${b.label}: ${lines.slice(1).join(' — ')}`),
    );
    // The whole column counts as the bar, so a short bar is as easy to hover as a tall one.
    sink.marks.push({
      x: cx,
      y: Math.min(vy, zero),
      box: { x: left + band * i, y: top, width: band, height: bottom - top },
      lines,
    });
    const value = spec.showValues
      ? text(b.valueText ?? formatNumber(b.value, spec.y?.format), {
          x: cx,
          y: Math.min(vy, zero) - 4,
          'text-anchor': 'middle',
          'font-size': 10,
          fill: theme.text,
        })
      : '';
    const ly = bottom + 14;
    const label = rotate
      ? text(labels[i], {
          x: cx,
          y: ly - 4,
          'text-anchor': 'end',
          'font-size': 10.5,
          fill: theme.muted,
          transform: `rotate(-40 ${Math.round(cx)} ${Math.round(ly - 4)})`,
        })
      : text(labels[i], { x: cx, y: ly, 'text-anchor': 'middle', 'font-size': 10.5, fill: theme.muted });
    parts.push(tag('g', { class: 'bar', 'data-label': b.label, 'data-value': b.value }, rect + value + label));
  });
  parts.push(tag('line', { class: 'axis axis-x', x1: left, y1: zero, x2: right, y2: zero, stroke: theme.axis }));
  drawAxisTitles(frame, xTitle, yTitle);
}

/** Horizontal bars: categories down y (names readable at any length), values along x. */
export function renderHorizontalBars(
  spec: BarSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const n = spec.bars.length;
  const xTitle = axisTitle(spec.x);
  const labels = spec.bars.map((b) => truncate(b.label, 28));
  const labelWidth = Math.min(Math.max(...labels.map((l) => textWidth(l, 10.5)), 10), width * 0.38);
  const left = 8 + labelWidth + 8;
  const right = width - (spec.showValues ? 48 : 16);
  const bottom = height - (xTitle ? 40 : 24);
  const xDomain = valueDomain(spec, 'x', Math.max(2, Math.min(6, Math.floor((right - left) / 70))));
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  const x = {
    domain: xDomain,
    scale: linear(xDomain.min, xDomain.max, left, right),
    labels: tickLabels(spec.x, xDomain),
  };
  x.domain.ticks.forEach((t) =>
    parts.push(tag('line', { class: 'grid', x1: x.scale(t), y1: top, x2: x.scale(t), y2: bottom, stroke: theme.grid })),
  );
  drawXTicks(frame, x);
  const band = (bottom - top) / Math.max(1, n);
  const barHeight = Math.max(1, Math.min(band * 0.7, 22));
  const zero = x.scale(0);
  const maxChars = Math.max(4, charsThatFit(labelWidth, 10.5));
  // Crowded rows: label every k-th bar and drop the value texts rather than overprint them.
  const every = Math.max(1, Math.ceil(12 / band));
  const values = spec.showValues && band >= 11;
  spec.bars.forEach((b, i) => {
    const cy = top + band * (i + 0.5);
    const vx = x.scale(Number.isFinite(b.value) ? b.value : 0);
    const lines = barLines(spec, b);
    const rect = tag(
      'rect',
      {
        x: Math.min(vx, zero),
        y: cy - barHeight / 2,
        width: Math.max(0, Math.abs(vx - zero)),
        height: barHeight,
        rx: Math.min(3, barHeight / 4),
        fill: barColor(spec, b.highlight, theme),
      },
      sink.tip(`${b.label}: ${lines.slice(1).join(' — ')}`),
    );
    sink.marks.push({ x: Math.max(vx, zero), y: cy, box: { x: 0, y: top + band * i, width, height: band }, lines });
    const label =
      i % every === 0 || b.highlight
        ? text(truncate(b.label, maxChars), {
            x: left - 6,
            y: cy + 3.5,
            'text-anchor': 'end',
            'font-size': 10.5,
            fill: b.highlight ? theme.text : theme.muted,
            'font-weight': b.highlight ? 600 : undefined,
          })
        : '';
    const value = values
      ? text(b.valueText ?? formatNumber(b.value, spec.x?.format), {
          x: Math.max(vx, zero) + 4,
          y: cy + 3.5,
          'font-size': 10,
          fill: theme.text,
        })
      : '';
    parts.push(tag('g', { class: 'bar', 'data-label': b.label, 'data-value': b.value }, rect + label + value));
  });
  parts.push(tag('line', { class: 'axis axis-y', x1: zero, y1: top, x2: zero, y2: bottom, stroke: theme.axis }));
  drawAxisTitles(frame, xTitle, null);
}

/** Histogram: contiguous bins on a continuous x axis, counts up y. */
export function renderHistogram(
  spec: HistogramSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const xTitle = axisTitle(spec.x);
  const yTitle = axisTitle(spec.y) ?? 'Count';
  const bottom = height - (xTitle ? 40 : 24);
  const maxCount = Math.max(0, ...spec.counts.filter(Number.isFinite));
  const yAxis = spec.y ?? { format: 'integer' };
  const yDomain = axisDomain(yAxis, 0, maxCount || 1, Math.max(2, Math.min(5, Math.floor((bottom - top) / 40))));
  const yLabels = tickLabels(yAxis, yDomain);
  const left = 8 + 18 + Math.max(...yLabels.map((l) => textWidth(l)), 10) + 6;
  const right = width - 14;
  const xExt = extent(spec.edges) ?? [0, 1];
  const xDomain = axisDomain(spec.x, xExt[0], xExt[1], Math.max(2, Math.min(8, Math.floor((right - left) / 70))));
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  const y = { domain: yDomain, scale: linear(yDomain.min, yDomain.max, bottom, top), labels: yLabels };
  const x = {
    domain: xDomain,
    scale: linear(xDomain.min, xDomain.max, left, right),
    labels: tickLabels(spec.x, xDomain),
  };
  drawYTicks(frame, y);
  spec.counts.forEach((count, i) => {
    const x0 = x.scale(spec.edges[i]);
    const x1 = x.scale(spec.edges[i + 1]);
    const vy = y.scale(Number.isFinite(count) ? count : 0);
    const range = `${formatNumber(spec.edges[i], spec.x?.format)} – ${formatNumber(spec.edges[i + 1], spec.x?.format)}`;
    const lines = [
      spec.x?.label ? `${spec.x.label}: ${range}` : range,
      `${spec.y?.label ?? 'Count'}: ${formatNumber(count, 'integer')}`,
    ];
    const rect = tag(
      'rect',
      { x: x0 + 0.5, y: vy, width: Math.max(0.5, x1 - x0 - 1), height: Math.max(0, bottom - vy), fill: theme.accent },
      sink.tip(`${range}: ${formatNumber(count, 'integer')}`),
    );
    sink.marks.push({
      x: (x0 + x1) / 2,
      y: vy,
      box: { x: x0, y: top, width: Math.max(1, x1 - x0), height: bottom - top },
      lines,
    });
    parts.push(tag('g', { class: 'bar', 'data-value': count }, rect));
  });
  for (const m of spec.markers ?? []) {
    const mx = x.scale(m.value);
    if (mx < left || mx > right) continue;
    const line = tag('line', {
      x1: mx,
      y1: top,
      x2: mx,
      y2: bottom,
      stroke: theme.text,
      'stroke-dasharray': '3 3',
      'stroke-width': 1,
    });
    parts.push(
      tag(
        'g',
        { class: 'marker' },
        line + text(m.label, { x: mx + 3, y: top + 10, 'font-size': 10, fill: theme.text }),
      ),
    );
  }
  drawXTicks(frame, x);
  drawAxisTitles(frame, xTitle, yTitle);
}
