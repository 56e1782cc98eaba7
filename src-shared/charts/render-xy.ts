import { axisTitle, continuousAxes, drawLegend, type Frame } from './layout';
import { extent, formatNumber } from './scale';
import type { AxisSpec, ChartSpec, DrawSink, LineSeries, LineSpec, PlotArea, ScatterSpec } from './spec';
import { px, tag } from './svg';
import type { ChartTheme } from './theme';
import { drawColorKey, scaleColor } from './render-beeswarm';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A series cut to the x range being shown (zoom); points outside it are left out, so lines stay inside the plot. */
function clip(s: LineSeries, range: [number, number] | undefined): LineSeries {
  if (!range) return s;
  const keep = s.x.map((_, i) => i).filter((i) => s.x[i] >= range[0] && s.x[i] <= range[1]);
  const pick = (a: number[] | undefined) => (a ? keep.map((i) => a[i]) : undefined);
  return { ...s, x: keep.map((i) => s.x[i]), y: keep.map((i) => s.y[i]), lower: pick(s.lower), upper: pick(s.upper) };
}

/** The spec with the x axis fixed to the zoomed range (the y axis still fits the data that is shown). */
function zoomed<T extends ChartSpec>(spec: T, range: [number, number] | undefined): T {
  return range ? { ...spec, x: { ...spec.x, min: range[0], max: range[1] } } : spec;
}

/** The plot rectangle with the x domain drawn and the data's whole x extent (for zooming). */
function plotArea(frame: Frame, domain: { min: number; max: number }, full: [number, number]): PlotArea {
  const { left, right, top, bottom } = frame;
  return { left, right, top, bottom, xDomain: [domain.min, domain.max], xExtent: full };
}

/** "Price: 12.5" for a tooltip line; the bare value when the axis has no name. */
function axisLine(axis: AxisSpec | undefined, v: number): string {
  const title = axisTitle(axis);
  const value = tipNumber(v, axis?.format);
  return title ? `${title}: ${value}` : value;
}

/** A value in a tooltip: whole digits where an axis tick would abbreviate (11,372 rather than 11.37k). */
export function tipNumber(v: number, format: AxisSpec['format']): string {
  // From 1,000 up a tooltip shows the whole number, grouped like the rest ("9,978 to 11,277", not "9978 to 11,277").
  return (format ?? 'auto') === 'auto' && Math.abs(v) >= 1e3 ? formatNumber(v, 'integer') : formatNumber(v, format);
}

