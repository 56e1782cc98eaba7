/**
 * Adapter from the shared chart specs (src-shared/charts, the same ones the wizard draws) to inline SVG figures.
 * The SVG needs no xmlns when inlined in HTML; dropping it keeps the report free of any URL at all.
 */
import { renderChartSvg, type ChartSpec, type RenderOptions } from '@shared/charts';

export function chartSvg(spec: ChartSpec, opts: RenderOptions = {}): string {
  return renderChartSvg(spec, { theme: 'light', ...opts }).replace(/^<svg xmlns="[^"]*"/, '<svg');
}

/** A chart in a <figure>; `wide` charts take the full row in the grid. */
export function figure(
  spec: ChartSpec | null,
  opts: RenderOptions & { wide?: boolean; caption?: string } = {},
): string {
  if (!spec) return '';
  const { wide, caption, ...render } = opts;
  const cap = caption ? `<figcaption>${caption}</figcaption>` : '';
  return `<figure class="chart${wide ? ' wide' : ''}">${chartSvg(spec, render)}${cap}</figure>`;
}

/** A tiny chart for a table cell: no title, small size. */
export function sparkSvg(spec: ChartSpec | null): string {
  if (!spec) return '';
  const bare = {
    ...spec,
    title: undefined,
    subtitle: undefined,
    x: spec.x ? { ...spec.x, label: undefined } : undefined,
    y: spec.y ? { ...spec.y, label: undefined } : undefined,
  } as ChartSpec;
  if (bare.kind === 'histogram') bare.markers = undefined;
  return chartSvg(bare, { width: 180, height: 64 });
}
