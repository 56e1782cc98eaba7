import { continuousAxes, drawLegend } from './layout';
import { extent, formatNumber } from './scale';
import type { LineSeries, LineSpec, ScatterSpec } from './spec';
import { px, tag, tooltip } from './svg';
import type { ChartTheme } from './theme';
import { drawColorKey, scaleColor } from './render-beeswarm';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

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
  spec: LineSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top: number,
  parts: string[],
): void {
  // Muted (context) series take no palette colour and no legend entry.
  let k = 0;
  const colors = spec.series.map((s) => (s.muted ? theme.axis : theme.palette[k++ % theme.palette.length]));
  const named = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => !s.muted);
  const showLegend = spec.legend ?? named.length > 1;
  let contentTop = top;
  if (showLegend)
    contentTop = drawLegend(
      named.map(({ s, i }) => ({ name: s.name, color: colors[i], dashed: s.dashed })),
      top,
      width,
      theme,
      parts,
    );
  const xExt = extent(spec.series.flatMap((s) => s.x)) ?? [0, 1];
  const yExt = extent(spec.series.flatMap((s) => [...s.y, ...(s.lower ?? []), ...(s.upper ?? [])])) ?? [0, 1];
  const { x, y } = continuousAxes(spec, theme, width, height, contentTop + 4, xExt, yExt, parts);
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
  spec.series.forEach((s, i) => {
    const area = band(s, x.scale, y.scale);
    const bandEl = area
      ? tag('path', { class: 'band', d: area, fill: colors[i], 'fill-opacity': 0.16, stroke: 'none' })
      : '';
    const points = s.x.filter((_, j) => finite(s.x[j]) && finite(s.y[j])).length;
    const last = lastFinite(s);
    const tip = tooltip(
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
  });
}

function lastFinite(s: LineSeries): [number, number] | null {
  for (let i = s.x.length - 1; i >= 0; i--) if (finite(s.x[i]) && finite(s.y[i])) return [s.x[i], s.y[i]];
  return null;
}

/** Points with optional y = x diagonal and a horizontal reference line. */
export function renderScatter(
  spec: ScatterSpec,
  theme: ChartTheme,
  width: number,
  height: number,
  top0: number,
  parts: string[],
): void {
  let top = top0;
  const { x: px0, y: py0, group } = spec.points;
  const n = Math.min(px0.length, py0.length);
  const xs: number[] = [];
  const ys: number[] = [];
  const gs: string[] = [];
  const cs: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    if (finite(px0[i]) && finite(py0[i])) {
      xs.push(px0[i]);
      ys.push(py0[i]);
      gs.push(group ? String(group[i] ?? '') : '');
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
  const groups = group ? [...new Set(gs)] : [];
  const colorOf = (g: string) => theme.palette[Math.min(groups.indexOf(g), theme.palette.length - 1)];
  if (groups.length > 0)
    top = drawLegend(
      groups.map((g) => ({ name: g, color: colorOf(g) })),
      top,
      width,
      theme,
      parts,
    );
  let xExt = extent(xs) ?? [0, 1];
  let yExt = extent(ys) ?? [0, 1];
  if (spec.diagonal) {
    // Same domain on both axes so the diagonal really is y = x at 45°.
    const both: [number, number] = [Math.min(xExt[0], yExt[0]), Math.max(xExt[1], yExt[1])];
    xExt = both;
    yExt = both;
  }
  if (spec.hline !== undefined) yExt = [Math.min(yExt[0], spec.hline), Math.max(yExt[1], spec.hline)];
  const { frame, x, y } = continuousAxes(spec, theme, width, height, top, xExt, yExt, parts);
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