/** Splits a series into runs of finite points so missing values leave gaps instead of zero dips. */
function runs(s: LineSeries, sx: (v: number) => number, sy: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < s.x.length; i++) {
    if (!finite(s.x[i]) || !finite(s.y[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(sx(s.x[i]))} ${px(sy(s.y[i]))}`;
    pen = true;
  }
  return d;
}

function band(s: LineSeries, sx: (v: number) => number, sy: (v: number) => number): string {
  if (!s.lower || !s.upper) return '';
  const idx = s.x.map((_, i) => i).filter((i) => finite(s.x[i]) && finite(s.lower?.[i]) && finite(s.upper?.[i]));
  if (idx.length < 2) return '';
  const upper = idx.map((i) => `${px(sx(s.x[i]))} ${px(sy(s.upper![i]))}`);
  const lower = idx.reverse().map((i) => `${px(sx(s.x[i]))} ${px(sy(s.lower![i]))}`);
  return `M${upper.join('L')}L${lower.join('L')}Z`;
}

/** Multi-series lines with optional interval bands, legend and chance diagonal. */
export function renderLine(
  spec0: LineSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
  sink: DrawSink,
): void {
  const { view } = sink;
  const spec = zoomed(spec0, view.xRange);
  sink.snap = 'x';
  // Muted (context) series take no palette colour and no legend entry; hidden ones keep theirs.
  let k = 0;
  const colors = spec.series.map((s) => (s.muted ? theme.axis : theme.palette[k++ % theme.palette.length]));
  const hidden = new Set(view.hidden ?? []);
  const named = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => !s.muted);
  const showLegend = spec.legend ?? named.length > 1;
  let contentTop = top;
  if (showLegend) {
    sink.legend = named.map(({ s, i }) => ({
      name: s.name,
      color: colors[i],
      dashed: s.dashed,
      hidden: hidden.has(s.name),
    }));
    if (view.legend !== false)
      contentTop = drawLegend(
        named.map(({ s, i }) => ({ name: s.name, color: colors[i], dashed: s.dashed, faded: hidden.has(s.name) })),
        top,
        width,
        theme,
        parts,
      );
  }
  const shown = spec.series.map((s) => clip(s, view.xRange));
  const visible = shown.filter((s) => !hidden.has(s.name));
  const fullX = extent(spec0.series.flatMap((s) => s.x)) ?? [0, 1];
  const xExt = view.xRange ?? extent(visible.flatMap((s) => s.x)) ?? fullX;
  const yExt = extent(visible.flatMap((s) => [...s.y, ...(s.lower ?? []), ...(s.upper ?? [])])) ?? [0, 1];
  const { frame, x, y } = continuousAxes(spec, theme, width, height, contentTop + 4, xExt, yExt, parts);
  sink.plot = plotArea(frame, x.domain, fullX);
  if (spec.diagonal) {
    const lo = Math.max(x.domain.min, y.domain.min);
    const hi = Math.min(x.domain.max, y.domain.max);
    parts.push(
      tag('line', {
        class: 'diagonal',
        x1: x.scale(lo),
        y1: y.scale(lo),
        x2: x.scale(hi),
        y2: y.scale(hi),
        stroke: theme.muted,
        'stroke-dasharray': '4 4',
      }),
    );
  }
  shown.forEach((s, i) => {
    if (hidden.has(s.name)) return;
    const area = band(s, x.scale, y.scale);
    const bandEl = area
      ? tag('path', { class: 'band', d: area, fill: colors[i], 'fill-opacity': 0.16, stroke: 'none' })
      : '';
    const points = s.x.filter((_, j) => finite(s.x[j]) && finite(s.y[j])).length;
    const last = lastFinite(s);
    const tip = sink.tip(
      `${s.name}${last ? `: ${formatNumber(last[1], spec.y?.format)} at ${formatNumber(last[0], spec.x?.format)}` : ''}`,
    );
    // A lone point has no line to draw, so it gets a dot.
    const mark =
      points === 1 && last
        ? tag('circle', { cx: x.scale(last[0]), cy: y.scale(last[1]), r: 3, fill: colors[i] }, tip)
        : tag(
            'path',
            {
              d: runs(s, x.scale, y.scale),
              fill: 'none',
              stroke: colors[i],
              'stroke-width': s.muted ? 1 : 2,
              'stroke-opacity': s.muted ? 0.6 : undefined,
              'stroke-linejoin': 'round',
              'stroke-linecap': 'round',
              'stroke-dasharray': s.dashed ? '5 4' : undefined,
            },
            tip,
          );
    parts.push(tag('g', { class: 'series', 'data-name': s.name, 'data-points': points }, bandEl + mark));
    if (s.muted) return;
    for (let j = 0; j < s.x.length; j++) {
      if (!finite(s.x[j]) || !finite(s.y[j])) continue;
      const lo = s.lower?.[j];
      const hi = s.upper?.[j];
      sink.marks.push({
        x: x.scale(s.x[j]),
        y: y.scale(s.y[j]),
        series: s.name,
        lines: [
          s.name,
          axisLine(spec.x, s.x[j]),
          axisLine(spec.y, s.y[j]),
          ...(finite(lo) && finite(hi)
            ? [`Interval: ${tipNumber(lo, spec.y?.format)} to ${tipNumber(hi, spec.y?.format)}`]
            : []),
        ],
      });
    }
  });
}

function lastFinite(s: LineSeries): [number, number] | null {
  for (let i = s.x.length - 1; i >= 0; i--) if (finite(s.x[i]) && finite(s.y[i])) return [s.x[i], s.y[i]];
  return null;
}

/** Points with optional y = x diagonal and a horizontal reference line. */
export function renderScatter(
  spec0: ScatterSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top0: number,
  parts: string[],
  sink: DrawSink,
): void {
  const { view } = sink;
  const spec = zoomed(spec0, view.xRange);
  const hidden = new Set(view.hidden ?? []);
  let top = top0;
  const { x: px0, y: py0, group } = spec.points;
  const n = Math.min(px0.length, py0.length);
  const xs: number[] = [];
  const ys: number[] = [];
  const gs: string[] = [];
  const cs: Array<number | null> = [];
  const allGroups: string[] = [];
  const range = view.xRange;
  for (let i = 0; i < n; i++) {
    if (finite(px0[i]) && finite(py0[i])) {
      const g = group ? String(group[i] ?? '') : '';
      if (group) allGroups.push(g);
      if (hidden.has(g) || (range && (px0[i] < range[0] || px0[i] > range[1]))) continue;
      xs.push(px0[i]);
      ys.push(py0[i]);
      gs.push(g);
      cs.push(spec.color?.values[i] ?? null);
    }
  }
  if (spec.color)
    top += drawColorKey(
      { label: spec.color.label, low: spec.color.low ?? 'low', high: spec.color.high ?? 'high' },
      8,
      top,
      theme,
      parts,
    );
  // Colours follow every group (hidden or not), so hiding one does not repaint the others.
  const everyGroup = [...new Set(allGroups)];
  const groups = everyGroup.filter((g) => !hidden.has(g));
  const colorOf = (g: string) => theme.palette[Math.min(everyGroup.indexOf(g), theme.palette.length - 1)];
  if (everyGroup.length > 0) {
    sink.legend = everyGroup.map((g) => ({ name: g, color: colorOf(g), hidden: hidden.has(g) }));
    if (view.legend !== false)
      top = drawLegend(
        everyGroup.map((g) => ({ name: g, color: colorOf(g), faded: hidden.has(g) })),
        top,
        width,
        theme,
        parts,
      );
  }
  const fullX = extent(px0.filter((v, i) => finite(v) && finite(py0[i]))) ?? [0, 1];
  let xExt = range ?? extent(xs) ?? [0, 1];
  let yExt = extent(ys) ?? [0, 1];
  if (spec.diagonal && !range) {
    // Same domain on both axes so the diagonal really is y = x at 45°.
    const both: [number, number] = [Math.min(xExt[0], yExt[0]), Math.max(xExt[1], yExt[1])];
    xExt = both;
    yExt = both;
  }
  if (spec.hline !== undefined) yExt = [Math.min(yExt[0], spec.hline), Math.max(yExt[1], spec.hline)];
  const { frame, x, y } = continuousAxes(spec, theme, width, height, top, xExt, yExt, parts);
  sink.plot = plotArea(frame, x.domain, fullX);
  for (let i = 0; i < xs.length; i++)
    sink.marks.push({
      x: x.scale(xs[i]),
      y: y.scale(ys[i]),
      series: group ? gs[i] : undefined,
      lines: [...(group ? [gs[i]] : []), axisLine(spec.x, xs[i]), axisLine(spec.y, ys[i])],
    });
  if (spec.diagonal) {
    const lo = Math.max(x.domain.min, y.domain.min);
    const hi = Math.min(x.domain.max, y.domain.max);
    parts.push(
      tag('line', {
        class: 'diagonal',
        x1: x.scale(lo),
        y1: y.scale(lo),
        x2: x.scale(hi),
        y2: y.scale(hi),
        stroke: theme.muted,
        'stroke-dasharray': '4 4',
      }),
    );
  }
  if (spec.hline !== undefined) {
    parts.push(
      tag('line', {
        class: 'hline',
        x1: frame.left,
        y1: y.scale(spec.hline),
        x2: frame.right,
        y2: y.scale(spec.hline),
        stroke: theme.muted,
        'stroke-dasharray': '4 4',
      }),
    );
  }
  const r = xs.length > 800 ? 1.8 : xs.length > 200 ? 2.4 : 3;
  if (spec.color) {
    // Continuous colour: one fill per point.
    let dots = '';
    for (let i = 0; i < xs.length; i++)
      dots += tag('circle', {
        class: 'point',
        cx: x.scale(xs[i]),
        cy: y.scale(ys[i]),
        r,
        fill: scaleColor(theme, cs[i]),
      });
    parts.push(tag('g', { class: 'points', 'fill-opacity': 0.8, 'data-points': xs.length }, dots));
    return;
  }
  // One <g> per group (a single one without groups) so colour is set once, not per point.
  for (const g of groups.length ? groups : ['']) {
    let dots = '';
    let count = 0;
    for (let i = 0; i < xs.length; i++) {
      if (gs[i] !== g) continue;
      dots += tag('circle', { class: 'point', cx: x.scale(xs[i]), cy: y.scale(ys[i]), r });
      count++;
    }
    parts.push(
      tag(
        'g',
        {
          class: 'points',
          fill: groups.length ? colorOf(g) : theme.accent,
          'fill-opacity': groups.length ? 0.7 : 0.55,
          'data-points': count,
          'data-group': groups.length ? g : undefined,
        },
        dots,
      ),
    );
  }
}
