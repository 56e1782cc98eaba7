import { truncate } from './escape';
import { axisDomain, axisTitle, drawAxisTitles, drawXTicks, tickLabels, type Frame } from './layout';
import { extent, formatNumber, linear } from './scale';
import type { BeeswarmSpec, DrawSink } from './spec';
import { charsThatFit, px, tag, text, textWidth } from './svg';
import { mix, type ChartTheme } from './theme';

/** The colour of a 0..1 value on the theme's low-high scale; grey when missing. */
export function scaleColor(theme: ChartTheme, t: number | null | undefined): string {
  if (t === null || t === undefined || !Number.isFinite(t)) return theme.axis;
  return mix(theme.scaleLow, theme.scaleHigh, t);
}

/** A horizontal colour key: "low ▬▬▬ high" with what is coloured; returns the height used. */
export function drawColorKey(
  key: { label: string; low: string; high: string },
  x: number,
  y: number,
  theme: ChartTheme,
  parts: string[],
): number {
  const steps = 12;
  let swatches = '';
  const lowW = textWidth(key.low, 10);
  const x0 = x + lowW + 6;
  for (let i = 0; i < steps; i++)
    swatches += tag('rect', { x: x0 + i * 6, y: y + 2, width: 6, height: 8, fill: scaleColor(theme, i / (steps - 1)) });
  parts.push(
    tag(
      'g',
      { class: 'color-key' },
      text(key.low, { x, y: y + 10, 'font-size': 10, fill: theme.muted }) +
        swatches +
        text(`${key.high}  ·  ${key.label}`, { x: x0 + steps * 6 + 6, y: y + 10, 'font-size': 10, fill: theme.muted }),
    ),
  );
  return 16;
}

/** Beeswarm: one row per item, points placed by x and spread vertically where they would overlap. */
export function renderBeeswarm(
  spec: BeeswarmSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top0: number,
  parts: string[],
  sink: DrawSink,
): void {
  const top = top0 + drawColorKey(spec.colorKey, 8, top0, theme, parts) + 4;
  const xTitle = axisTitle(spec.x);
  const labels = spec.rows.map((r) => truncate(r.label, 28));
  const labelWidth = Math.min(Math.max(...labels.map((l) => textWidth(l, 10.5)), 10), width * 0.36);
  const left = 8 + labelWidth + 8;
  const right = width - 14;
  const bottom = height - (xTitle ? 40 : 24);
  const ext = extent(spec.rows.flatMap((r) => r.x)) ?? [-1, 1];
  const domain = axisDomain(
    spec.x,
    Math.min(0, ext[0]),
    Math.max(0, ext[1]),
    Math.max(2, Math.min(7, Math.floor((right - left) / 70))),
  );
  const x = { domain, scale: linear(domain.min, domain.max, left, right), labels: tickLabels(spec.x, domain) };
  const frame: Frame = { width, height, theme, left, top, right, bottom, parts };
  x.domain.ticks.forEach((t) =>
    parts.push(tag('line', { class: 'grid', x1: x.scale(t), y1: top, x2: x.scale(t), y2: bottom, stroke: theme.grid })),
  );
  drawXTicks(frame, x);
  parts.push(tag('line', { class: 'zero', x1: x.scale(0), y1: top, x2: x.scale(0), y2: bottom, stroke: theme.axis }));
  const band = (bottom - top) / Math.max(1, spec.rows.length);
  const total = spec.rows.reduce((a, r) => a + r.x.length, 0);
  const r = total > 3000 ? 1.6 : total > 1000 ? 2 : 2.6;
  const maxChars = Math.max(4, charsThatFit(labelWidth, 10.5));
  spec.rows.forEach((row, i) => {
    const cy = top + band * (i + 0.5);
    // Swarm: points sorted by x; each pixel bucket stacks its points alternately above and below the row line.
    const order = row.x.map((_, j) => j).filter((j) => Number.isFinite(row.x[j]));
    order.sort((a, b) => row.x[a] - row.x[b]);
    const bucket = new Map<number, number>();
    const half = Math.max(1, band / 2 - r);
    let dots = '';
    for (const j of order) {
      const vx = x.scale(row.x[j]);
      const key = Math.round(vx / (r * 1.6));
      const k = bucket.get(key) ?? 0;
      bucket.set(key, k + 1);
      const off = Math.min(half, Math.ceil(k / 2) * r * 1.4) * (k % 2 === 0 ? 1 : -1);
      dots += `<circle cx="${px(vx)}" cy="${px(cy + off)}" r="${px(r)}" fill="${scaleColor(theme, row.color[j])}"/>`;
    }
    const label = text(truncate(row.label, maxChars), {
      x: left - 6,
      y: cy + 3.5,
      'text-anchor': 'end',
      'font-size': 10.5,
      fill: theme.text,
    });
    const meanAbs = order.reduce((a, j) => a + Math.abs(row.x[j]), 0) / Math.max(1, order.length);
    // One mark per row (thousands of points would make stepping through them useless): its spread and typical size.
    if (order.length)
      sink.marks.push({
        x: x.scale(row.x[order[Math.floor(order.length / 2)]]),
        y: cy,
        box: { x: 0, y: cy - band / 2, width, height: band },
        series: row.label,
        lines: [
          row.label,
          `${formatNumber(row.x[order[0]], spec.x?.format)} to ${formatNumber(row.x[order[order.length - 1]], spec.x?.format)}`,
          `mean size ${formatNumber(meanAbs, spec.x?.format)} · ${order.length} rows`,
        ],
      });
    parts.push(
      tag(
        'g',
        {
          class: 'swarm-row',
          'data-label': row.label,
          'data-points': order.length,
          'data-mean-abs': formatNumber(meanAbs, spec.x?.format),
        },
        label + tag('g', { 'fill-opacity': 0.8 }, dots),
      ),
    );
  });
  drawAxisTitles(frame, xTitle, null);
}
