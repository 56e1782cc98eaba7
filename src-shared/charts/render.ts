import { escapeXml } from './escape';
import { drawHeader } from './layout';
import { renderHistogram, renderHorizontalBars, renderVerticalBars } from './render-bar';
import { renderHeatmap } from './render-heatmap';
import { renderBeeswarm } from './render-beeswarm';
import { renderWaterfall } from './render-waterfall';
import { renderLine, renderScatter } from './render-xy';
import type { ChartSpec, DrawSink, RenderOptions, RenderResult } from './spec';
import { FONT_FAMILY, tag, text, tooltip } from './svg';
import { themeFor } from './theme';

/** True when the spec has nothing to draw (the renderer then shows a "No data" note). */
export function isEmptySpec(spec: ChartSpec): boolean {
  switch (spec.kind) {
    case 'bar':
      return spec.bars.length === 0;
    case 'histogram':
      return spec.counts.length === 0 || spec.edges.length !== spec.counts.length + 1;
    case 'line':
      return spec.series.every((s) => s.x.length === 0);
    case 'scatter':
      return Math.min(spec.points.x.length, spec.points.y.length) === 0;
    case 'heatmap':
      return spec.rows.length === 0 || spec.cols.length === 0;
    case 'waterfall':
      return !Number.isFinite(spec.base.value) || !Number.isFinite(spec.total.value);
    case 'beeswarm':
      return spec.rows.every((r) => r.x.length === 0);
  }
}

/**
 * Renders a chart spec to a standalone SVG string. Pure: no DOM, no Node, so the wizard (browser)
 * and the exported report (Node) produce the same markup. Every piece of text is escaped.
 */
export function renderChartSvg(spec: ChartSpec, opts: RenderOptions = {}): string {
  return renderChart(spec, opts).svg;
}

/**
 * The SVG plus what an interactive host needs: the marks a pointer or the keyboard can rest on (with their
 * tooltip text), the legend entries (for toggles) and the plot area (for zooming by dragging).
 */
export function renderChart(spec: ChartSpec, opts: RenderOptions = {}): RenderResult {
  const width = Math.max(160, Math.round(opts.width ?? 480));
  const height = Math.max(120, Math.round(opts.height ?? 300));
  const theme = themeFor(opts.theme);
  const parts: string[] = [];
  const sink: DrawSink = {
    marks: [],
    snap: 'nearest',
    legend: [],
    plot: null,
    view: opts.view ?? {},
    tip: opts.nativeTooltips === false ? () => '' : tooltip,
  };
  if (!opts.transparent)
    parts.push(tag('rect', { class: 'background', x: 0, y: 0, width, height, fill: theme.background }));
  const top = drawHeader(spec, width, theme, parts);
  if (isEmptySpec(spec)) {
    parts.push(
      text('No data to show', {
        class: 'empty',
        x: width / 2,
        y: (top + height) / 2,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: theme.muted,
      }),
    );
  } else {
    switch (spec.kind) {
      case 'bar':
        if (spec.orientation === 'horizontal') renderHorizontalBars(spec, theme, width, height, top, parts, sink);
        else renderVerticalBars(spec, theme, width, height, top, parts, sink);
        break;
      case 'histogram':
        renderHistogram(spec, theme, width, height, top, parts, sink);
        break;
      case 'line':
        renderLine(spec, theme, width, height, top, parts, sink);
        break;
      case 'scatter':
        renderScatter(spec, theme, width, height, top, parts, sink);
        break;
      case 'heatmap':
        renderHeatmap(spec, theme, width, height, top, parts, sink);
        break;
      case 'waterfall':
        renderWaterfall(spec, theme, width, height, top, parts, sink);
        break;
      case 'beeswarm':
        renderBeeswarm(spec, theme, width, height, top, parts, sink);
        break;
    }
  }
  const label = spec.title ?? `${spec.kind} chart`;
  const head = `<title>${escapeXml(label)}</title>${spec.description ? `<desc>${escapeXml(spec.description)}</desc>` : ''}`;
  const svg = tag(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: `chart chart-${spec.kind}`,
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': label,
      'font-family': FONT_FAMILY,
      'data-kind': spec.kind,
    },
    head + parts.join(''),
  );
  return { svg, marks: sink.marks, snap: sink.snap, legend: sink.legend, plot: sink.plot, width, height };
}
