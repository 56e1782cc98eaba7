/**
 * A small declarative chart format shared by the wizard (rendered live in the browser) and the
 * exported report (rendered to SVG in Node), so both always show the same picture.
 * Specs are plain JSON: no functions, no class instances, no colours (the theme picks those).
 */

/** How numbers on an axis, in a cell or in a tooltip are written. `date` reads numbers as epoch ms (UTC). */
export type NumberFormat = 'auto' | 'integer' | 'percent' | 'decimal2' | 'decimal3' | 'date';

export interface AxisSpec {
  /** Axis title, e.g. "Predicted price". */
  label?: string;
  /** Unit appended to the axis title in brackets, e.g. "$1000s", "s". */
  unit?: string;
  /** Fixed domain ends; when absent the domain comes from the data (and is rounded to nice ticks). */
  min?: number;
  max?: number;
  format?: NumberFormat;
}

interface ChartBase {
  title?: string;
  subtitle?: string;
  /** Read by screen readers (SVG <desc>). */
  description?: string;
  x?: AxisSpec;
  y?: AxisSpec;
}

export interface BarDatum {
  label: string;
  value: number;
  /** Drawn in the accent colour (e.g. the best model); others are drawn muted when any bar is highlighted. */
  highlight?: boolean;
  /** Extra tooltip text. */
  note?: string;
  /** Printed next to the bar instead of its value (when the bar's length is not the number a person reads). */
  valueText?: string;
}

/** Categories with one value each. `horizontal` suits long labels (feature names, model names). */
export interface BarSpec extends ChartBase {
  kind: 'bar';
  bars: BarDatum[];
  orientation?: 'vertical' | 'horizontal';
  /** Print each value next to its bar. */
  showValues?: boolean;
}

/** Pre-binned counts: `edges.length === counts.length + 1`. */
export interface HistogramSpec extends ChartBase {
  kind: 'histogram';
  edges: number[];
  counts: number[];
  /** Optional vertical marker lines (e.g. mean, median). */
  markers?: Array<{ value: number; label: string }>;
}

/** One line. `x`, `y` (and `lower`/`upper` when given) have the same length; non-finite y values leave gaps. */
export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** An interval drawn as a shaded band around the line (forecast intervals, CV spread). */
  lower?: number[];
  upper?: number[];
  dashed?: boolean;
  /** A context line (one row among many): drawn thin and grey, left out of the legend. */
  muted?: boolean;
}

export interface LineSpec extends ChartBase {
  kind: 'line';
  series: LineSeries[];
  /** Dashed y = x reference (ROC chance line). */
  diagonal?: boolean;
  /** Show the legend; defaults to true when there is more than one series. */
  legend?: boolean;
}

export interface ScatterSpec extends ChartBase {
  kind: 'scatter';
  /**
   * Row-aligned coordinates (`x.length === y.length`); non-finite pairs are skipped. `group` (same length,
   * optional) colours points by category (segments, classes) and adds a legend.
   */
  points: { x: number[]; y: number[]; group?: Array<string | number> };
  /** Dashed y = x reference (predicted vs actual). */
  diagonal?: boolean;
  /** Dashed horizontal reference at this y (0 for residuals). */
  hline?: number;
  /**
   * Colours points on a continuous scale (row-aligned with x and y): `values` from 0 (low, blue) to 1 (high,
   * red); null draws a point grey (missing). A small key names the scale (`label`, with `low` / `high` words).
   */
  color?: { values: Array<number | null>; label: string; low?: string; high?: string };
}

/** A matrix of values: confusion matrices (sequential) and correlations (diverging around 0). */
export interface HeatmapSpec extends ChartBase {
  kind: 'heatmap';
  rows: string[];
  cols: string[];
  /** values[row][col]; null = no value. */
  values: Array<Array<number | null>>;
  scale?: 'sequential' | 'diverging';
  /** Colour domain; defaults to [min, max] (sequential) or [-max|v|, max|v|] (diverging). */
  domain?: [number, number];
  /** Print the value inside each cell (hidden automatically when cells are too small). */
  showValues?: boolean;
  valueFormat?: NumberFormat;
  /**
   * Optional per-cell colour weights (same shape as values) when colour should show something other than
   * the printed value, e.g. row-normalised rates in a confusion matrix that prints counts.
   */
  colorValues?: Array<Array<number | null>>;
  /** A colour key beside the matrix: what the colour means (e.g. "Correlation"), with ticks in `legendFormat`. */
  legend?: { label: string; format?: NumberFormat };
}

/**
 * How a value is built up from a starting value by signed steps (an explanation: the average prediction, each
 * column's push up or down, the prediction). Drawn as horizontal bars, one row per step, each starting where the
 * previous one ended; increases and decreases in two colours. `total.value` = `base.value` + the sum of the deltas.
 */
export interface WaterfallSpec extends ChartBase {
  kind: 'waterfall';
  base: { label: string; value: number; note?: string };
  steps: Array<{ label: string; delta: number; note?: string }>;
  total: { label: string; value: number; note?: string };
  /** How values and deltas are written (axis `x.format` sets the ticks). */
  valueFormat?: NumberFormat;
}

/**
 * One row of points per item (a summary of explanations: each point is one row of data, placed by its effect
 * along x, coloured by the item's value in that row from low to high). Points that would overlap spread
 * vertically. Rows are drawn in the given order, top first.
 */
export interface BeeswarmSpec extends ChartBase {
  kind: 'beeswarm';
  rows: Array<{ label: string; x: number[]; color: Array<number | null> }>;
  /** Words at the two ends of the colour key, e.g. "low" / "high", and what is coloured. */
  colorKey: { label: string; low: string; high: string };
}

export type ChartSpec = BarSpec | HistogramSpec | LineSpec | ScatterSpec | HeatmapSpec | WaterfallSpec | BeeswarmSpec;
export type ChartKind = ChartSpec['kind'];

export interface RenderOptions {
  /** Pixels; defaults 480 × 300. The SVG carries a viewBox, so it also scales with CSS. */
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  /** Leave the background unpainted (the host page paints it). Default false. */
  transparent?: boolean;
}
