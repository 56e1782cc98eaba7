import { truncate } from './escape';
import { axisDomain, axisTitle, drawAxisTitles, drawXTicks, tickLabels, type Frame } from './layout';
import { formatNumber, linear } from './scale';
import type { DrawSink, WaterfallSpec } from './spec';
import { charsThatFit, tag, text, textWidth } from './svg';
import type { ChartTheme } from './theme';

/** A signed number with its sign always written ("+0.42", "−1.30"). */
function signed(v: number, format: WaterfallSpec['valueFormat'], step?: number): string {
  const s = formatNumber(Math.abs(v), format, step);
  return v < 0 ? `−${s}` : `+${s}`;
}

/** Waterfall: base row, one row per step (a bar from the running total to the next), the total row. */
export function renderWaterfall(
  spec: WaterfallSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const fmt = spec.valueFormat ?? spec.x?.format;
  const running: number[] = [spec.base.value];
  for (const s of spec.steps) running.push(running[running.length - 1] + (Number.isFinite(s.delta) ? s.delta : 0));
  const all = [...running, spec.total.value].filter(Number.isFinite);
  // One precision for every value of the chart (22.74, −3.09, −0.84; not −3.088 beside −0.8386): four significant
  // digits of the largest, as `formatAlike` does for bar labels.
  const largest = Math.max(0, ...[...all, ...spec.steps.map((s) => s.delta)].filter(Number.isFinite).map(Math.abs));
  const step =
    (fmt ?? 'auto') === 'auto' && largest > 0 && largest < 1e4
      ? 10 ** (Math.floor(Math.log10(largest)) - 3)
      : undefined;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const rows = spec.steps.length + 2;
  const xTitle = axisTitle(spec.x);
  const labels = [spec.base.label, ...spec.steps.map((s) => s.label), spec.total.label].map((l) => truncate(l, 34));
  const labelWidth = Math.min(Math.max(...labels.map((l) => textWidth(l, 10.5)), 10), width * 0.42);
  const left = 8 + labelWidth + 8;
  const right = width - 16;
  const bottom = height - (xTitle ? 40 : 24);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.12;
  const domain = axisDomain(spec.x, lo - pad, hi + pad, Math.max(2, Math.min(6, Math.floor((right - left) / 80))));
  const x = { domain, scale: linear(domain.min, domain.max, left, right), labels: tickLabels(spec.x, domain) };
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  x.domain.ticks.forEach((t) =>
    parts.push(tag('line', { class: 'grid', x1: x.scale(t), y1: top, x2: x.scale(t), y2: bottom, stroke: theme.grid })),
  );
  drawXTicks(frame, x);
  const band = (bottom - top) / rows;
  const barHeight = Math.max(2, Math.min(band * 0.66, 22));
  const maxChars = Math.max(4, charsThatFit(labelWidth, 10.5));
  const label = (l: string, cy: number, strong: boolean) =>
    text(truncate(l, maxChars), {
      x: left - 6,
      y: cy + 3.5,
      'text-anchor': 'end',
      'font-size': 10.5,
      fill: strong ? theme.text : theme.muted,
      'font-weight': strong ? 600 : undefined,
    });
  // Ends: a marker line and the value.
  const end = (cls: string, row: number, l: string, v: number, note?: string) => {
    const cy = top + band * (row + 0.5);
    const vx = x.scale(v);
    const mark = tag(
      'rect',
      { x: vx - 1.5, y: cy - barHeight / 2, width: 3, height: barHeight, fill: theme.text },
      sink.tip(`${l}: ${formatNumber(v, fmt, step)}${note ? ` (${note})` : ''}`),
    );
    sink.marks.push({
      x: vx,
      y: cy,
      box: { x: 0, y: cy - band / 2, width, height: band },
      lines: [l, formatNumber(v, fmt, step), ...(note ? [note] : [])],
    });
    const valueText = `${formatNumber(v, fmt, step)}${note ? `  ${note}` : ''}`;
    const onLeft = vx + 6 + textWidth(valueText, 10.5) > right;
    const value = text(valueText, {
      x: onLeft ? vx - 6 : vx + 6,
      y: cy + 3.5,
      'text-anchor': onLeft ? 'end' : 'start',
      'font-size': 10.5,
      'font-weight': 600,
      fill: theme.text,
    });
    parts.push(tag('g', { class: cls, 'data-value': v }, label(l, cy, true) + mark + value));
  };
  end('waterfall-base', 0, spec.base.label, spec.base.value, spec.base.note);
  spec.steps.forEach((s, i) => {
    const cy = top + band * (i + 1.5);
    const from = running[i];
    const to = running[i + 1];
    const x0 = x.scale(Math.min(from, to));
    const x1 = x.scale(Math.max(from, to));
    const up = s.delta >= 0;
    const color = up ? theme.scaleHigh : theme.scaleLow;
    const rect = tag(
      'rect',
      { x: x0, y: cy - barHeight / 2, width: Math.max(1, x1 - x0), height: barHeight, rx: 2, fill: color },
      sink.tip(`${s.label}: ${signed(s.delta, fmt, step)}${s.note ? ` — ${s.note}` : ''}`),
    );
    sink.marks.push({
      x: x.scale(to),
      y: cy,
      box: { x: 0, y: cy - band / 2, width, height: band },
      lines: [s.label, signed(s.delta, fmt, step), ...(s.note ? [s.note] : [])],
    });
    // The connector from the previous row's end.
    const link = tag('line', {
      class: 'connector',
      x1: x.scale(from),
      y1: cy - band / 2 - barHeight / 2 + (band - barHeight) / 2,
      x2: x.scale(from),
      y2: cy - barHeight / 2,
      stroke: theme.axis,
      'stroke-dasharray': '2 2',
    });
    const deltaText = signed(s.delta, fmt, step);
    const tw = textWidth(deltaText, 10);
    const inside = x1 - x0 > tw + 8;
    const value = inside
      ? text(deltaText, { x: (x0 + x1) / 2, y: cy + 3.5, 'text-anchor': 'middle', 'font-size': 10, fill: '#ffffff' })
      : up
        ? text(deltaText, { x: x1 + 4, y: cy + 3.5, 'font-size': 10, fill: theme.text })
        : text(deltaText, { x: x0 - 4, y: cy + 3.5, 'text-anchor': 'end', 'font-size': 10, fill: theme.text });
    parts.push(
      tag(
        'g',
        { class: `waterfall-step ${up ? 'up' : 'down'}`, 'data-label': s.label, 'data-delta': s.delta },
        link + rect + label(s.label, cy, false) + value,
      ),
    );
  });
  end('waterfall-total', rows - 1, spec.total.label, spec.total.value, spec.total.note);
  drawAxisTitles(frame, xTitle, null);
}
