import { truncate } from './escape';
import { axisTitle, drawAxisTitles, type Frame } from './layout';
import { extent, formatNumber } from './scale';
import type { DrawSink, HeatmapSpec } from './spec';
import { tag, text, textWidth } from './svg';
import { mix, textOn, type ChartTheme } from './theme';

function colorDomain(spec: HeatmapSpec, weights: Array<Array<number | null>>): [number, number] {
  if (spec.domain) return spec.domain;
  const ext = extent(weights.flat()) ?? [0, 1];
  if (spec.scale === 'diverging') {
    const m = Math.max(Math.abs(ext[0]), Math.abs(ext[1])) || 1;
    return [-m, m];
  }
  return [Math.min(0, ext[0]), ext[1] === ext[0] ? ext[0] + 1 : ext[1]];
}

function cellColor(v: number | null, spec: HeatmapSpec, domain: [number, number], theme: ChartTheme): string {
  if (v === null || !Number.isFinite(v)) return theme.background;
  if (spec.scale === 'diverging') {
    const m = Math.max(Math.abs(domain[0]), Math.abs(domain[1])) || 1;
    return v < 0 ? mix(theme.neutral, theme.negative, -v / m) : mix(theme.neutral, theme.positive, v / m);
  }
  return mix(theme.neutral, theme.accent, (v - domain[0]) / (domain[1] - domain[0] || 1));
}

/** A labelled grid of coloured cells; rows down the left, columns along the bottom. */
export function renderHeatmap(
  spec: HeatmapSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const nr = spec.rows.length;
  const nc = spec.cols.length;
  const xTitle = axisTitle(spec.x);
  const yTitle = axisTitle(spec.y);
  const rowLabels = spec.rows.map((r) => truncate(r, 22));
  const colLabels = spec.cols.map((c) => truncate(c, 18));
  const rowWidth = Math.min(Math.max(...rowLabels.map((l) => textWidth(l, 10.5)), 8), width * 0.3);
  const colWidest = Math.max(...colLabels.map((l) => textWidth(l, 10.5)), 8);
  const left0 = 8 + (yTitle ? 18 : 0) + rowWidth + 6;
  // A colour key takes a strip on the right: a 12 px bar and its tick labels.
  const legendW = spec.legend ? 64 : 0;
  const availW = width - left0 - 12 - legendW;
  // Square cells read best for matrices. Column labels turn 40° when they do not fit under a cell,
  // which takes height, so the cell size is settled in two passes.
  // Capped: a 2×2 matrix should not become four posters.
  const cellFor = (labelHeight: number) =>
    Math.max(
      2,
      Math.min(72, availW / Math.max(1, nc), (height - top - labelHeight - (xTitle ? 26 : 8)) / Math.max(1, nr)),
    );
  // A tall, narrow grid (drift: many inputs, one or two batches) widens its columns, up to three cells, so a
  // single batch is not a thin stripe in a wide card.
  const widthFor = (size: number) =>
    nc < nr ? Math.max(size, Math.min(availW / Math.max(1, nc), size * 3, 120)) : size;
  let labelHeight = 16;
  let cell = cellFor(labelHeight);
  let cellW = widthFor(cell);
  const rotate = colWidest > cellW - 4;
  if (rotate) {
    labelHeight = Math.min(colWidest * 0.72 + 8, 100);
    cell = cellFor(labelHeight);
    cellW = widthFor(cell);
  }
  const left = left0 + (availW - cellW * nc) / 2;
  const bottom = top + cell * nr;
  const frame: Frame = { width, height, theme, left, top, right: left + cellW * nc, bottom, parts };
  const weights = spec.colorValues ?? spec.values;
  const domain = colorDomain(spec, weights);
  let cells = '';
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const v = spec.values[r]?.[c] ?? null;
      const fill = cellColor(weights[r]?.[c] ?? null, spec, domain, theme);
      const value = v === null ? '–' : formatNumber(v, spec.valueFormat);
      const note = spec.cellNotes?.[r]?.[c] ?? null;
      const label = note ?? value;
      // Shrink the font to fit the cell; below 8 px the number is unreadable, so leave it to the tooltip.
      const fontSize = Math.min(12, cell / 3.2 + 4, (cellW - 4) / (Math.max(1, label.length) * 0.58));
      const shown = spec.showValues && (v !== null || note !== null) && fontSize >= 8;
      const rect = tag(
        'rect',
        { x: left + c * cellW, y: top + r * cell, width: cellW - 1, height: cell - 1, rx: 2, fill },
        sink.tip(`${spec.rows[r]} × ${spec.cols[c]}: ${value}${note ? ` (${note})` : ''}`),
      );
      sink.marks.push({
        x: left + (c + 0.5) * cellW,
        y: top + (r + 0.5) * cell,
        box: { x: left + c * cellW, y: top + r * cell, width: cellW, height: cell },
        lines: [`${spec.rows[r]} × ${spec.cols[c]}`, value, ...(note ? [note] : [])],
      });
      const t = shown
        ? text(label, {
            x: left + (c + 0.5) * cellW,
            y: top + (r + 0.5) * cell + 3.5,
            'text-anchor': 'middle',
            'font-size': Math.round(fontSize * 10) / 10,
            fill: textOn(fill),
          })
        : '';
      cells += tag(
        'g',
        { class: 'cell', 'data-row': r, 'data-col': c, 'data-value': v === null ? undefined : v },
        rect + t,
      );
    }
  }
  parts.push(tag('g', { class: 'cells' }, cells));
  if (spec.legend) drawLegend(spec, spec.legend, domain, theme, left + cellW * nc + 16, top, cell * nr, parts);
  const step = Math.max(1, Math.ceil(11 / cell));
  rowLabels.forEach((l, r) => {
    if (r % step) return;
    parts.push(
      text(l, {
        class: 'row-label',
        x: left - 6,
        y: top + (r + 0.5) * cell + 3.5,
        'text-anchor': 'end',
        'font-size': 10.5,
        fill: theme.muted,
      }),
    );
  });
  // Labels turned 40° sit sin(40°) ≈ 0.64 of their spacing apart: 19 px keeps 10.5 px text from running together
  // ("AKAR CACT" under a 51-state confusion matrix when every other label was kept 11 px apart).
  const colStep = Math.max(1, Math.ceil((rotate ? 19 : 11) / cellW));
  colLabels.forEach((l, c) => {
    if (c % colStep) return;
    const cx = left + (c + 0.5) * cellW;
    const ly = bottom + 14;
    parts.push(
      rotate
        ? text(l, {
            class: 'col-label',
            x: cx,
            y: ly - 4,
            'text-anchor': 'end',
            'font-size': 10.5,
            fill: theme.muted,
            transform: `rotate(-40 ${Math.round(cx)} ${Math.round(ly - 4)})`,
          })
        : text(l, { class: 'col-label', x: cx, y: ly, 'text-anchor': 'middle', 'font-size': 10.5, fill: theme.muted }),
    );
  });
  // Axis titles sit under the column labels and left of the row labels.
  drawAxisTitles(
    { ...frame, left: left, right: left + cellW * nc, bottom, height: Math.min(height, bottom + labelHeight + 26) },
    xTitle,
    null,
  );
  if (yTitle) {
    const cy = (top + bottom) / 2;
    const yx = left - rowWidth - 18;
    parts.push(
      text(truncate(yTitle, 40), {
        class: 'axis-title axis-title-y',
        x: yx,
        y: cy,
        'text-anchor': 'middle',
        'font-size': 11,
        fill: theme.text,
        transform: `rotate(-90 ${Math.round(yx)} ${Math.round(cy)})`,
      }),
    );
  }
}

/** A vertical colour key: the colour scale from the domain's top (up) to its bottom, three ticks and a label. */
function drawLegend(
  spec: HeatmapSpec,
  legend: NonNullable<HeatmapSpec['legend']>,
  domain: [number, number],
  theme: ChartTheme,
  x: number,
  top: number,
  span: number,
  parts: string[],
): void {
  const h = Math.max(48, Math.min(160, span));
  const y0 = top + 14;
  const steps = 24;
  let bar = '';
  for (let i = 0; i < steps; i++) {
    const v = domain[1] - ((i + 0.5) / steps) * (domain[1] - domain[0]);
    bar += tag('rect', {
      x,
      y: y0 + (i * h) / steps,
      width: 12,
      height: h / steps + 0.5,
      fill: cellColor(v, spec, domain, theme),
    });
  }
  const mid = spec.scale === 'diverging' ? 0 : (domain[0] + domain[1]) / 2;
  const ticks: Array<[number, number]> = [
    [domain[1], y0],
    [mid, y0 + (h * (domain[1] - mid)) / (domain[1] - domain[0] || 1)],
    [domain[0], y0 + h],
  ];
  const labels = ticks
    .map(([v, y]) =>
      text(formatNumber(v, legend.format), { x: x + 16, y: y + 3.5, 'font-size': 10, fill: theme.muted }),
    )
    .join('');
  const title = text(truncate(legend.label, 14), {
    x,
    y: top + 6,
    'font-size': 10,
    'font-weight': 600,
    fill: theme.text,
  });
  parts.push(
    tag(
      'g',
      { class: 'color-legend', 'data-min': domain[0], 'data-max': domain[1] },
      title + bar + tag('rect', { x, y: y0, width: 12, height: h, fill: 'none', stroke: theme.axis }) + labels,
    ),
  );
}
